/* A deliberately broken test plugin: built for ABI 999 */
#include "sysg/plugin.h"

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	*ret = NULL;
	return 0;
}

static const char *const keys[] = {"test.badabi", NULL};
static const struct sysg_plugin plugin = {
	.abi = 999,
	.size = sizeof(struct sysg_plugin),
	.name = "badabi",
	.version = "1.0",
	.description = "built for ABI 999",
	.keys = keys,
	.configure = configure,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
