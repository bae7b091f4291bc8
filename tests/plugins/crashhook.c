/* A test plugin whose hook crashes (SIGSEGV) instead of returning an error:
 * owns test.crash (true). */
#include <signal.h>

#include "sysg/plugin.h"

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	bool on;

	*ret = NULL;
	return sysg_node_bool(sysg_node_get_path(node, "test.crash"), &on, err);
}

static int crash(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		 struct sysg_error *err)
{
	/* A real fault, delivered directly: under UBSan a null store would be
	 * caught and turned into an exit before the fault happens. */
	raise(SIGSEGV);
	return 0;
}

static const char *const keys[] = {"test.crash", NULL};
static const struct sysg_hook hooks[] = {{450, "crash", crash}, {0, NULL, NULL}};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "crashhook",
	.version = "1.0",
	.description = "a plugin whose hook crashes, for the tests",
	.keys = keys,
	.configure = configure,
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
