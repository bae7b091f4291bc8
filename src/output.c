/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "logfile.h"
#include "output.h"

#define READS_PER_PUMP 8

/* One writev per line, so lines of different services never interleave. */
static void emit(const struct output *o, const char *line, size_t len)
{
	struct iovec iov[4] = {
		{(void *)o->name, strlen(o->name)},
		{(void *)" | ", 3},
		{(void *)line, len},
		{(void *)"\n", 1},
	};

	if (o->log)
		logfile_write(o->log, line, len);
	if (o->dest >= 0)
		(void)!writev(o->dest, iov, 4);
}

int output_pump(struct output *o)
{
	for (int i = 0; i < READS_PER_PUMP; i++) {
		char buf[OUTPUT_LINE_MAX * 4];
		size_t len = o->len, start = 0;
		ssize_t n;

		if (len)
			memcpy(buf, o->partial, len);
		n = read(o->fd, buf + len, sizeof buf - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 && errno == EAGAIN ? 1 : 0;
		len += (size_t)n;
		for (size_t j = 0; j < len; j++)
			if (buf[j] == '\n' || j - start == OUTPUT_LINE_MAX) {
				emit(o, buf + start, j - start);
				start = j + (buf[j] == '\n');
			}
		/* Keep only the unfinished tail, usually nothing. */
		o->len = len - start;
		if (o->len) {
			char *p = realloc(o->partial, o->len);

			if (!p) {
				emit(o, buf + start, o->len);
				o->len = 0;
				continue;
			}
			o->partial = p;
			memcpy(o->partial, buf + start, o->len);
		} else {
			free(o->partial);
			o->partial = NULL;
		}
	}
	return 1;
}

void output_flush(struct output *o)
{
	if (o->len)
		emit(o, o->partial, o->len);
	free(o->partial);
	o->partial = NULL;
	o->len = 0;
}
