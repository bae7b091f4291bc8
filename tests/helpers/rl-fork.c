/* rl-fork N: keep forking children that wait, until N processes (this one
 * included) run or fork fails; say which on stdout, then wait to be
 * stopped. The children die with this process. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 10, running = 1;

	while (running < want) {
		pid_t pid = fork();

		if (pid < 0) {
			int e = errno;

			dprintf(1, "rl-fork: %d processes; fork of process %d: %s (%s)\n", running,
				running + 1, strerror(e), e == EAGAIN ? "EAGAIN" : "other");
			break;
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(0);
			for (;;)
				pause();
		}
		running++;
	}
	if (running == want)
		dprintf(1, "rl-fork: %d processes; no fork failed\n", running);
	for (;;)
		pause();
}
