/* A test plugin whose hook always fails: owns test.fail (true), and at
 * priority 450 returns EPERM, as a real plugin would when the kernel refuses. */
#include <errno.h>

#include "sysg/plugin.h"

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	bool on;
	int r = sysg_node_bool(sysg_node_get_path(node, "test.fail"), &on, err);

	if (r < 0)
		return r;
	*ret = NULL;
	return 0;
}

static int refuse(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		  struct sysg_error *err)
{
	return sysg_error_set(err, -EPERM, "refusing on purpose for %s", ctx->service);
}

static const char *const keys[] = {"test.fail", NULL};
static const struct sysg_hook hooks[] = {{450, "refuse", refuse}, {0, NULL, NULL}};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "failhook",
	.version = "1.0",
	.description = "a plugin whose hook fails, for the tests",
	.keys = keys,
	.configure = configure,
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
