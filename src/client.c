/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "client.h"

#define REPLY_MAX (64u << 20)

int client_request(const struct paths *p, const char *request, struct strbuf *reply,
		   struct sysg_error *err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char buf[65536];
	size_t len = strlen(request);
	ssize_t n;
	int fd, r;

	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", p->socket);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return sysg_error_set(err, -errno, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		r = -errno;
		close(fd);
		if (r == -ENOENT || r == -ECONNREFUSED)
			return sysg_error_set(err, r, "no supervisor is running in %s mode (no one "
						      "answers at %s)",
					      p->sys ? "system" : "user", p->socket);
		return sysg_error_set(err, r, "connect %s: %s", p->socket, strerror(-r));
	}
	/* One write: the supervisor reads the whole line at once. */
	if (writev(fd, (struct iovec[]){{(void *)request, len}, {"\n", 1}}, 2) != (ssize_t)len + 1) {
		r = -errno;
		close(fd);
		return sysg_error_set(err, r, "sending to %s: %s", p->socket, strerror(-r));
	}
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			close(fd);
			return sysg_error_set(err, r, "reading from %s: %s", p->socket, strerror(-r));
		}
		strbuf_add(reply, buf, (size_t)n);
		if (reply->len > REPLY_MAX)
			break;
	}
	close(fd);
	if (!reply->len)
		return sysg_error_set(err, -EPROTO, "the supervisor closed the connection without "
						    "answering");
	return 0;
}

bool client_reply_ok(const struct strbuf *reply, const char **header_rest, const char **body)
{
	const char *nl = strchr(reply->s, '\n');
	bool ok = !strncmp(reply->s, "ok", 2);

	*header_rest = reply->s + (ok ? 2 : 5);
	if (**header_rest == ' ')
		(*header_rest)++;
	*body = nl ? nl + 1 : reply->s + reply->len;
	return ok;
}
