/* The benchmark's stopwatch. It reads the truth from /proc, never from a
 * supervisor: a service counts as up once a process whose argv[1] carries the
 * run's unique prefix exists (after exec, since the argument is only in the
 * command line of the exec'd sleep).
 *
 *   probe bringup N PREFIX -- CMD...   start CMD, time until N such processes
 *                                      exist; prints "MS PID" (PID of CMD)
 *   probe restart ARG                  SIGKILL the process with argv[1] == ARG,
 *                                      time until a new one exists; prints MS
 *   probe command ARG -- CMD...        run CMD to its end, time until a process
 *                                      with argv[1] == ARG that was not there
 *                                      before exists; prints MS
 *   probe time -- CMD...               run CMD to its end; prints MS
 *   probe pss ROOT PREFIX              PSS of ROOT and its descendants that are
 *                                      not services (argv[1] starts with PREFIX)
 *                                      nor below one; prints "BYTES PROCS"
 *
 * Only processes born after the start are examined for a match (a snapshot
 * of the pids that existed is taken first), so a scan costs a readdir of
 * /proc plus a read per new process. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PID (1 << 22)
#define TIMEOUT_NS (300ULL * 1000000000ULL)

static unsigned char *seen;    /* per pid: 1 existed before, 2 matched */
static unsigned long long t0;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "probe: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* argv[1] of a process, or "" (kernel threads, processes already gone). */
static const char *arg1(int pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return "";
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return "";
	buf[n] = 0;
	size_t l = strlen(buf);
	if ((ssize_t)l + 1 >= n)
		return "";
	return buf + l + 1;
}

static void snapshot(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		die("/proc");
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);
		if (pid > 0 && pid < MAX_PID)
			seen[pid] = 1;
	}
	closedir(d);
}

/* One pass over the processes born since the snapshot: how many new ones
 * match (prefix match, or exact when exact is set); *last the last found. */
static int scan(const char *want, bool exact, int *last)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char buf[512];
	size_t wl = strlen(want);
	int found = 0;

	if (!d)
		die("/proc");
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);
		if (pid <= 0 || pid >= MAX_PID || seen[pid] == 1)
			continue;
		if (seen[pid] == 2) {
			found++;
			continue;
		}
		const char *a = arg1(pid, buf, sizeof buf);
		if (exact ? strcmp(a, want) == 0 : strncmp(a, want, wl) == 0) {
			seen[pid] = 2;
			found++;
			*last = pid;
		}
	}
	closedir(d);
	return found;
}

static pid_t spawn(char **argv)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* Our stdout carries the measurement alone (and a long-lived
		 * supervisor must not hold the reader's pipe open). */
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execvp(argv[0], argv);
		fprintf(stderr, "probe: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static void print_ms(unsigned long long ns)
{
	printf("%.3f", (double)ns / 1e6);
}

static void wait_for(const char *want, bool exact, int n)
{
	int last = 0;

	/* A short nap between passes: a busy scan would take a core from the
	 * supervisor being measured (the machine has two). */
	struct timespec nap = {0, 200000};

	while (scan(want, exact, &last) < n) {
		nanosleep(&nap, NULL);
		if (now_ns() - t0 > TIMEOUT_NS) {
			fprintf(stderr, "probe: timed out waiting for %d processes '%s'\n", n, want);
			exit(1);
		}
	}
}

static int find_exact(const char *want)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char buf[512];
	int found = 0;

	if (!d)
		die("/proc");
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);
		if (pid > 0 && strcmp(arg1(pid, buf, sizeof buf), want) == 0)
			found = pid;
	}
	closedir(d);
	return found;
}

/* --- pss ------------------------------------------------------------------ */

static int ppid_of(int pid)
{
	char path[64], buf[512];
	ssize_t n;
	int fd, ppid = 0;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (p && sscanf(p + 2, "%*c %d", &ppid) != 1)
		ppid = 0;
	return ppid;
}

static unsigned long long pss_of(int pid)
{
	char path[64], line[256];
	unsigned long long kb = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/smaps_rollup", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Pss: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static int cmd_pss(int root, const char *prefix)
{
	static int parent[MAX_PID];
	static signed char state[MAX_PID]; /* 0 unknown, 1 counted, -1 excluded */
	DIR *d = opendir("/proc");
	struct dirent *e;
	char buf[512];
	unsigned long long total = 0;
	int procs = 0, pids[65536], np = 0;

	if (!d)
		die("/proc");
	while ((e = readdir(d)) && np < 65536) {
		int pid = atoi(e->d_name);
		if (pid <= 0 || pid >= MAX_PID)
			continue;
		parent[pid] = ppid_of(pid);
		pids[np++] = pid;
	}
	closedir(d);
	for (int i = 0; i < np; i++) {
		/* Walk up to ROOT; a service on the way excludes the process. */
		int p = pids[i];
		bool under = false, service = false;
		for (int hops = 0; p > 0 && hops < 64; hops++) {
			if (strncmp(arg1(p, buf, sizeof buf), prefix, strlen(prefix)) == 0)
				service = true;
			if (p == root) {
				under = true;
				break;
			}
			p = parent[p];
		}
		state[pids[i]] = under && !service ? 1 : -1;
		if (state[pids[i]] == 1) {
			total += pss_of(pids[i]);
			procs++;
		}
	}
	printf("%llu %d\n", total, procs);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: see bench/probe.c\n");
		return 2;
	}
	seen = calloc(MAX_PID, 1);
	if (!seen)
		die("calloc");
	signal(SIGCHLD, SIG_DFL);
	if (strcmp(argv[1], "bringup") == 0 && argc > 5 && strcmp(argv[4], "--") == 0) {
		int n = atoi(argv[2]);
		snapshot();
		t0 = now_ns();
		pid_t pid = spawn(argv + 5);
		wait_for(argv[3], false, n);
		print_ms(now_ns() - t0);
		printf(" %d\n", (int)pid);
		return 0;
	}
	if (strcmp(argv[1], "restart") == 0) {
		int old = find_exact(argv[2]);
		if (!old) {
			fprintf(stderr, "probe: no process with argument %s\n", argv[2]);
			return 1;
		}
		snapshot();
		t0 = now_ns();
		if (kill(old, SIGKILL) < 0)
			die("kill");
		seen[old] = 1; /* the same pid again would not be a new process */
		wait_for(argv[2], true, 1);
		print_ms(now_ns() - t0);
		printf("\n");
		return 0;
	}
	if (strcmp(argv[1], "command") == 0 && argc > 4 && strcmp(argv[3], "--") == 0) {
		int st;
		snapshot();
		t0 = now_ns();
		pid_t pid = spawn(argv + 4);
		if (waitpid(pid, &st, 0) < 0)
			die("waitpid");
		wait_for(argv[2], true, 1);
		print_ms(now_ns() - t0);
		printf("\n");
		return 0;
	}
	if (strcmp(argv[1], "time") == 0 && strcmp(argv[2], "--") == 0 && argc > 3) {
		int st;
		t0 = now_ns();
		pid_t pid = spawn(argv + 3);
		if (waitpid(pid, &st, 0) < 0)
			die("waitpid");
		print_ms(now_ns() - t0);
		printf("\n");
		return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
	}
	if (strcmp(argv[1], "pss") == 0 && argc == 4)
		return cmd_pss(atoi(argv[2]), argv[3]);
	fprintf(stderr, "probe: bad usage\n");
	return 2;
}
