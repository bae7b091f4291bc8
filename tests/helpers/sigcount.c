/* sigcount SIGNO FILE: block signal SIGNO, wait for it, then count how many
 * more copies arrive within half a second and write the total to FILE.
 * With a real-time signal (queued, never merged) this shows how many times
 * the supervisor sent its stop signal. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec half = {0, 500 * 1000 * 1000}, zero = {0, 0};
	sigset_t set;
	unsigned count;
	FILE *f;
	int sig;

	if (argc != 3 || (sig = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: sigcount SIGNO FILE\n");
		return 2;
	}
	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return 1;
	printf("waiting for signal %d\n", sig);
	fflush(stdout);
	if (sigwaitinfo(&set, NULL) != sig)
		return 1;
	count = 1;
	nanosleep(&half, NULL);
	while (sigtimedwait(&set, NULL, &zero) == sig)
		count++;
	f = fopen(argv[2], "w");
	if (!f || fprintf(f, "%u\n", count) < 0 || fclose(f) != 0)
		return 1;
	return 0;
}
