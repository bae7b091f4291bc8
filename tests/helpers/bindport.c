/* bindport [--stay] [PORT]: bind TCP 127.0.0.1:PORT (default 80, so that it
 * can stand in for the seed's ./server), listen, say so on stdout and wait
 * to be stopped. If bind fails, say why (with the errno name the tests look
 * for) and exit 1, or with --stay wait anyway, so that a test can read the
 * process's state from /proc. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in addr = {.sin_family = AF_INET};
	int stay = 0, port = 80, fd, one = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--stay"))
			stay = 1;
		else
			port = atoi(argv[i]);
	}
	addr.sin_port = htons((unsigned short)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		dprintf(1, "bindport: socket: %s\n", strerror(errno));
		return 1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0) {
		int e = errno;

		dprintf(1, "bindport: pid %d uid %d: bind 127.0.0.1:%d: %s (%s)\n", (int)getpid(),
			(int)getuid(), port, strerror(e),
			e == EACCES ? "EACCES" : e == EADDRINUSE ? "EADDRINUSE" : "other");
		if (!stay)
			return 1;
	} else {
		dprintf(1, "bindport: pid %d uid %d: listening on 127.0.0.1:%d\n", (int)getpid(),
			(int)getuid(), port);
	}
	for (;;)
		pause();
}
