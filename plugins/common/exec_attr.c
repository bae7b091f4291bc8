/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "exec_attr.h"

int exec_attr_write(const char *path, const char *label, size_t length, struct sysg_error *err)
{
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return sysg_error_set(err, -errno, "open %s", path);
	/* The kernel takes the label from a single write: no partial retries. */
	n = write(fd, label, length);
	if (n != (ssize_t)length) {
		int e = n < 0 ? errno : EIO;

		close(fd);
		return sysg_error_set(err, -e, "write '%s' to %s", label, path);
	}
	if (close(fd) < 0)
		return sysg_error_set(err, -errno, "write '%s' to %s (close)", label, path);
	return 0;
}
