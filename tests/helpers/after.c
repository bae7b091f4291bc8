/* after SEEN_FILE PATTERN PROG [ARGS...]: write "yes" to SEEN_FILE if some
 * other process's command line contains PATTERN (from /proc), else "no",
 * then exec PROG. Lets a service show that what it depends on had already
 * exec'd when it started.
 *
 * sysg counts a dependency as started once its exec is past the point of no
 * return (its close-on-exec report pipe closed, or with vfork its borrowed
 * memory released); the kernel fills in the new command line a moment
 * later, and until then /proc shows it empty. A sibling (same parent, sysg)
 * with an empty command line is such an exec in progress: look again for a
 * little while. A sibling still running sysg's hooks shows sysg's own
 * command line, and gets no second look. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The parent of PID, from /proc/PID/stat; 0 if unknown. */
static int parent_of(const char *pid)
{
	char path[300], buf[512], *p;
	int ppid = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof buf, f) && (p = strrchr(buf, ')')) && sscanf(p + 2, "%*c %d", &ppid) != 1)
		ppid = 0;
	fclose(f);
	return ppid;
}

/* 1 if a process's command line holds PATTERN; 0 if none does; -1 if none
 * does but a sibling is in the middle of an exec. */
static int seen(const char *pattern)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int found = 0;

	while (d && (de = readdir(d)) && found != 1) {
		char path[300], buf[4096];
		ssize_t n;
		int fd;

		if (atoi(de->d_name) <= 0 || atoi(de->d_name) == getpid())
			continue;
		snprintf(path, sizeof path, "/proc/%s/cmdline", de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n == 0 && parent_of(de->d_name) == getppid())
			found = -1;
		if (n <= 0)
			continue;
		for (ssize_t i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[n] = '\0';
		if (strstr(buf, pattern))
			found = 1;
	}
	if (d)
		closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	FILE *f;

	if (argc < 4)
		return 2;
	f = fopen(argv[1], "w");
	if (!f)
		return 2;
	int r = seen(argv[2]);

	for (int tries = 0; r < 0 && tries < 100; tries++) {
		usleep(1000);
		r = seen(argv[2]);
	}
	fputs(r == 1 ? "yes\n" : "no\n", f);
	fclose(f);
	execvp(argv[3], argv + 3);
	return 127;
}
