/* SPDX-License-Identifier: MIT */
/*
 * The selinux plugin: `isolation.selinux_context: CONTEXT`.
 *
 * The service's program runs in the SELinux context CONTEXT
 * (user:role:type[:level]): at 600, after the credentials (500) and before
 * no_new_privs (700), the child writes the context to its exec attribute,
 * and the kernel applies it at the execve of the core's step at 900. If the
 * policy forbids the transition, the execve fails: the service never runs
 * in sysg's own context instead.
 *
 * At config load (parent, libselinux): SELinux must be enabled and the
 * context valid for the loaded policy; otherwise the service is refused
 * with the reason. Permissive mode is accepted with a warning: the context
 * is applied, and the policy's owner chose not to enforce it.
 */
#include "build-config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "selinux.h"

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	struct se_state *st;

	if (settings)
		return sysg_node_error(err, settings, -EINVAL,
				       "the selinux plugin takes no settings; the context is set per "
				       "service (isolation.selinux_context: CONTEXT)");
	st = calloc(1, sizeof *st);
	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	st->ops = se_libselinux_ops; /* root "": the real /proc */
	*ret_state = st;
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
	const struct se_state *st = state;
	const struct sysg_node *key = sysg_node_get_path(node, "isolation.selinux_context");
	struct se_service *s;
	const char *ctx;
	int r = sysg_node_string(key, &ctx, err);

	if (r < 0)
		return r;
	if (!*ctx || strpbrk(ctx, "\n\r\t ") || !strchr(ctx, ':') || strlen(ctx) >= sizeof s->context)
		return sysg_node_error(err, key, -EINVAL,
				       "'%s' is not an SELinux context (user:role:type[:level], "
				       "e.g. system_u:system_r:httpd_t:s0)",
				       ctx);
	r = st->ops.enabled();
	if (r <= 0)
		return sysg_node_error(err, key, -EOPNOTSUPP,
				       "SELinux is disabled on this system (%s); the selinux plugin "
				       "cannot run '%s' in context '%s', so it will not run",
				       r < 0 ? "is_selinux_enabled() failed"
					     : "no SELinux filesystem mounted and no policy loaded",
				       sysg_service_name(svc), ctx);
	if (st->ops.check_context(ctx) < 0)
		return sysg_node_error(err, key, -EINVAL,
				       "'%s' is not a valid context for the loaded SELinux policy; "
				       "the selinux plugin will not run '%s'",
				       ctx, sysg_service_name(svc));
	if (st->ops.enforcing() == 0)
		sysg_node_warn(key,
			       "SELinux is in permissive mode: '%s' runs in context '%s', but "
			       "what the policy denies is only logged",
			       sysg_service_name(svc), ctx);
	s = calloc(1, sizeof *s);
	if (!s)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	se_exec_attr(st->root, s->attr, sizeof s->attr);
	snprintf(s->context, sizeof s->context, "%s", ctx);
	s->length = strlen(s->context) + 1; /* with its NUL, as setexeccon writes it */
	*ret_svc_state = s;
	return 0;
}

/* 600: in the child. open and write only. */
static int step_context(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			struct sysg_error *err)
{
	return se_write_exec(svc_state, err);
}

static const char *const keys[] = {"isolation.selinux_context", NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_LSM, "selinux-exec-context", step_context},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "selinux",
	.version = PACKAGE_VERSION,
	.description = "isolation.selinux_context: the service runs in an SELinux context",
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
