/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

/* dst = a followed by b */
static int set(char *dst, size_t size, struct sysg_error *err, const char *a, const char *b)
{
	int n = snprintf(dst, size, "%s%s", a, b);

	if (n < 0 || (size_t)n >= size)
		return sysg_error_set(err, -ENAMETOOLONG, "path too long: %s%s", a, b);
	return 0;
}

int paths_init(struct paths *p, bool sys, struct sysg_error *err)
{
	const char *runtime = getenv("XDG_RUNTIME_DIR"), *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int r = 0;

	memset(p, 0, sizeof *p);
	p->sys = sys;
	if (sys) {
		snprintf(p->runtime, sizeof p->runtime, "/run/sysg");
		snprintf(p->state, sizeof p->state, "/var/lib/sysg");
		snprintf(p->logs, sizeof p->logs, "/var/log/sysg");
	} else {
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());

			home = pw ? pw->pw_dir : NULL;
		}
		/* Relative XDG paths are invalid by the spec: ignore them. */
		if (state && *state == '/')
			r = set(p->state, sizeof p->state, err, state, "/sysg");
		else if (home && *home == '/')
			r = set(p->state, sizeof p->state, err, home, "/.local/state/sysg");
		else
			return sysg_error_set(err, -ENOENT,
					      "no state directory: set XDG_STATE_HOME or HOME");
		if (r == 0 && runtime && *runtime == '/')
			r = set(p->runtime, sizeof p->runtime, err, runtime, "/sysg");
		else if (r == 0)
			r = set(p->runtime, sizeof p->runtime, err, p->state, "/run");
		if (r == 0)
			r = set(p->logs, sizeof p->logs, err, p->state, "/logs");
		if (r < 0)
			return r;
	}
	r = set(p->socket, sizeof p->socket, err, p->runtime, "/control.sock");
	if (r == 0)
		r = set(p->pidfile, sizeof p->pidfile, err, p->runtime, "/sysg.pid");
	return r;
}

int paths_mkdir(const char *dir, struct sysg_error *err)
{
	char buf[PATH_MAX];
	struct stat st;

	if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
		return sysg_error_set(err, -ENAMETOOLONG, "path too long: %s", dir);
	for (char *s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return sysg_error_set(err, -errno, "mkdir %s: %s", buf, strerror(errno));
		*s = '/';
	}
	if (mkdir(buf, 0700) < 0 && errno != EEXIST)
		return sysg_error_set(err, -errno, "mkdir %s: %s", buf, strerror(errno));
	if (lstat(buf, &st) < 0)
		return sysg_error_set(err, -errno, "%s: %s", buf, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sysg_error_set(err, -ENOTDIR, "%s: not a directory", buf);
	/* Ours alone: the socket and logs inside must not be reachable by
	 * others, whatever the socket's own mode says. */
	if (st.st_uid != geteuid())
		return sysg_error_set(err, -EPERM, "%s: owned by uid %u, not by sysg's uid %u", buf,
				      (unsigned)st.st_uid, (unsigned)geteuid());
	if ((st.st_mode & 07777) != 0700 && chmod(buf, 0700) < 0)
		return sysg_error_set(err, -errno, "chmod 0700 %s: %s", buf, strerror(errno));
	return 0;
}

int paths_create(const struct paths *p, struct sysg_error *err)
{
	int r = paths_mkdir(p->runtime, err);

	if (r == 0)
		r = paths_mkdir(p->state, err);
	if (r == 0)
		r = paths_mkdir(p->logs, err);
	return r;
}
