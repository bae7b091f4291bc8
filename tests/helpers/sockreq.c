/* sockreq PATH [BYTES]: connect to a unix stream socket, send stdin (or
 * BYTES bytes of garbage without a newline), then print whatever comes back.
 * Exit 0 when an answer came, 1 when none did, 2 on a connect error. A test
 * client that, unlike sysg's own, can send anything. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char buf[65536];
	size_t got = 0;
	ssize_t n;
	int fd;

	if (argc < 2)
		return 2;
	/* The server may answer and close before taking all we send: read
	 * its answer rather than die of the write. */
	signal(SIGPIPE, SIG_IGN);
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		fprintf(stderr, "sockreq: connect %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (argc > 2) {
		long long left = atoll(argv[2]);

		memset(buf, 'x', sizeof buf);
		while (left > 0) {
			n = write(fd, buf, left < (long long)sizeof buf ? (size_t)left : sizeof buf);
			if (n <= 0)
				break; /* the server may stop reading: then read its answer */
			left -= n;
		}
	} else {
		while ((n = read(0, buf, sizeof buf)) > 0)
			if (write(fd, buf, (size_t)n) != n)
				break;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		got += (size_t)n;
	}
	return got ? 0 : 1;
}
