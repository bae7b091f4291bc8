/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "trust.h"

int trust_check(const char *path, const struct stat *st, const char *what,
		struct sysg_error *err)
{
	uid_t me = geteuid();

	if (st->st_uid != 0 && st->st_uid != me)
		return sysg_error_set(err, -EPERM, "%s: refusing %s: it is owned by uid %u, not by %s", path,
				      what, (unsigned)st->st_uid,
				      me == 0 ? "root" : "root or sysg's own user");
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return sysg_error_set(err, -EPERM,
				      "%s: refusing %s: it is writable by %s (mode %04o); make it "
				      "writable by its owner only",
				      path, what, st->st_mode & S_IWOTH ? "others" : "its group",
				      (unsigned)(st->st_mode & 07777));
	return 0;
}

int trust_open(const char *path, bool strict, struct sysg_error *err)
{
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (strict ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (strict && errno == ELOOP)
			return sysg_error_set(err, -ELOOP,
					      "%s: refusing a symbolic link in system mode; name the "
					      "file itself",
					      path);
		return sysg_error_set(err, -errno, "%s: cannot open: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sysg_error_set(err, -EINVAL, "%s: not a regular file", path);
	}
	if (strict && (r = trust_check(path, &st, "it in system mode", err)) < 0) {
		close(fd);
		return r;
	}
	/* Back to blocking reads: O_NONBLOCK was only against a FIFO. */
	(void)fcntl(fd, F_SETFL, 0);
	return fd;
}
