/* SPDX-License-Identifier: MIT */
/*
 * The apparmor plugin: `isolation.apparmor_profile: NAME`.
 *
 * The service's program starts confined by the AppArmor profile NAME: at
 * 600, after the credentials (500) and before no_new_privs (700), the child
 * writes "exec NAME" to its exec attribute, and the kernel switches to the
 * profile at the execve of the core's step at 900. If the kernel cannot
 * (the profile vanished, a policy forbids it), the execve itself fails: the
 * service never runs unconfined.
 *
 * At config load (parent): AppArmor must be enabled (the module parameter
 * and securityfs) and the profile loaded; otherwise the service is refused
 * with the reason. All text is prepared there; the hook is open and write.
 */
#include "build-config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apparmor.h"

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	struct aa_state *st;

	if (settings)
		return sysg_node_error(err, settings, -EINVAL,
				       "the apparmor plugin takes no settings; the profile is set "
				       "per service (isolation.apparmor_profile: NAME)");
	st = calloc(1, sizeof *st);
	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	*ret_state = st; /* root "": the real kernel interfaces */
	return 0;
}

static void fini(void *state)
{
	free(state);
}

static void release(void *state, void *svc_state)
{
	free(svc_state);
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	const struct aa_state *st = state;
	const struct sysg_node *key = sysg_node_get_path(node, "isolation.apparmor_profile");
	const char *name;
	char why[PATH_MAX + 128], mode[64] = "";
	struct aa_service *s;
	int r = sysg_node_string(key, &name, err);

	if (r < 0)
		return r;
	if (!*name || strpbrk(name, "\n\r\t") || strlen(name) > 400)
		return sysg_node_error(err, key, -EINVAL,
				       "'%s' is not an AppArmor profile name (one line, at most 400 "
				       "characters)",
				       name);
	if (!strcmp(name, "unconfined"))
		return sysg_node_error(err, key, -EINVAL,
				       "'unconfined' is no confinement; to run the service without a "
				       "profile, leave the key out");
	if (aa_enabled(st->root, why, sizeof why) < 0)
		return sysg_node_error(err, key, -EOPNOTSUPP,
				       "apparmor is not enabled on this kernel (%s); the apparmor "
				       "plugin cannot confine '%s' with profile '%s', so it will not "
				       "run",
				       why, sysg_service_name(svc), name);
	/* Stacks (a//&b) and namespaced names (:ns:name) are the kernel's to
	 * resolve; a plain name must be in the list of loaded profiles. */
	if (!strstr(name, "//") && name[0] != ':') {
		r = aa_profile_loaded(st->root, name, mode, sizeof mode);
		if (r == 0)
			return sysg_node_error(err, key, -ENOENT,
					       "the AppArmor profile '%s' is not loaded (load it with "
					       "apparmor_parser -r FILE); the apparmor plugin will not "
					       "run '%s' without it",
					       name, sysg_service_name(svc));
		if (r < 0)
			sysg_node_warn(key,
				       "cannot read the list of loaded AppArmor profiles (%s); if '%s' "
				       "is not loaded, '%s' will fail to start",
				       strerror(-r), name, sysg_service_name(svc));
		else if (strcmp(mode, "enforce"))
			sysg_node_warn(key,
				       "the AppArmor profile '%s' is in %s mode: its rules are not "
				       "enforced",
				       name, mode);
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	aa_exec_attr(st->root, s->attr, sizeof s->attr);
	s->length = (size_t)snprintf(s->command, sizeof s->command, "exec %s", name);
	*ret_svc_state = s;
	return 0;
}

/* 600: in the child. open and write only. */
static int step_profile(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			struct sysg_error *err)
{
	return aa_write_exec(svc_state, err);
}

static const char *const keys[] = {"isolation.apparmor_profile", NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_LSM, "apparmor-exec-profile", step_profile},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "apparmor",
	.version = PACKAGE_VERSION,
	.description = "isolation.apparmor_profile: the service runs under an AppArmor profile",
	.keys = keys,
	.init = init,
	.fini = fini,
	.configure = configure,
	.release = release,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
