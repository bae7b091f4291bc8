/* tcpget PORT: connect to 127.0.0.1:PORT and print what it sends until it
 * closes. Exit 1 if the connection fails. */
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
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 2)
		return 2;
	addr.sin_port = htons((unsigned short)atoi(argv[1]));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		fprintf(stderr, "tcpget: connect 127.0.0.1:%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	return 0;
}
