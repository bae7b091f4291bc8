/* A deliberately broken test plugin: claims a descriptor of 16 bytes */
#include "sysg/plugin.h"

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	*ret = NULL;
	return 0;
}

static const char *const keys[] = {"test.short", NULL};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = 16,
	.name = "shortsize",
	.version = "1.0",
	.description = "claims a descriptor of 16 bytes",
	.keys = keys,
	.configure = configure,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
