/* rl-open N: open /dev/null until descriptor N-1 is open or open fails; say
 * which on stdout, then wait to be stopped. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int want = argc > 1 ? atoi(argv[1]) : 100, highest = 2;

	while (highest < want - 1) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0) {
			int e = errno;

			dprintf(1, "rl-open: descriptors up to %d open; opening descriptor %d: %s (%s)\n",
				highest, highest + 1, strerror(e), e == EMFILE ? "EMFILE" : "other");
			break;
		}
		highest = fd;
	}
	if (highest >= want - 1)
		dprintf(1, "rl-open: descriptors up to %d open; no open failed\n", highest);
	for (;;)
		pause();
}
