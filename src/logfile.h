/* SPDX-License-Identifier: MIT */
/* A service's log file: one per stream (stdout, stderr), each line stamped
 * with the time, rotated by size. */
#ifndef SYSG_LOGFILE_H
#define SYSG_LOGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_DEFAULT_MAX_BYTES (10u << 20)
#define LOG_DEFAULT_MAX_FILES 5u

struct logfile {
	int fd;              /* -1 when closed or failed */
	const char *dir;     /* outlive the logfile */
	const char *name;
	const char *stream;  /* "stdout" or "stderr" */
	uint64_t size;
	uint64_t max_bytes;
	unsigned max_files;  /* files kept in all, the current one included */
	uint64_t dropped;    /* lines lost to write errors (a full disk) */
	bool failing;        /* warned about a write error, not yet resumed */
	bool cut_line;       /* the file ends in a partly written line */
	uint64_t dropped_since; /* lines lost since writing last failed */
};

/* DIR/NAME.STREAM.log */
int logfile_path(const char *dir, const char *name, const char *stream, unsigned generation,
		 char *buf, size_t size);
/* Open (append) or create mode 0600. Errors leave fd -1: a service runs on
 * without its log rather than not at all, and a later line retries. */
void logfile_open(struct logfile *lf, const char *dir, const char *name, const char *stream,
		  uint64_t max_bytes, unsigned max_files);
/* Write "TIMESTAMP LINE\n", rotating first when the file would grow past
 * max_bytes. A write that fails (a full disk) drops the line and never
 * blocks or retries in a loop: the first failure is logged once, each later
 * line tries again, and the first line written again says how many were
 * lost. */
void logfile_write(struct logfile *lf, const char *line, size_t len);
void logfile_close(struct logfile *lf);

#endif
