/* What the plugin unit suites share: configure one service of a small YAML
 * document through the plugin's own entry point (as the core does at config
 * load), and check the plugin's descriptor against the known-keys table. */
#ifndef SYSG_TESTS_PLUGIN_UNIT_H
#define SYSG_TESTS_PLUGIN_UNIT_H

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "node.h"
#include "service.h"
#include "testutil.h"

static inline const char *plugin_unit_no_env(const char *name)
{
	(void)name;
	return NULL;
}

/* Parse "services:\n  s:\n" followed by body (the service's lines) as FILE,
 * and configure service s with state. *doc and *svc stay with the caller
 * (error positions and svc_state may point into them): free *doc with
 * document_free. */
static inline int plugin_unit_configure(const char *file, const char *body, void *state,
					struct document **doc, struct sysg_service *svc,
					void **ret, struct sysg_error *err)
{
	char text[2048];

	snprintf(text, sizeof text, "services:\n  s:\n%s", body);
	*doc = NULL;
	ck_assert_msg(document_parse(file, text, strlen(text), plugin_unit_no_env, doc, err) == 0,
		      "parse failed: %s", err->message);
	memset(svc, 0, sizeof *svc);
	svc->name = "s";
	svc->node = sysg_node_get_path((*doc)->root, "services.s");
	err->message[0] = '\0';
	*ret = NULL;
	return sysg_plugin_entry()->configure(state, svc, svc->node, ret, err);
}

/* A plugin owning one key with one hook at priority. */
static inline void plugin_unit_descriptor(const char *name, const char *key, int priority)
{
	const struct sysg_plugin *p = sysg_plugin_entry();

	ck_assert_str_eq(p->name, name);
	ck_assert_str_eq(p->keys[0], key);
	ck_assert_ptr_null(p->keys[1]);
	ck_assert_str_eq(known_key_plugin(key), name);
	ck_assert_int_eq(p->hooks[0].priority, priority);
	ck_assert_ptr_null(p->hooks[1].fn);
}

/* Run fn in a forked child (hooks change the process for good: mounts,
 * capabilities) and wait for it; what fn writes to its descriptor (one
 * read's worth) is put in out. The child's exit code, or -1 when it did not
 * exit. */
static inline int plugin_unit_in_child(int (*fn)(int fd), char *out, size_t size)
{
	int p[2], status;
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		_exit(fn(p[1]));
	}
	close(p[1]);
	n = read(p[0], out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* For a child: in a mount namespace of its own, cover dir with an empty
 * tmpfs, run the plugin's first hook for a service whose svc_state is the
 * boolean true, and write "RESULT MESSAGE" to fd. 2 when the cover could not
 * be made. */
static inline int plugin_unit_hook_over_empty(const char *dir, int fd)
{
	static const int on = 1;
	struct sysg_error err = {0};
	struct sysg_exec_ctx ctx = {.size = sizeof ctx, .service = "s"};
	int r;

	/* "none": the type is ignored here, and valgrind reads a NULL one. */
	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", dir, "tmpfs", 0, NULL) < 0)
		return 2;
	r = sysg_plugin_entry()->hooks[0].fn(NULL, (void *)&on, &ctx, &err);
	dprintf(fd, "%d %s", r, err.message);
	return 0;
}

#endif
