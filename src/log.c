/* SPDX-License-Identifier: MIT */
/* sysg's own messages, on stderr, prefixed "sysg: ". */
#include "build-config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static enum log_level current_level = LOG_LEVEL_INFO;
static FILE *log_stream;

void log_set_stream(FILE *f)
{
	log_stream = f;
}

void log_set_level(enum log_level level)
{
	current_level = level;
}

int log_parse_level(const char *name, enum log_level *ret)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(name, names[i]) == 0) {
			*ret = (enum log_level)i;
			return 0;
		}
	return -EINVAL;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {"error: ", "warning: ", "", "debug: "};
	char line[2048];
	va_list ap;
	int n;

	if (level > current_level)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* One fprintf per line so lines from concurrent writers do not mix. */
	fprintf(log_stream ? log_stream : stderr, "sysg: %s%s\n", prefix[level], line);
}
