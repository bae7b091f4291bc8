/* SPDX-License-Identifier: MIT */
/* Service environments, built once at config load. */
#include "build-config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "trust.h"

extern char **environ;

bool env_valid_name(const char *name)
{
	if (!*name || !(isalpha((unsigned char)*name) || *name == '_'))
		return false;
	for (; *name; name++)
		if (!isalnum((unsigned char)*name) && *name != '_')
			return false;
	return true;
}

static char **env_find(const struct envlist *env, const char *key)
{
	size_t len = strlen(key);

	for (size_t i = 0; i < env->n; i++)
		if (!strncmp(env->v[i], key, len) && env->v[i][len] == '=')
			return &env->v[i];
	return NULL;
}

const char *env_get(const struct envlist *env, const char *key)
{
	char **slot = env_find(env, key);

	return slot ? *slot + strlen(key) + 1 : NULL;
}

int env_set(struct envlist *env, const char *key, const char *value)
{
	char **slot = env_find(env, key), *kv;

	if (asprintf(&kv, "%s=%s", key, value) < 0)
		return -ENOMEM;
	if (slot) {
		free(*slot);
		*slot = kv;
		return 0;
	}
	slot = realloc(env->v, (env->n + 2) * sizeof *slot);
	if (!slot) {
		free(kv);
		return -ENOMEM;
	}
	env->v = slot;
	env->v[env->n++] = kv;
	env->v[env->n] = NULL;
	return 0;
}

int env_inherit(struct envlist *env)
{
	static const char *const own[] = {"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
					  "NOTIFY_SOCKET", NULL};

	for (char **e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');
		char key[256];
		bool skip = false;
		int r;

		if (!eq || (size_t)(eq - *e) >= sizeof key)
			continue;
		snprintf(key, sizeof key, "%.*s", (int)(eq - *e), *e);
		for (const char *const *o = own; *o; o++)
			skip |= !strcmp(key, *o);
		if (!skip && (r = env_set(env, key, eq + 1)) < 0)
			return r;
	}
	return 0;
}

/* Strip matching quotes; in double quotes, \" \\ \n \$ are escapes. */
static bool unquote(char *v)
{
	size_t n = strlen(v);
	char q = v[0], *w = v;

	if (q != '"' && q != '\'')
		return true;
	if (n < 2 || v[n - 1] != q)
		return false;
	v[n - 1] = '\0';
	for (char *r = v + 1; *r; r++) {
		if (q == '"' && *r == '\\' && r[1]) {
			r++;
			*w++ = *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return true;
}

int env_read_file(struct envlist *env, const char *path, bool strict, struct sysg_error *err)
{
	int fd = trust_open(path, strict, err);
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	ssize_t len;
	int r = 0;

	if (fd < 0)
		return fd;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return sysg_error_set(err, -errno, "%s: %s", path, strerror(errno));
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p = line, *eq, *end;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (!strncmp(p, "export ", 7))
			p += 7;
		eq = strchr(p, '=');
		if (!eq) {
			r = sysg_error_set(err, -EINVAL, "%s:%u: expected KEY=VALUE", path, lineno);
			break;
		}
		*eq = '\0';
		for (end = eq; end > p && isspace((unsigned char)end[-1]);)
			*--end = '\0';
		if (!env_valid_name(p)) {
			r = sysg_error_set(err, -EINVAL, "%s:%u: '%s' is not a valid variable name",
					   path, lineno, p);
			break;
		}
		eq++;
		while (isspace((unsigned char)*eq))
			eq++;
		if (!unquote(eq)) {
			r = sysg_error_set(err, -EINVAL, "%s:%u: unterminated quote", path, lineno);
			break;
		}
		if (env_set(env, p, eq) < 0) {
			r = sysg_error_set(err, -ENOMEM, "out of memory");
			break;
		}
	}
	free(line);
	fclose(f);
	return r;
}

void env_free(struct envlist *env)
{
	for (size_t i = 0; i < env->n; i++)
		free(env->v[i]);
	free(env->v);
	env->v = NULL;
	env->n = 0;
}
