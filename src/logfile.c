/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "logfile.h"

int logfile_path(const char *dir, const char *name, const char *stream, unsigned generation,
		 char *buf, size_t size)
{
	int n = generation ? snprintf(buf, size, "%s/%s.%s.log.%u", dir, name, stream, generation)
			   : snprintf(buf, size, "%s/%s.%s.log", dir, name, stream);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static void reopen(struct logfile *lf)
{
	char path[4096];
	struct stat st;

	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
	if (logfile_path(lf->dir, lf->name, lf->stream, 0, path, sizeof path) < 0)
		return;
	/* O_NOFOLLOW: the log directory is sysg's own (0700), but never write
	 * through a link planted in it. */
	lf->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	lf->size = lf->fd >= 0 && fstat(lf->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
}

void logfile_open(struct logfile *lf, const char *dir, const char *name, const char *stream,
		  uint64_t max_bytes, unsigned max_files)
{
	*lf = (struct logfile){.fd = -1, .dir = dir, .name = name, .stream = stream,
			       .max_bytes = max_bytes, .max_files = max_files ? max_files : 1};
	reopen(lf);
}

/* Put a fresh empty file in place of the current one in one rename, so a
 * reader (`sysg logs -f`) never finds the name missing: it sees the new file
 * arrive (IN_MOVED_TO) and reopens. */
static void replace_current(struct logfile *lf)
{
	char path[4096], fresh[4096];
	int fd;

	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
	lf->size = 0;
	if (logfile_path(lf->dir, lf->name, lf->stream, 0, path, sizeof path) < 0 ||
	    snprintf(fresh, sizeof fresh, "%s.new", path) >= (int)sizeof fresh)
		return;
	fd = open(fresh, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return;
	if (rename(fresh, path) < 0) {
		int error = errno;

		close(fd);
		(void)unlink(fresh);
		errno = error;
		return;
	}
	lf->fd = fd;
}

/* NAME.log.(k) -> NAME.log.(k+1), oldest dropped, current -> .1 (as a
 * second link, so the current name stays until its replacement lands). */
static void rotate(struct logfile *lf)
{
	char from[4096], to[4096];

	if (lf->max_files <= 1) {
		replace_current(lf);
		return;
	}
	for (unsigned g = lf->max_files - 1; g > 1; g--) {
		if (logfile_path(lf->dir, lf->name, lf->stream, g - 1, from, sizeof from) < 0 ||
		    logfile_path(lf->dir, lf->name, lf->stream, g, to, sizeof to) < 0)
			return;
		(void)rename(from, to);
	}
	if (logfile_path(lf->dir, lf->name, lf->stream, 0, from, sizeof from) < 0 ||
	    logfile_path(lf->dir, lf->name, lf->stream, 1, to, sizeof to) < 0)
		return;
	/* With max_files 2, .1 was not moved on: it is the one dropped. */
	(void)unlink(to);
	if (link(from, to) < 0) {
		/* A file system without hard links: rename, and readers may
		 * see the name missing for a moment. */
		(void)rename(from, to);
	}
	replace_current(lf);
}

/* The first failure since logging last worked: say so once, with why. */
static void write_failed(struct logfile *lf, int error)
{
	char path[4096];

	lf->dropped++;
	lf->dropped_since++;
	if (lf->failing)
		return;
	lf->failing = true;
	if (logfile_path(lf->dir, lf->name, lf->stream, 0, path, sizeof path) < 0)
		snprintf(path, sizeof path, "%s/%s.%s.log", lf->dir, lf->name, lf->stream);
	log_warn("%s: cannot write its %s log %s: %s; its lines are dropped until writing works "
		 "again (the service keeps running)",
		 lf->name, lf->stream, path, strerror(error));
}

static void write_resumed(struct logfile *lf)
{
	if (!lf->failing)
		return;
	lf->failing = false;
	log_warn("%s: writing its %s log again; %llu lines were dropped", lf->name, lf->stream,
		 (unsigned long long)lf->dropped_since);
	lf->dropped_since = 0;
}

void logfile_write(struct logfile *lf, const char *line, size_t len)
{
	char stamp[64];
	struct timespec ts;
	struct tm tm;
	size_t n, want;
	ssize_t w;

	if (lf->fd < 0) {
		/* A write failed before, or the open did: try again now. */
		reopen(lf);
		if (lf->fd < 0) {
			write_failed(lf, errno);
			return;
		}
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(stamp + n, sizeof stamp - n, ".%03ld", ts.tv_nsec / 1000000);
	n += strftime(stamp + n, sizeof stamp - n, "%z ", &tm);
	if (lf->size && lf->size + n + len + 1 > lf->max_bytes) {
		rotate(lf);
		lf->cut_line = false;
	}
	if (lf->fd < 0) {
		write_failed(lf, errno);
		return;
	}
	/* After a line cut short by a full disk, start on a line of its own. */
	struct iovec iov[4] = {{(void *)"\n", lf->cut_line ? 1 : 0},
			       {stamp, n},
			       {(void *)line, len},
			       {(void *)"\n", 1}};
	want = iov[0].iov_len + n + len + 1;
	w = writev(lf->fd, iov, 4);
	if (w >= 0)
		lf->size += (uint64_t)w;
	if (w < 0 || (size_t)w < want) {
		/* ENOSPC and friends: drop the line, keep the service running,
		 * and reopen on the next line so logging resumes by itself. */
		int error = w < 0 ? errno : ENOSPC;

		if (w > 0)
			lf->cut_line = true;
		write_failed(lf, error);
		close(lf->fd);
		lf->fd = -1;
		return;
	}
	lf->cut_line = false;
	write_resumed(lf);
}

void logfile_close(struct logfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
}
