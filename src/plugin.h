/* SPDX-License-Identifier: MIT */
/* Loading plugins and keeping them: the core side of the SDK. */
#ifndef SYSG_PLUGIN_CORE_H
#define SYSG_PLUGIN_CORE_H

#include "sysg/plugin.h"

struct plugin {
	/* The plugin's descriptor, copied into a full-size struct: fields
	 * past the plugin's own `size` are zero. */
	struct sysg_plugin api;
	char *file;   /* where it was loaded from; "(built in)" for the core */
	void *handle; /* dlopen handle; NULL for the core */
	int fd;       /* the file, held open while loaded; -1 for the core */
	void *state;  /* from init */
	bool initialized;
};

struct plugin_set {
	struct plugin **items; /* sorted by name */
	size_t count;
	char **searched;       /* the directories searched, in order */
	size_t n_searched;
};

/*
 * The directories searched, in order: the config's plugins.path, then
 * $SYSG_PLUGIN_PATH (colon-separated), then the built-in directory (or
 * $SYSG_PLUGIN_DIR instead of it).
 */
int plugin_search_dirs(char *const *config_path, struct plugin_set *set, struct sysg_error *err);

/*
 * Load every *.so in the search directories (a file name found in an earlier
 * directory shadows the same name in later ones), or only those whose file
 * name without ".so" is in `only` (NULL: all). The built-in core plugin is
 * always added. Fails, naming the file, on any plugin it must refuse.
 */
int plugin_load_all(struct plugin_set *set, char *const *only, struct sysg_error *err);

/* Load one file; exposed for the loader's tests. */
int plugin_load_file(const char *path, struct plugin **ret, struct sysg_error *err);

/* Check ownership of config keys across the set (no key owned twice, no
 * key overlapping another's). */
int plugin_check_keys(const struct plugin_set *set, struct sysg_error *err);

struct plugin *plugin_find(const struct plugin_set *set, const char *name);
/* The loaded plugin owning exactly this key path, or NULL. */
struct plugin *plugin_key_owner(const struct plugin_set *set, const char *path);

void plugin_set_free(struct plugin_set *set);

/* Is NAME.so in a searched directory? True with its path in buf; false
 * with the list of directories searched in buf. */
bool plugin_locate(const struct plugin_set *set, const char *name, char *buf, size_t size);

/* "a, b, c": the searched directories, for messages. */
void plugin_searched_list(const struct plugin_set *set, char *buf, size_t size);

/* The core's own steps, as a plugin named "core" (src/steps.c). */
const struct sysg_plugin *core_plugin(void);

#endif
