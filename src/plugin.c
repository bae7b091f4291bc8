/* SPDX-License-Identifier: MIT */
/*
 * The plugin loader. sysg runs as root and executes whatever it loads, so a
 * plugin is only loaded from a file and a directory that nobody but root (or,
 * for a non-root sysg, its own user) can change, and the file is opened once
 * and loaded through that descriptor so it cannot be swapped between the check
 * and dlopen.
 */
#include "build-config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin.h"
#include "trust.h"

#ifndef SYSG_PLUGIN_DIR
#error "SYSG_PLUGIN_DIR must be defined by the build"
#endif

/* The smallest descriptor this core accepts: ABI 1 as first released. */
#define PLUGIN_MIN_SIZE sizeof(struct sysg_plugin)

static int strv_push(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 2) * sizeof *nv);

	if (!nv)
		return -ENOMEM;
	*v = nv;
	if (!(nv[*n] = strdup(s)))
		return -ENOMEM;
	nv[++*n] = NULL;
	return 0;
}

int plugin_search_dirs(char *const *config_path, struct plugin_set *set, struct sysg_error *err)
{
	const char *env = getenv("SYSG_PLUGIN_PATH");
	int r = 0;

	for (char *const *p = config_path; p && *p && r == 0; p++)
		r = strv_push(&set->searched, &set->n_searched, *p);
	if (env && r == 0) {
		char *copy = strdup(env), *save = NULL;

		if (!copy)
			return sysg_error_set(err, -ENOMEM, "out of memory");
		for (char *d = strtok_r(copy, ":", &save); d && r == 0; d = strtok_r(NULL, ":", &save))
			r = strv_push(&set->searched, &set->n_searched, d);
		free(copy);
	}
	/* SYSG_PLUGIN_DIR replaces the built-in directory (tests, relocated
	 * installs); the same ownership checks apply to whatever it names. */
	if (r == 0) {
		const char *builtin = getenv("SYSG_PLUGIN_DIR");

		r = strv_push(&set->searched, &set->n_searched,
			      builtin && *builtin ? builtin : SYSG_PLUGIN_DIR);
	}
	if (r < 0)
		return sysg_error_set(err, r, "out of memory");
	return 0;
}

void plugin_searched_list(const struct plugin_set *set, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < set->n_searched && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					set->searched[i]);
}

bool plugin_locate(const struct plugin_set *set, const char *name, char *buf, size_t size)
{
	for (size_t i = 0; i < set->n_searched; i++) {
		snprintf(buf, size, "%s/%s.so", set->searched[i], name);
		if (access(buf, F_OK) == 0)
			return true;
	}
	plugin_searched_list(set, buf, size);
	return false;
}

static bool valid_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 63)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return false;
	return true;
}

static bool valid_key(const char *key)
{
	if (!key || !*key || *key == '.')
		return false;
	for (const char *c = key; *c; c++) {
		if (*c == '.' && (c[1] == '.' || c[1] == '\0'))
			return false;
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		      *c == '.'))
			return false;
	}
	return true;
}

static void plugin_free(struct plugin *p)
{
	if (!p)
		return;
	if (p->initialized && p->api.fini)
		p->api.fini(p->state);
	if (p->handle)
		dlclose(p->handle);
	if (p->fd >= 0)
		close(p->fd);
	free(p->file);
	free(p);
}

/* Check a descriptor and copy it into a core-sized struct. */
static int adopt(const char *path, const struct sysg_plugin *desc, struct plugin *p,
		 struct sysg_error *err)
{
	if (!desc)
		return sysg_error_set(err, -EINVAL, "%s: %s() returned NULL", path,
				      SYSG_PLUGIN_ENTRY);
	if (desc->abi != SYSG_PLUGIN_ABI)
		return sysg_error_set(err, -EPROTO,
				      "%s: plugin ABI %u, but this sysg speaks ABI %u; rebuild the "
				      "plugin against this sysg's <sysg/plugin.h>",
				      path, desc->abi, SYSG_PLUGIN_ABI);
	if (desc->size < PLUGIN_MIN_SIZE)
		return sysg_error_set(err, -EPROTO,
				      "%s: plugin descriptor is %u bytes, sysg needs at least %zu; "
				      "rebuild the plugin against this sysg's <sysg/plugin.h>",
				      path, desc->size, PLUGIN_MIN_SIZE);
	memcpy(&p->api, desc, desc->size < sizeof p->api ? desc->size : sizeof p->api);
	if (!valid_name(p->api.name))
		return sysg_error_set(err, -EINVAL,
				      "%s: plugin name '%s' is not 1-63 characters of a-z, 0-9, - "
				      "and _",
				      path, p->api.name ? p->api.name : "(null)");
	for (const char *const *k = p->api.keys; k && *k; k++) {
		if (!valid_key(*k))
			return sysg_error_set(err, -EINVAL,
					      "%s: plugin %s declares an invalid key '%s'", path,
					      p->api.name, *k);
		if (!p->api.configure)
			return sysg_error_set(err, -EINVAL,
					      "%s: plugin %s owns keys but has no configure()", path,
					      p->api.name);
	}
	for (const struct sysg_hook *h = p->api.hooks; h && h->fn; h++)
		/* At or past the core's exec step a hook would never run. */
		if (h->priority < 0 || h->priority >= SYSG_PRIO_EXEC || !h->name)
			return sysg_error_set(err, -EINVAL,
					      "%s: plugin %s: hook priority %d is outside 0-%d (the "
					      "core execs at %d), or the hook has no name",
					      path, p->api.name, h->priority, SYSG_PRIO_EXEC - 1,
					      SYSG_PRIO_EXEC);
	if (!p->api.version)
		p->api.version = "";
	if (!p->api.description)
		p->api.description = "";
	return 0;
}

int plugin_load_file(const char *path, struct plugin **ret, struct sysg_error *err)
{
	char fdpath[64];
	struct stat st;
	struct plugin *p;
	sysg_plugin_entry_fn entry;
	int fd, r;

	/* O_NONBLOCK: a FIFO planted in the directory must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return sysg_error_set(err, -errno, "%s: cannot open plugin: %s", path,
				      strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sysg_error_set(err, -EINVAL, "%s: not a regular file", path);
	}
	r = trust_check(path, &st, "to load the plugin", err);
	if (r < 0) {
		close(fd);
		return r;
	}
	p = calloc(1, sizeof *p);
	if (!p || !(p->file = strdup(path))) {
		free(p);
		close(fd);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	p->fd = -1;
	/*
	 * The descriptor stays open while the plugin is loaded: glibc tells
	 * loaded objects apart by name first, and this name must not be
	 * reused for another plugin while this one is in memory.
	 */
	p->fd = fd;
	snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
	p->handle = dlopen(fdpath, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		r = sysg_error_set(err, -ENOEXEC, "%s: cannot load plugin: %s", path, dlerror());
		goto fail;
	}
	*(void **)&entry = dlsym(p->handle, SYSG_PLUGIN_ENTRY);
	if (!entry) {
		r = sysg_error_set(err, -ENOEXEC,
				   "%s: not a sysg plugin: it does not export %s()", path,
				   SYSG_PLUGIN_ENTRY);
		goto fail;
	}
	r = adopt(path, entry(), p, err);
	if (r < 0)
		goto fail;
	*ret = p;
	return 0;
fail:
	plugin_free(p);
	return r;
}

static int add_plugin(struct plugin_set *set, struct plugin *p, struct sysg_error *err)
{
	struct plugin **items;
	struct plugin *dup = plugin_find(set, p->api.name);

	size_t i;

	if (dup) {
		sysg_error_set(err, -EEXIST, "duplicate plugin name '%s': %s and %s", p->api.name,
			       dup->file, p->file);
		plugin_free(p);
		return -EEXIST;
	}
	items = realloc(set->items, (set->count + 1) * sizeof *items);
	if (!items) {
		plugin_free(p);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	set->items = items;
	/* Keep the set sorted by name: hook ties run in this order. */
	i = set->count;
	while (i > 0 && strcmp(items[i - 1]->api.name, p->api.name) > 0) {
		items[i] = items[i - 1];
		i--;
	}
	items[i] = p;
	set->count++;
	return 0;
}

static bool in_list(char *const *list, const char *name)
{
	for (char *const *l = list; l && *l; l++)
		if (strcmp(*l, name) == 0)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.so file names of a directory, sorted; -ENOENT if it does not exist. */
static int list_dir(const char *dir, char ***ret, size_t *ret_n, struct sysg_error *err)
{
	struct stat st;
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d;
	int r;

	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return -ENOENT;
		return sysg_error_set(err, -errno, "%s: cannot read plugin directory: %s", dir,
				      strerror(errno));
	}
	if (fstat(dirfd(d), &st) < 0) {
		r = sysg_error_set(err, -errno, "%s: %s", dir, strerror(errno));
		closedir(d);
		return r;
	}
	r = trust_check(dir, &st, "to load plugins from the directory", err);
	if (r < 0) {
		closedir(d);
		return r;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= 3 || strcmp(de->d_name + len - 3, ".so") != 0)
			continue;
		if (strv_push(&names, &n, de->d_name) < 0) {
			closedir(d);
			sysg_strv_free(names);
			return sysg_error_set(err, -ENOMEM, "out of memory");
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	*ret = names;
	*ret_n = n;
	return 0;
}

int plugin_load_all(struct plugin_set *set, char *const *only, struct sysg_error *err)
{
	char **seen = NULL;
	size_t n_seen = 0;
	struct plugin *core;
	int r;

	core = calloc(1, sizeof *core);
	if (!core || !(core->file = strdup("(built in)"))) {
		free(core);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	core->fd = -1;
	memcpy(&core->api, core_plugin(), sizeof core->api);
	r = add_plugin(set, core, err);
	if (r < 0)
		return r;

	for (size_t d = 0; d < set->n_searched; d++) {
		char **names = NULL;
		size_t n = 0;

		r = list_dir(set->searched[d], &names, &n, err);
		if (r == -ENOENT)
			continue;
		if (r < 0)
			goto out;
		for (size_t i = 0; i < n; i++) {
			char stem[256], path[4096];
			struct plugin *p;

			snprintf(stem, sizeof stem, "%.*s", (int)(strlen(names[i]) - 3), names[i]);
			/* An earlier directory shadows a later one, as in $PATH. */
			if (in_list(seen, names[i]))
				continue;
			if (only && !in_list(only, stem))
				continue;
			if (strv_push(&seen, &n_seen, names[i]) < 0) {
				sysg_strv_free(names);
				r = sysg_error_set(err, -ENOMEM, "out of memory");
				goto out;
			}
			snprintf(path, sizeof path, "%s/%s", set->searched[d], names[i]);
			r = plugin_load_file(path, &p, err);
			if (r == 0)
				r = add_plugin(set, p, err);
			if (r < 0) {
				sysg_strv_free(names);
				goto out;
			}
		}
		sysg_strv_free(names);
	}
	for (char *const *o = only; o && *o; o++) {
		char file[300], dirs[2048];

		snprintf(file, sizeof file, "%s.so", *o);
		if (!in_list(seen, file) && strcmp(*o, "core") != 0) {
			plugin_searched_list(set, dirs, sizeof dirs);
			r = sysg_error_set(err, -ENOENT,
					   "plugin '%s' (plugins.load) not found: no %s in %s", *o,
					   file, dirs);
			goto out;
		}
	}
	r = plugin_check_keys(set, err);
out:
	sysg_strv_free(seen);
	return r;
}

int plugin_check_keys(const struct plugin_set *set, struct sysg_error *err)
{
	for (size_t i = 0; i < set->count; i++)
		for (const char *const *a = set->items[i]->api.keys; a && *a; a++)
			for (size_t j = 0; j < set->count; j++)
				for (const char *const *b = set->items[j]->api.keys; b && *b; b++) {
					size_t la = strlen(*a);

					if (a == b)
						continue;
					if (strcmp(*a, *b) == 0 && (i < j || (i == j && a < b)))
						return sysg_error_set(
							err, -EEXIST,
							"config key '%s' is owned by two plugins: %s "
							"(%s) and %s (%s)",
							*a, set->items[i]->api.name,
							set->items[i]->file, set->items[j]->api.name,
							set->items[j]->file);
					if (strncmp(*a, *b, la) == 0 && (*b)[la] == '.')
						return sysg_error_set(
							err, -EEXIST,
							"config key '%s' of plugin %s (%s) contains "
							"key '%s' of plugin %s (%s)",
							*a, set->items[i]->api.name,
							set->items[i]->file, *b,
							set->items[j]->api.name, set->items[j]->file);
				}
	return 0;
}

struct plugin *plugin_find(const struct plugin_set *set, const char *name)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->items[i]->api.name, name) == 0)
			return set->items[i];
	return NULL;
}

struct plugin *plugin_key_owner(const struct plugin_set *set, const char *path)
{
	for (size_t i = 0; i < set->count; i++)
		for (const char *const *k = set->items[i]->api.keys; k && *k; k++)
			if (strcmp(*k, path) == 0)
				return set->items[i];
	return NULL;
}

void plugin_set_free(struct plugin_set *set)
{
	/* fini in reverse order of name, the mirror of init. */
	for (size_t i = set->count; i > 0; i--)
		plugin_free(set->items[i - 1]);
	free(set->items);
	sysg_strv_free(set->searched);
	*set = (struct plugin_set){0};
}
