/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "daemon.h"
#include "strbuf.h"

int daemon_lock(const struct paths *p, int *ret_fd, struct sysg_error *err)
{
	char buf[32] = "";
	int fd = open(p->pidfile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return sysg_error_set(err, -errno, "%s: %s", p->pidfile, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int r = errno == EWOULDBLOCK ? -EBUSY : -errno;

		(void)!pread(fd, buf, sizeof buf - 1, 0);
		buf[strcspn(buf, "\n")] = '\0';
		close(fd);
		if (r == -EBUSY)
			return sysg_error_set(err, r,
					      "a supervisor is already running in %s mode (pid %s, "
					      "socket %s); use sysg stop, or sysg status",
					      p->sys ? "system" : "user", *buf ? buf : "?", p->socket);
		return sysg_error_set(err, r, "%s: flock: %s", p->pidfile, strerror(-r));
	}
	*ret_fd = fd;
	return 0;
}

int daemon_write_pid(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%d\n", (int)getpid());

	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -errno;
	return 0;
}

/* The parent's side: wait for the child's report and turn it into an exit. */
static void __attribute__((noreturn)) wait_for_child(int fd, const char *log_path)
{
	struct strbuf msg = {0};
	char buf[4096];
	ssize_t n;
	char *last;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		strbuf_add(&msg, buf, (size_t)n);
	}
	if (!msg.len) {
		fprintf(stderr, "sysg: the supervisor exited while starting; see %s\n", log_path);
		exit(1);
	}
	/* Lines of "service: why", then "ok" or "failed". */
	msg.s[msg.len - 1] = '\0';
	last = strrchr(msg.s, '\n');
	if (last) {
		*last = '\0';
		for (char *line = strtok(msg.s, "\n"); line; line = strtok(NULL, "\n"))
			fprintf(stderr, "sysg: %s\n", line);
	}
	exit(strcmp(last ? last + 1 : msg.s, "ok") == 0 ? 0 : 1);
}

int daemon_detach(const char *log_path, int *ret_notify_fd, struct sysg_error *err)
{
	int notify[2], logfd, nullfd;
	pid_t pid;

	logfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (logfd < 0)
		return sysg_error_set(err, -errno, "%s: %s", log_path, strerror(errno));
	nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (nullfd < 0 || pipe2(notify, O_CLOEXEC) < 0) {
		close(logfd);
		return sysg_error_set(err, -errno, "daemonize: %s", strerror(errno));
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return sysg_error_set(err, -errno, "fork: %s", strerror(errno));
	if (pid > 0) {
		close(notify[1]);
		wait_for_child(notify[0], log_path);
	}
	close(notify[0]);
	/* Its own session: no terminal, no signals from the shell's job. */
	setsid();
	if (dup2(nullfd, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0)
		return sysg_error_set(err, -errno, "dup2: %s", strerror(errno));
	close(nullfd);
	close(logfd);
	/* Hold no directory busy; every path sysg keeps is absolute. */
	if (chdir("/") < 0)
		return sysg_error_set(err, -errno, "chdir /: %s", strerror(errno));
	*ret_notify_fd = notify[1];
	return 0;
}
