/* iso-orphan DIR: leave an orphan behind, then wait to be stopped. A child
 * forks a grandchild and exits at once; the grandchild waits until it has
 * been adopted (its parent is then the PID namespace's init, PID 1),
 * writes DIR/adopted (atomically, through a rename) and exits, so that only
 * the init can reap it. The service itself reaps its child, writes
 * DIR/service with its own pid as it sees it, and pauses. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void put(const char *dir, const char *name, long value)
{
	char tmp[4096], path[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s/.%s", dir, name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%ld\n", value) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	pid_t child;

	if (argc != 2) {
		fprintf(stderr, "usage: iso-orphan DIR\n");
		return 2;
	}
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		pid_t grandchild = fork();

		if (grandchild < 0)
			_exit(1);
		if (grandchild > 0)
			_exit(0);
		while (getppid() != 1)
			usleep(1000);
		put(argv[1], "adopted", (long)getpid());
		_exit(0);
	}
	waitpid(child, NULL, 0);
	put(argv[1], "service", (long)getpid());
	for (;;)
		pause();
}
