/* SPDX-License-Identifier: MIT */
/*
 * isolation.user, parent side: write the child's uid_map and gid_map right
 * after clone(), while the child waits for them (namespaces.c).
 *
 * setgroups: the kernel lets a writer without CAP_SETGID (an unprivileged
 * sysg) write a gid_map only after /proc/PID/setgroups says "deny". A sysg
 * with CAP_SETGID leaves setgroups allowed instead, because the core's
 * credentials step (500) must be able to set the service's supplementary
 * groups (the list, or none): with setgroups denied the service would keep
 * sysg's own groups (root's) for good. The gid_map then holds only the
 * service's gid and its supplementary groups, so setgroups inside cannot
 * reach any other group.
 */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "isolation.h"

int iso_map_format(const struct iso_map *map, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < map->n; i++) {
		const struct iso_extent *e = &map->ext[i];
		int n = snprintf(buf + len, size - len, "%u %u %u\n", (unsigned)e->inside,
				 (unsigned)e->outside, (unsigned)e->count);

		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return (int)len;
}

/* One write: the kernel takes a map only whole, in a single write(2). */
static int write_file(pid_t pid, const char *name, const char *text, size_t len)
{
	char path[64];
	ssize_t n;
	int fd, r = 0;

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	close(fd);
	return r;
}

static int write_map(pid_t pid, const char *file, const char *key, const struct iso_map *map,
		     struct sysg_error *err)
{
	/* 340 lines of three ids at most. */
	char text[ISO_MAX_EXTENTS * 33 + 1];
	int len = iso_map_format(map, text, sizeof text), r;

	if (len < 0)
		return sysg_error_set(err, len, "isolation.user: %s too long", file);
	r = write_file(pid, file, text, (size_t)len);
	if (r < 0) {
		/* "0 0 1\n" -> "0 0 1" for the message. */
		for (char *p = text; *p; p++)
			if (*p == '\n')
				*p = p[1] ? ';' : '\0';
		return sysg_error_set(err, r,
				      "isolation.user: writing '%s' to /proc/%d/%s (%s): %s%s", text,
				      (int)pid, file, key, strerror(-r),
				      r == -EPERM ? " (a sysg without CAP_SETUID and CAP_SETGID may map "
						    "only its own uid and gid, count 1)"
						  : "");
	}
	return 0;
}

int iso_write_maps(const struct iso_state *st, const struct iso_service *s, pid_t pid,
		   struct sysg_error *err)
{
	int r;

	r = write_map(pid, "uid_map", "isolation.user_map", &s->uid_map, err);
	if (r < 0)
		return r;
	if (!st->cap_setgid) {
		r = write_file(pid, "setgroups", "deny", 4);
		if (r < 0)
			return sysg_error_set(err, r,
					      "isolation.user: writing 'deny' to /proc/%d/setgroups: "
					      "%s",
					      (int)pid, strerror(-r));
	}
	return write_map(pid, "gid_map", "isolation.group_map", &s->gid_map, err);
}
