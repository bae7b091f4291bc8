/* after SEEN_FILE PATTERN PROG [ARGS...]: write "yes" to SEEN_FILE if some
 * other process's command line contains PATTERN (from /proc), else "no",
 * then exec PROG. Lets a service show that what it depends on had already
 * exec'd when it started. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int seen(const char *pattern)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int found = 0;

	while (d && (de = readdir(d)) && !found) {
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
		if (n <= 0)
			continue;
		for (ssize_t i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[n] = '\0';
		found = strstr(buf, pattern) != NULL;
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
	fputs(seen(argv[2]) ? "yes\n" : "no\n", f);
	fclose(f);
	execvp(argv[3], argv + 3);
	return 127;
}
