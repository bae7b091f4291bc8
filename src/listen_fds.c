/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listen_fds.h"
#include "node.h"

static int count;
static char names[4096];

void listen_fds_take(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	const char *fdnames = getenv("LISTEN_FDNAMES");
	long long p, n;

	if (pid && fds && parse_int(pid, &p) == 0 && p == getpid() && parse_int(fds, &n) == 0 &&
	    n > 0 && n < 1024) {
		for (int fd = LISTEN_FDS_START; fd < LISTEN_FDS_START + n; fd++)
			if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
				n = fd - LISTEN_FDS_START; /* keep only those that exist */
		count = (int)n;
		snprintf(names, sizeof names, "%s", fdnames ? fdnames : "");
	}
	/* Meant for sysg alone, whatever they say: a service must not take
	 * them for its own. */
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
}

int listen_fds_count(void)
{
	return count;
}

const char *listen_fds_names(void)
{
	return names;
}

int listen_fds_pass(int n, char *pid_env)
{
	char digits[16];
	int len = 0;
	pid_t pid = getpid();

	/* The sockets are already at 3.., where sysg kept them. dup2(fd, fd)
	 * would leave close-on-exec set: clear the flag itself. */
	for (int fd = LISTEN_FDS_START; fd < LISTEN_FDS_START + n; fd++)
		if (fcntl(fd, F_SETFD, 0) < 0)
			return -errno;
	/* No printf here: between fork and exec, digits by hand. */
	do
		digits[len++] = (char)('0' + pid % 10);
	while ((pid /= 10) && len < (int)sizeof digits);
	pid_env += strlen("LISTEN_PID=");
	while (len)
		*pid_env++ = digits[--len];
	*pid_env = '\0';
	return 0;
}
