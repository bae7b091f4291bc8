/* SPDX-License-Identifier: MIT */
/*
 * hello: a complete out-of-tree sysg plugin. It owns the key `hello.nice`
 * (a niceness, -20..19), checks it when the config is loaded, and applies it
 * in the child just before the core changes credentials, so that lowering
 * the niceness (a negative value) still has root's privilege.
 *
 *     services:
 *       batch:
 *         command: ./crunch
 *         user: nobody
 *         hello: { nice: 10 }
 *
 * Build and install against the installed SDK with the Makefile beside it.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <sysg/plugin.h>

/* Between "namespaces/mounts" and the core's credentials step. */
#define HELLO_PRIO (SYSG_PRIO_CREDENTIALS - 10)

struct hello {
	int nice;
};

/* Parent, at config load: validate and keep what the hook needs. */
static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	static const char *const keys[] = {"nice", NULL};
	const struct sysg_node *section = sysg_node_get(node, "hello");
	struct hello *h;
	long long nice;
	int r;

	/* Unknown keys inside our section are ours to refuse. */
	r = sysg_node_check_keys(section, keys, err);
	if (r < 0)
		return r;
	r = sysg_node_int(sysg_node_get(section, "nice"), -20, 19, &nice, err);
	if (r < 0)
		return r;
	h = malloc(sizeof *h);
	if (!h)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	h->nice = (int)nice;
	*ret = h;
	return 0;
}

static void release(void *state, void *svc_state)
{
	free(svc_state);
}

/* Child, between fork and exec: one system call, no allocation. */
static int apply(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		 struct sysg_error *err)
{
	const struct hello *h = svc_state;

	if (setpriority(PRIO_PROCESS, 0, h->nice) < 0)
		return sysg_error_set(err, -errno, "setpriority %d", h->nice);
	return 0;
}

static const char *const keys[] = {"hello.nice", NULL};
static const struct sysg_hook hooks[] = {
	{HELLO_PRIO, "nice", apply},
	{0, NULL, NULL},
};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "hello",
	.version = "1.0",
	.description = "sets a service's niceness (an SDK example)",
	.keys = keys,
	.configure = configure,
	.release = release,
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
