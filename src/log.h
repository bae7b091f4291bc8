/* SPDX-License-Identifier: MIT */
#ifndef SYSG_LOG_H
#define SYSG_LOG_H

#include "sysg/plugin.h"

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

#include <stdio.h>

void log_set_level(enum log_level level);
/* Where messages go (default stderr); the fuzzers silence them. */
void log_set_stream(FILE *f);
int log_parse_level(const char *name, enum log_level *ret);
void log_msg(enum log_level level, const char *fmt, ...) SYSG_PRINTF(2, 3);

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
