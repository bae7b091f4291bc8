/* SPDX-License-Identifier: MIT */
/*
 * The private-tmp plugin: `isolation.private_tmp: true` gives the service a
 * /tmp and a /var/tmp of its own: each a fresh tmpfs, mode 1777 (any user
 * may create files, only the owner may remove them), nosuid and nodev.
 *
 * The hook runs at priority 400 (mounts), after the namespace step (300)
 * and before the credentials change (500), while sysg's privileges still
 * allow mounting. It unshares a mount namespace of its own and makes every
 * mount in it private first, so that neither tmpfs is ever visible on the
 * host. A tmpfs lives only as long as a mount references it, and the only
 * references are in the service's mount namespace: when the service's last
 * process exits the namespace goes, and with it the tmpfs and every file in
 * it. Nothing needs to be removed at stop, and nothing can be left behind
 * by a crash of sysg.
 *
 * When isolation.mount is also set (the isolation plugin's namespace at
 * 300), this namespace nests inside that one: harmless (one more namespace,
 * ~0.1 ms at start) and it keeps this plugin independent of any other.
 *
 * A working_dir under /tmp or /var/tmp cannot exist in the fresh tmpfs, so
 * configure refuses it rather than let every start fail at the chdir.
 */
#include "build-config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "sysg/plugin.h"

#include "../common/mounts.h"

#define KEY "isolation.private_tmp"

/* The state the hook needs is "enabled", which a non-NULL pointer says. */
static const int enabled = 1;

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* Is the service's working directory (working_dir, or by default the
 * config's directory) inside what the plugin will cover? */
static int check_working_dir(const struct sysg_node *svc_node, const struct sysg_node *key_node,
			     struct sysg_error *err)
{
	const struct sysg_node *wd = sysg_node_get(svc_node, "working_dir");
	const char *file = sysg_node_file(svc_node);
	char path[2 * PATH_MAX], real[PATH_MAX], copy[PATH_MAX];
	const char *s = NULL, *where;
	int n;

	if (wd && sysg_node_string(wd, &s, NULL) < 0)
		return 0; /* the core reports a bad working_dir itself */
	if (s && *s == '/') {
		n = snprintf(path, sizeof path, "%s", s);
	} else {
		if (!file || snprintf(copy, sizeof copy, "%s", file) >= (int)sizeof copy ||
		    !realpath(dirname(copy), real))
			return 0;
		n = snprintf(path, sizeof path, "%s%s%s", real, s ? "/" : "", s ? s : "");
	}
	if (n < 0 || n >= (int)sizeof path)
		return 0;
	/* Resolved where it exists already (a symlink into /tmp counts). */
	if (realpath(path, real))
		memcpy(path, real, strlen(real) + 1);
	if (under(path, "/tmp"))
		where = "/tmp";
	else if (under(path, "/var/tmp"))
		where = "/var/tmp";
	else
		return 0;
	return sysg_node_error(err, wd ? wd : key_node, -EINVAL,
			       "the working directory %s%s is under %s, which %s replaces with an "
			       "empty tmpfs: the service could not start there; set working_dir "
			       "outside /tmp and /var/tmp",
			       path, wd ? "" : " (the config's directory, the default)", where,
			       KEY);
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	const struct sysg_node *n = sysg_node_get_path(node, KEY);
	bool on;
	int r = sysg_node_bool(n, &on, err);

	if (r < 0)
		return r;
	if (!on) {
		*ret_svc_state = NULL;
		return 0;
	}
	r = check_working_dir(node, n, err);
	if (r < 0)
		return r;
	mounts_warn_unprivileged(svc, n);
	*ret_svc_state = (void *)&enabled;
	return 0;
}

/* 400: a mount namespace of the service's own, a fresh tmpfs on each. */
static int step_private_tmp(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			    struct sysg_error *err)
{
	int r;

	if (!svc_state)
		return 0;
	r = mounts_private_namespace(KEY, "a private /tmp", err);
	if (r == 0)
		r = mounts_tmpfs(KEY, "/tmp", MS_NOSUID | MS_NODEV, "mode=1777", err);
	if (r == 0)
		r = mounts_tmpfs(KEY, "/var/tmp", MS_NOSUID | MS_NODEV, "mode=1777", err);
	return r;
}

static const char *const keys[] = {KEY, NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_MOUNTS, "tmp-mounts", step_private_tmp},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "private-tmp",
	.version = PACKAGE_VERSION,
	.description = "isolation.private_tmp: a private tmpfs on /tmp and /var/tmp",
	.keys = keys,
	.configure = configure,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
