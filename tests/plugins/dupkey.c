/* A deliberately broken test plugin: owns the key of the good plugin */
#include "sysg/plugin.h"

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	*ret = NULL;
	return 0;
}

static const char *const keys[] = {"test.good", NULL};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "dupkey",
	.version = "1.0",
	.description = "owns the key of the good plugin",
	.keys = keys,
	.configure = configure,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
