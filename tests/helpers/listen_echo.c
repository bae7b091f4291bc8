/* listen_echo: a socket-activated test service. It accepts connections on
 * fd 3 (which must be a listening socket) and answers each with
 * "pid=<getpid> listen_pid=<LISTEN_PID> listen_fds=<LISTEN_FDS>\n". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int listening = 0;
	socklen_t len = sizeof listening;

	if (getsockopt(3, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) < 0 || !listening) {
		fprintf(stderr, "listen_echo: fd 3 is not a listening socket\n");
		return 1;
	}
	for (;;) {
		char msg[256];
		int c = accept(3, NULL, NULL), n;

		if (c < 0)
			return 1;
		n = snprintf(msg, sizeof msg, "pid=%d listen_pid=%s listen_fds=%s\n", (int)getpid(),
			     getenv("LISTEN_PID") ? getenv("LISTEN_PID") : "-",
			     getenv("LISTEN_FDS") ? getenv("LISTEN_FDS") : "-");
		(void)!write(c, msg, (size_t)n);
		close(c);
	}
}
