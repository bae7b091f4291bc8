/* SPDX-License-Identifier: MIT */
/* sysg logs SERVICE [-n N] [-f] [--stderr]: read the service's log file
 * directly (no supervisor needed), and follow it across rotations. */
#include "build-config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "logfile.h"
#include "node.h"
#include "paths.h"
#include "service.h"

/* Copy from fd's position: limit bytes, or (limit < 0) to the end. */
static void copy_out(int fd, off_t limit)
{
	char buf[65536];
	ssize_t n;

	while (limit != 0 &&
	       (n = read(fd, buf, limit > 0 && limit < (off_t)sizeof buf ? (size_t)limit : sizeof buf)) > 0) {
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			break;
		if (limit > 0)
			limit -= n;
	}
	fflush(stdout);
}

/* Position fd at the start of the last n lines before end. */
static void seek_last_lines(int fd, long long n, off_t end)
{
	char buf[65536];
	off_t pos = end;
	long long seen = 0;

	if (n == 0) {
		lseek(fd, end, SEEK_SET);
		return;
	}

	while (pos > 0) {
		size_t chunk = pos > (off_t)sizeof buf ? sizeof buf : (size_t)pos;
		ssize_t got;

		pos -= (off_t)chunk;
		got = pread(fd, buf, chunk, pos);
		if (got <= 0)
			break;
		for (ssize_t i = got - 1; i >= 0; i--) {
			/* The file's final newline ends the last line; it does not
			 * start one. */
			if (buf[i] != '\n' || pos + i == end - 1)
				continue;
			if (++seen == n) {
				lseek(fd, pos + i + 1, SEEK_SET);
				return;
			}
		}
	}
	lseek(fd, 0, SEEK_SET);
}

static int follow(const char *dir, const char *path, int fd)
{
	char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const char *base = strrchr(path, '/') + 1;
	int in = inotify_init1(IN_CLOEXEC);

	if (in < 0 || inotify_add_watch(in, dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0) {
		fprintf(stderr, "sysg: logs: inotify on %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n = read(in, events, sizeof events);
		bool reopen = false;

		if (n <= 0)
			return 1;
		for (char *p = events; p < events + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;

			/* A new file under the name: sysg rotated the log. */
			if (ev->len && !strcmp(ev->name, base) && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
				reopen = true;
			p += sizeof *ev + ev->len;
		}
		copy_out(fd, -1);
		if (reopen) {
			int nfd = open(path, O_RDONLY | O_CLOEXEC);

			if (nfd >= 0) {
				close(fd);
				fd = nfd;
				copy_out(fd, -1);
			}
		}
	}
}

int cmd_logs(const struct cli *cli)
{
	const char *svc = NULL, *stream = "stdout";
	long long lines = -1;
	off_t end;
	bool follow_it = false;
	struct sysg_error err;
	char path[PATH_MAX];
	struct paths p;
	int fd;

	if (cli->opts.drop_privileges)
		fprintf(stderr, "sysg: logs is read-only and never changes privileges: "
				"--drop-privileges has no effect\n");
	for (int i = 0; i < cli->n_args; i++) {
		const char *a = cli->args[i];

		if (!strcmp(a, "-f") || !strcmp(a, "--follow")) {
			follow_it = true;
		} else if (!strcmp(a, "--stderr")) {
			stream = "stderr";
		} else if (!strcmp(a, "-n") || !strncmp(a, "--lines=", 8)) {
			const char *v = a[1] == 'n' ? (++i < cli->n_args ? cli->args[i] : "") : a + 8;

			if (parse_int(v, &lines) < 0 || lines < 0) {
				fprintf(stderr, "sysg: logs: -n takes a number of lines, not '%s'\n", v);
				return 2;
			}
		} else if (a[0] == '-') {
			fprintf(stderr, "sysg: logs: unknown option '%s'\n", a);
			return 2;
		} else if (svc) {
			fprintf(stderr, "sysg: logs takes one service, got '%s' too\n", a);
			return 2;
		} else {
			svc = a;
		}
	}
	if (!svc) {
		fprintf(stderr, "sysg: logs needs a service name\n");
		return 2;
	}
	/* The name becomes a file name: never let it reach outside. */
	if (!service_name_valid(svc)) {
		fprintf(stderr, "sysg: logs: '%s' is not a valid service name\n", svc);
		return 2;
	}
	if (paths_init(&p, cli->sys, &err) < 0 ||
	    logfile_path(p.logs, svc, stream, 0, path, sizeof path) < 0) {
		fprintf(stderr, "sysg: logs: %s\n", err.message);
		return 1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		fprintf(stderr, "sysg: logs: no %s log for '%s' (%s: %s)\n", stream, svc, path,
			strerror(errno));
		return 1;
	}
	/* What the file holds now: the service may be writing while we read,
	 * and -n N prints N lines, not what was added meanwhile (-f follows
	 * those). */
	end = lseek(fd, 0, SEEK_END);
	if (lines >= 0 && end > 0)
		seek_last_lines(fd, lines, end);
	else
		lseek(fd, 0, SEEK_SET);
	copy_out(fd, follow_it || end < 0 ? -1 : end - lseek(fd, 0, SEEK_CUR));
	if (follow_it)
		return follow(p.logs, path, fd);
	close(fd);
	return 0;
}
