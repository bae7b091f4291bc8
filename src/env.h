/* SPDX-License-Identifier: MIT */
#ifndef SYSG_ENV_H
#define SYSG_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "sysg/plugin.h"

/* A NULL-terminated "KEY=VALUE" list being built. */
struct envlist {
	char **v;
	size_t n;
};

#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

int env_set(struct envlist *env, const char *key, const char *value);
const char *env_get(const struct envlist *env, const char *key);
/* Take sysg's own environment (shared, not copied, see env.c), without the variables that belong to sysg's
 * own launch (socket activation, notification). */
int env_inherit(struct envlist *env);
/* Read a KEY=VALUE file (# comments, blank lines, optional "export ",
 * single or double quotes around the value). Errors name file:line. With
 * strict (system mode), see trust_open. */
int env_read_file(struct envlist *env, const char *path, bool strict, struct sysg_error *err);
bool env_valid_name(const char *name);
void env_free(struct envlist *env);
/* Free a finished list (a service's envp): its inherited strings are shared
 * by every service and stay. */
void env_strv_free(char **v);

#endif
