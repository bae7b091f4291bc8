/* SPDX-License-Identifier: MIT */
/* Service output: each line to the service's log file and, in the
 * foreground, to sysg's own stdout or stderr prefixed "name | ". */
#ifndef SYSG_OUTPUT_H
#define SYSG_OUTPUT_H

#include <stddef.h>

/* Longer lines are written out in pieces of this size. */
#define OUTPUT_LINE_MAX 1024

struct logfile;

struct output {
	int fd;           /* read end of the service's pipe */
	int dest;         /* 1 or 2 to echo there, -1 not to */
	struct logfile *log; /* or NULL */
	const char *name; /* the service's name; outlives the output */
	char *partial;    /* an unfinished line, kept only while there is one */
	size_t len;
};

/* Read what is available and write out every complete line. Returns 0 at
 * end-of-file, 1 if more may come. Reads a bounded amount per call so one
 * chatty service cannot hold up the supervisor. */
int output_pump(struct output *o);
/* Write out a last unfinished line and free it. */
void output_flush(struct output *o);

#endif
