/* The private-tmp plugin: its key and hook, every value configure accepts
 * or refuses (with positions), the working_dir it refuses, and (as root)
 * its hook run in a forked child: /tmp and /var/tmp are fresh tmpfs mounts,
 * mode 1777, that the parent never sees. */
#include "build-config.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plugin_unit.h"

/* Configure service s of a document whose lines after "  s:" are given. */
static int configure_text(const char *body, void **ret, struct sysg_error *err)
{
	char text[1024];
	struct document *doc;
	struct sysg_service svc;
	int r;

	snprintf(text, sizeof text, "    command: x\n%s", body);
	r = plugin_unit_configure("/etc/t.yaml", text, NULL, &doc, &svc, ret, err);
	document_free(doc);
	return r;
}

static void refused(const char *body, const char *expected)
{
	struct sysg_error err;
	void *s;

	ck_assert_msg(configure_text(body, &s, &err) < 0, "accepted: %s", body);
	ck_assert_contains(err.message, expected);
	ck_assert_ptr_null(s);
}

START_TEST(test_keys_and_hooks)
{
	plugin_unit_descriptor("private-tmp", "isolation.private_tmp", SYSG_PRIO_MOUNTS);
}
END_TEST

START_TEST(test_values)
{
	struct sysg_error err;
	void *s;

	ck_assert_msg(configure_text("    isolation: { private_tmp: true }\n", &s, &err) == 0, "%s",
		      err.message);
	ck_assert_ptr_nonnull(s);
	ck_assert_msg(configure_text("    isolation: { private_tmp: false }\n", &s, &err) == 0, "%s",
		      err.message);
	ck_assert_ptr_null(s);
	refused("    isolation: { private_tmp: maybe }\n",
		"/etc/t.yaml:4:31: services.s.isolation.private_tmp: expected true or false, got "
		"'maybe'");
	refused("    isolation: { private_tmp: [true] }\n",
		"/etc/t.yaml:4:31: services.s.isolation.private_tmp: expected true or false");
	refused("    isolation:\n      private_tmp: { on: true }\n",
		"/etc/t.yaml:5:20: services.s.isolation.private_tmp: expected true or false");
}
END_TEST

START_TEST(test_working_dir_under_tmp)
{
	struct sysg_error err;
	void *s;

	refused("    working_dir: /tmp/work\n    isolation: { private_tmp: true }\n",
		"/etc/t.yaml:4:18: services.s.working_dir: the working directory /tmp/work is "
		"under /tmp, which isolation.private_tmp replaces with an empty tmpfs");
	refused("    working_dir: /var/tmp\n    isolation: { private_tmp: true }\n",
		"is under /var/tmp");
	/* /tmpfoo is not under /tmp; without private_tmp anything goes. */
	ck_assert_msg(configure_text("    working_dir: /tmpfoo\n    isolation: { private_tmp: "
				     "true }\n",
				     &s, &err) == 0,
		      "%s", err.message);
	ck_assert_msg(configure_text("    working_dir: /tmp\n    isolation: { private_tmp: "
				     "false }\n",
				     &s, &err) == 0,
		      "%s", err.message);
}
END_TEST

/* In a forked child: run the hook, then check what the kernel shows. */
static const char *child_checks(void)
{
	static char msg[2048];
	struct sysg_error err;
	struct sysg_exec_ctx ctx = {.size = sizeof ctx, .service = "s"};
	static const int on = 1;
	const char *dirs[] = {"/tmp", "/var/tmp"};

	if (sysg_plugin_entry()->hooks[0].fn(NULL, (void *)&on, &ctx, &err) < 0) {
		snprintf(msg, sizeof msg, "hook: %s: %s", err.message, strerror(-err.code));
		return msg;
	}
	for (size_t i = 0; i < 2; i++) {
		struct statfs fs;
		struct stat st;
		DIR *d;
		struct dirent *de;

		if (statfs(dirs[i], &fs) < 0 || fs.f_type != TMPFS_MAGIC)
			return "not a tmpfs";
		if (stat(dirs[i], &st) < 0 || (st.st_mode & 07777) != 01777)
			return "mode is not 1777";
		d = opendir(dirs[i]);
		while (d && (de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				return "not empty";
		if (d)
			closedir(d);
	}
	if (creat("/tmp/check_private_tmp.witness", 0600) < 0)
		return "cannot create a file";
	return NULL;
}

/* In the child: child_checks' complaint, if any, on fd. */
static int checks_in_child(int fd)
{
	const char *why = child_checks();

	if (why)
		(void)!write(fd, why, strlen(why));
	return why != NULL;
}

START_TEST(test_hook_in_child)
{
	char out[2048] = "";

	if (geteuid() != 0) {
		fprintf(stderr, "test_hook_in_child: not root, hook not run\n");
		return;
	}
	ck_assert_msg(plugin_unit_in_child(checks_in_child, out, sizeof out) == 0, "child: %s", out);
	ck_assert_msg(access("/tmp/check_private_tmp.witness", F_OK) < 0,
		      "the child's file appeared in the host's /tmp");
}
END_TEST

/* A mount that fails (here: /var covered by an empty tmpfs first, in a
 * namespace of the test's own) is reported with the key, the mount and the
 * errno, and the hook stops there. */
static int hook_over_empty_var(int fd)
{
	return plugin_unit_hook_over_empty("/var", fd);
}

START_TEST(test_hook_failure_message)
{
	char out[2048] = "";

	if (geteuid() != 0) {
		fprintf(stderr, "test_hook_failure_message: not root, hook not run\n");
		return;
	}
	ck_assert_msg(plugin_unit_in_child(hook_over_empty_var, out, sizeof out) == 0,
		      "child could not set up");
	ck_assert_int_eq(atoi(out), -ENOENT);
	ck_assert_contains(out, "isolation.private_tmp: mount tmpfs on /var/tmp (mode=1777)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("private_tmp");
	TCase *tc = tcase_create("plugin");

	tcase_add_test(tc, test_keys_and_hooks);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_working_dir_under_tmp);
	tcase_add_test(tc, test_hook_in_child);
	tcase_add_test(tc, test_hook_failure_message);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
