/* SPDX-License-Identifier: MIT */
/* struct sysg_error: the one way fallible code reports what went wrong. */
#include "build-config.h"

#include <stdarg.h>
#include <stdio.h>

#include "sysg/plugin.h"

int sysg_error_set(struct sysg_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return code;
}
