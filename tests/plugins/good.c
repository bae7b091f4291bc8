/* A well-formed test plugin: owns test.good (a file path), takes settings
 * plugins.good.greeting, and has two hooks at one priority that append
 * "good:first" and "good:second" to that file, so tests see that and in which
 * order they ran. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sysg/plugin.h"

struct svc {
	char line[256];
	size_t len;
	char path[256];
};

static int init(const struct sysg_node *settings, void **ret, struct sysg_error *err)
{
	static const char *const keys[] = {"greeting", NULL};

	if (settings && sysg_node_check_keys(settings, keys, err) < 0)
		return -EINVAL;
	*ret = NULL;
	return 0;
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret, struct sysg_error *err)
{
	const struct sysg_node *n = sysg_node_get_path(node, "test.good");
	const char *value;
	struct svc *s;
	int r = sysg_node_string(n, &value, err);

	if (r < 0)
		return r;
	if (!strcmp(value, "reject"))
		return sysg_node_error(err, n, -EINVAL, "good plugin rejects '%s'", value);
	s = calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	/* The value names a file the hooks append to, so tests can see that
	 * and in which order they ran. */
	strncpy(s->path, value, sizeof s->path - 1);
	*ret = s;
	return 0;
}

static void release(void *state, void *svc_state)
{
	free(svc_state);
}

static int trace(const struct svc *s, const char *what)
{
	int fd = open(s->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	(void)!write(fd, what, strlen(what));
	close(fd);
	return 0;
}

static int first(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		 struct sysg_error *err)
{
	int r = trace(svc_state, "good:first\n");

	return r < 0 ? sysg_error_set(err, r, "open %s", ((struct svc *)svc_state)->path) : 0;
}

static int second(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		  struct sysg_error *err)
{
	int r = trace(svc_state, "good:second\n");

	return r < 0 ? sysg_error_set(err, r, "open %s", ((struct svc *)svc_state)->path) : 0;
}

static const char *const keys[] = {"test.good", NULL};
static const struct sysg_hook hooks[] = {
	{450, "first", first},
	{450, "second", second},
	{0, NULL, NULL},
};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "good",
	.version = "1.0",
	.description = "a well-formed plugin for the tests",
	.keys = keys,
	.init = init,
	.configure = configure,
	.release = release,
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
