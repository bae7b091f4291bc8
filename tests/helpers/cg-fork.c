/* cg-fork N FILE: fork up to N children that wait to be killed, then write
 * "forked K" and, if a fork failed, " then: ERROR" to FILE (atomically,
 * through a rename) and wait to be killed too. The pids_max tests read it
 * next to the cgroup's own pids.current. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[1], NULL, 10) : 0;
	char tmp[4096];
	long forked = 0;
	int error = 0;
	FILE *f;

	if (n <= 0) {
		fprintf(stderr, "usage: cg-fork N FILE\n");
		return 2;
	}
	for (; forked < n; forked++) {
		pid_t pid = fork();

		if (pid < 0) {
			error = errno;
			break;
		}
		if (pid == 0)
			for (;;)
				pause();
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
	f = fopen(tmp, "w");
	if (!f)
		return 1;
	fprintf(f, "forked %ld", forked);
	if (error)
		fprintf(f, " then: %s", strerror(error));
	fprintf(f, "\n");
	if (fclose(f) != 0 || rename(tmp, argv[2]) < 0)
		return 1;
	for (;;)
		pause();
}
