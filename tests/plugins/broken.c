/* The deliberately broken test plugins, one source built several times: the
 * build defines BROKEN_NAME, BROKEN_ABI, BROKEN_SIZE and BROKEN_KEY, each
 * variant wrong in one way (see tests/local.mk). */
#include "sysg/plugin.h"

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	*ret = NULL;
	return 0;
}

static const char *const keys[] = {BROKEN_KEY, NULL};
static const struct sysg_plugin plugin = {
	.abi = BROKEN_ABI,
	.size = BROKEN_SIZE,
	.name = BROKEN_NAME,
	.version = "1.0",
	.description = "a deliberately broken plugin for the loader's tests",
	.keys = keys,
	.configure = configure,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
