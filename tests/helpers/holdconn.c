/* holdconn PATH N SECONDS: open N connections to a unix socket and hold them,
 * sending nothing, for SECONDS; print how many connected and how many of
 * those the server answered at once (refused with an error line). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int n, seconds, connected = 0, refused = 0;
	int *fds;

	if (argc != 4)
		return 2;
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
	n = atoi(argv[2]);
	seconds = atoi(argv[3]);
	fds = calloc((size_t)n, sizeof *fds);
	for (int i = 0; i < n; i++) {
		fds[i] = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fds[i] >= 0 && connect(fds[i], (struct sockaddr *)&addr, sizeof addr) == 0)
			connected++;
	}
	usleep(500000);
	for (int i = 0; i < n; i++) {
		struct pollfd p = {.fd = fds[i], .events = POLLIN};
		char buf[256];

		if (fds[i] >= 0 && poll(&p, 1, 0) == 1 && read(fds[i], buf, sizeof buf) > 0 &&
		    !strncmp(buf, "error", 5))
			refused++;
	}
	printf("connected %d refused %d\n", connected, refused);
	fflush(stdout);
	sleep((unsigned)seconds);
	return 0;
}
