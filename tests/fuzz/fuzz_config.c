/* libFuzzer target: YAML bytes in, the config reader and every node
 * accessor exercised, then (when the input names no plugins) the whole config
 * load: service keys, credentials, environment, dependencies. */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "node.h"

static const char *fuzz_env(const char *name)
{
	return strcmp(name, "HOME") == 0 ? "/root" : NULL;
}

static void walk(const struct sysg_node *n, int depth)
{
	static const char *const keys[] = {"command", "exec", "user", NULL};
	struct sysg_error err;
	const char *s;
	bool b;
	long long i;
	uint64_t u;
	char **v;

	if (!n || depth > 70)
		return;
	(void)sysg_node_string(n, &s, &err);
	(void)sysg_node_bool(n, &b, &err);
	(void)sysg_node_int(n, -100, 100, &i, &err);
	(void)sysg_node_size(n, &u, &err);
	(void)sysg_node_duration_ms(n, &u, &err);
	if (sysg_node_string_list(n, &v, &err) == 0)
		sysg_strv_free(v);
	(void)sysg_node_check_keys(n, keys, &err);
	(void)sysg_node_get_path(n, "services.web.limits.nofile");
	(void)sysg_node_path(n);
	for (size_t k = 0; k < sysg_node_count(n); k++) {
		(void)sysg_node_key_at(n, k);
		walk(sysg_node_at(n, k), depth + 1);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char file[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Only the built-in core: no plugin directory to load from. */
	setenv("SYSG_PLUGIN_PATH", "/nonexistent", 1);
	/* Config errors are the expected outcome: keep them off the screen
	 * (but not libFuzzer's own reports, which also use stderr). */
	log_set_stream(fopen("/dev/null", "w"));
	snprintf(file, sizeof file, "/tmp/sysg-fuzz-config-%d.yaml", (int)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct document *doc = NULL;
	struct sysg_error err;
	struct config *cfg;
	int fd;

	if (document_parse("fuzz.yaml", (const char *)data, size, fuzz_env, &doc, &err) < 0)
		return 0;
	walk(doc->root, 0);
	/* A plugins section could name any directory to load code from. */
	if (sysg_node_get(doc->root, "plugins")) {
		document_free(doc);
		return 0;
	}
	document_free(doc);
	/* config_load reads a file (and resolves its path). */
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size && config_load(file, NULL, false, &cfg) == 0)
		config_unref(cfg);
	close(fd);
	unlink(file);
	return 0;
}
