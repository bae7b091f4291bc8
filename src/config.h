/* SPDX-License-Identifier: MIT */
/* Reading a config file into services, with the plugins loaded and each
 * service configured by every plugin whose keys it uses. */
#ifndef SYSG_CONFIG_H
#define SYSG_CONFIG_H

#include "node.h"
#include "plugin.h"
#include "service.h"

struct strbuf;

struct config_options {
	bool drop_privileges;  /* root: services without user: run as nobody */
	bool sys;              /* system mode: config and env files must be root's */
	struct strbuf *errors; /* when set, errors are also collected here */
};

struct config {
	struct document *doc;
	char *file; /* as given, for messages */
	char *path; /* absolute, for reloads (a daemon runs in /) */
	char *dir;  /* the file's directory: default working_dir, base of relative paths */
	struct config_options opts;
	struct plugin_set plugins;
	struct sysg_service **services; /* in file order */
	size_t n_services;
	unsigned errors;                /* reported while loading */
	unsigned refs;                  /* config_ref/config_unref */
};

/*
 * Load, validate and configure. Every error found is printed (log_error)
 * with its file:line:column; the return is -EINVAL when there was any, and
 * *ret is then NULL. With only_plugins, stop after loading the plugins
 * (for `sysg plugins`, which must work with an otherwise broken config);
 * file may then be NULL for "no config file".
 */
int config_load(const char *file, const struct config_options *opts, bool only_plugins,
		struct config **ret);
/* A loaded config starts with one reference; the last unref frees it (and
 * unloads its plugins). Both accept NULL. */
struct config *config_ref(struct config *cfg);
void config_unref(struct config *cfg);

struct sysg_service *config_service(const struct config *cfg, const char *name);

/* The default config file in the current directory: sysg.yaml, then
 * systemg.yaml. */
const char *config_default_file(void);

/* Print a config error and count it; returns 1. */
unsigned config_report(struct config *cfg, const struct sysg_error *e);

/* The core's own keys of one service (src/service.c). Reports each error
 * with config_report and returns how many there were. */
unsigned core_configure_service(struct config *cfg, struct sysg_service *svc);
/* The core's config keys, as a plugin's keys array. */
extern const char *const core_keys[];

/* Which shipped plugin owns a key, for "needs plugin X" messages; NULL if
 * the key belongs to no plugin sysg ships. */
const char *known_key_plugin(const char *path);
/* The distribution package holding a plugin (configure
 * --with-plugin-packages), in buf; NULL if not configured. */
const char *known_plugin_package(const char *plugin, char *buf, size_t size);
/* The same, from a list "NAME=PACKAGE ..." (separated by spaces). */
const char *plugin_package_in(const char *list, const char *plugin, char *buf, size_t size);
/* All keys of shipped plugins, NULL-terminated. */
extern const char *const known_plugin_keys[][2];

#endif
