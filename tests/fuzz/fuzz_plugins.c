/* libFuzzer target: YAML bytes in, the whole config load with every plugin
 * module built in this tree loaded, so that each plugin's configure runs on
 * whatever node trees the fuzzer makes of its keys. The modules are found
 * at start (PLUGIN_BUILD_DIR/NAME/.libs/NAME.so): a plugin added to the tree
 * later is fuzzed without a change here. */
#include "build-config.h"

#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "node.h"

#ifndef PLUGIN_BUILD_DIR
#error "PLUGIN_BUILD_DIR must name the build tree's plugins directory"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char file[64];

static const char *fuzz_env(const char *name)
{
	return strcmp(name, "HOME") == 0 ? "/root" : NULL;
}

/* SYSG_PLUGIN_PATH: each directory that holds a built plugin module. */
static void find_plugins(void)
{
	char *path = NULL;
	size_t len = 0;
	glob_t g;

	if (glob(PLUGIN_BUILD_DIR "/*/.libs/*.so", 0, NULL, &g) != 0) {
		/* A build with every plugin disabled: the core alone. */
		fprintf(stderr, "fuzz_plugins: no plugin module under %s (none built?)\n",
			PLUGIN_BUILD_DIR);
		setenv("SYSG_PLUGIN_PATH", "/nonexistent", 1);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *dir = strdup(g.gl_pathv[i]);
		char *slash = dir ? strrchr(dir, '/') : NULL;

		if (!slash)
			exit(1);
		*slash = '\0';
		path = realloc(path, len + strlen(dir) + 2);
		if (!path)
			exit(1);
		len += (size_t)sprintf(path + len, "%s%s", len ? ":" : "", dir);
		fprintf(stderr, "fuzz_plugins: loading %s\n", g.gl_pathv[i]);
		free(dir);
	}
	globfree(&g);
	setenv("SYSG_PLUGIN_PATH", path, 1);
	free(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	find_plugins();
	/* Only the build tree's modules, never the installed ones. */
	setenv("SYSG_PLUGIN_DIR", "/nonexistent", 1);
	/* Config errors are the expected outcome: keep them off the screen
	 * (but not libFuzzer's own reports, which also use stderr). */
	log_set_stream(fopen("/dev/null", "w"));
	snprintf(file, sizeof file, "/tmp/sysg-fuzz-plugins-%d.yaml", (int)getpid());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct document *doc = NULL;
	struct sysg_error err;
	struct config *cfg;
	bool names_plugins;
	int fd;

	if (document_parse("fuzz.yaml", (const char *)data, size, fuzz_env, &doc, &err) < 0)
		return 0;
	/* A plugins section could name any directory to load code from. */
	names_plugins = doc->root && sysg_node_get(doc->root, "plugins");
	document_free(doc);
	if (names_plugins)
		return 0;
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
