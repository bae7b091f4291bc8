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

/*
 * sysg's own environment, copied once into one block that every service
 * inheriting it points into: a thousand services would otherwise hold a
 * thousand copies of it (about 2 KiB each in a usual login environment).
 * sysg's environ does not change after start, so the block lives as long as
 * sysg; the strings in it are never freed one by one.
 */
static char *inherited_block;
static size_t inherited_size;

static bool env_is_shared(const char *s)
{
	return inherited_block && s >= inherited_block && s < inherited_block + inherited_size;
}

static void env_free_string(char *s)
{
	if (!env_is_shared(s))
		free(s);
}

static int env_build_shared(void)
{
	size_t size = 0;
	char *p;

	if (inherited_block)
		return 0;
	for (char **e = environ; e && *e; e++)
		size += strlen(*e) + 1;
	p = malloc(size ? size : 1);
	if (!p)
		return -ENOMEM;
	inherited_block = p;
	inherited_size = size;
	for (char **e = environ; e && *e; e++)
		p = stpcpy(p, *e) + 1;
	return 0;
}

/* Append a string from the shared block (KEY not yet in the list). */
static int env_add_shared(struct envlist *env, char *kv)
{
	char **slot = realloc(env->v, (env->n + 2) * sizeof *slot);

	if (!slot)
		return -ENOMEM;
	env->v = slot;
	env->v[env->n++] = kv;
	env->v[env->n] = NULL;
	return 0;
}

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
		env_free_string(*slot);
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
	int r = env_build_shared();

	for (char *kv = inherited_block; r == 0 && kv < inherited_block + inherited_size;
	     kv += strlen(kv) + 1) {
		const char *eq = strchr(kv, '=');
		char key[256];
		bool skip = false;

		if (!eq || (size_t)(eq - kv) >= sizeof key)
			continue;
		snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
		for (const char *const *o = own; *o; o++)
			skip |= !strcmp(key, *o);
		if (skip)
			continue;
		/* A repeated name: the last one wins, as before. */
		char **slot = env_find(env, key);
		if (slot) {
			env_free_string(*slot);
			*slot = kv;
		} else {
			r = env_add_shared(env, kv);
		}
	}
	return r;
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

void env_strv_free(char **v)
{
	for (char **e = v; e && *e; e++)
		env_free_string(*e);
	free(v);
}

void env_free(struct envlist *env)
{
	for (size_t i = 0; i < env->n; i++)
		env_free_string(env->v[i]);
	free(env->v);
	env->v = NULL;
	env->n = 0;
}
