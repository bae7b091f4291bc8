/* SPDX-License-Identifier: MIT */
/* Files root runs code or takes orders from: plugins, and in system mode the
 * config and environment files. */
#ifndef SYSG_TRUST_H
#define SYSG_TRUST_H

#include <stdbool.h>
#include <sys/stat.h>

#include "sysg/plugin.h"

/*
 * May this file (or directory) be trusted? Only if root, or sysg's own user
 * when sysg is not root, owns it, and neither group nor others can write it.
 * `what` says what is refused ("to load the plugin").
 */
int trust_check(const char *path, const struct stat *st, const char *what,
		struct sysg_error *err);

/*
 * Open a file to read. With strict, refuse a symbolic link (so no swap
 * between any check and the open) and a file trust_check refuses, checked
 * on the open descriptor itself. Returns the descriptor.
 */
int trust_open(const char *path, bool strict, struct sysg_error *err);

#endif
