/* The private-devices plugin: its key and hook, every value configure
 * accepts or refuses (with positions), the capabilities it refuses to keep,
 * and (as root) its hook run in a forked child: /dev holds exactly the
 * listed entries, the nodes work, /dev is read-only but /dev/shm is not,
 * and CAP_MKNOD and CAP_SYS_RAWIO are gone from the bounding set. */
#include "build-config.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
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
	r = plugin_unit_configure("t.yaml", text, NULL, &doc, &svc, ret, err);
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
	plugin_unit_descriptor("private-devices", "isolation.private_devices", SYSG_PRIO_MOUNTS);
}
END_TEST

START_TEST(test_values)
{
	struct sysg_error err;
	void *s;

	ck_assert_msg(configure_text("    isolation: { private_devices: yes }\n", &s, &err) == 0,
		      "%s", err.message);
	ck_assert_ptr_nonnull(s);
	ck_assert_msg(configure_text("    isolation: { private_devices: false }\n", &s, &err) == 0,
		      "%s", err.message);
	ck_assert_ptr_null(s);
	refused("    isolation: { private_devices: 1x }\n",
		"t.yaml:4:35: services.s.isolation.private_devices: expected true or false, got "
		"'1x'");
	refused("    isolation: { private_devices: {} }\n",
		"t.yaml:4:35: services.s.isolation.private_devices: expected true or false");
}
END_TEST

START_TEST(test_capabilities_it_drops)
{
	struct sysg_error err;
	void *s;

	refused("    capabilities: [CAP_CHOWN, CAP_MKNOD]\n    isolation: { private_devices: true "
		"}\n",
		"t.yaml:4:31: services.s.capabilities[1]: CAP_MKNOD cannot be kept with "
		"isolation.private_devices: true, which drops it from the bounding set");
	refused("    capabilities: [sys_rawio]\n    isolation: { private_devices: true }\n",
		"services.s.capabilities[0]: CAP_SYS_RAWIO cannot be kept");
	/* Without a private /dev, or with other capabilities, no conflict. */
	ck_assert_msg(configure_text("    capabilities: [CAP_MKNOD]\n    isolation: { "
				     "private_devices: false }\n",
				     &s, &err) == 0,
		      "%s", err.message);
	ck_assert_msg(configure_text("    capabilities: [CAP_SYS_NICE]\n    isolation: { "
				     "private_devices: true }\n",
				     &s, &err) == 0,
		      "%s", err.message);
}
END_TEST

/* In a forked child: run the hook, then check what the kernel shows. */
static const char *child_checks(void)
{
	static char msg[2048];
	static const int on = 1;
	const char *want = " fd full null ptmx pts random shm stderr stdin stdout tty urandom zero";
	char got[512] = "";
	struct sysg_error err;
	struct sysg_exec_ctx ctx = {.size = sizeof ctx, .service = "s"};
	struct dirent **names;
	char byte;
	int n, fd;

	if (sysg_plugin_entry()->hooks[0].fn(NULL, (void *)&on, &ctx, &err) < 0) {
		snprintf(msg, sizeof msg, "hook: %s: %s", err.message, strerror(-err.code));
		return msg;
	}
	n = scandir("/dev", &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			strcat(got, " ");
			strcat(got, names[i]->d_name);
		}
		free(names[i]);
	}
	if (strcmp(got, want)) {
		snprintf(msg, sizeof msg, "/dev holds%s", got);
		return msg;
	}
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || write(fd, "x", 1) != 1)
		return "cannot write /dev/null";
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, &byte, 1) != 1)
		return "cannot read /dev/urandom";
	close(fd);
	if (open("/dev/new", O_WRONLY | O_CREAT, 0600) >= 0 || errno != EROFS)
		return "/dev is not read-only";
	if (open("/dev/shm/new", O_WRONLY | O_CREAT, 0600) < 0)
		return "/dev/shm is not writable";
	if (open("/dev/ptmx", O_RDWR | O_NOCTTY) < 0)
		return "cannot open /dev/ptmx";
	if (prctl(PR_CAPBSET_READ, CAP_MKNOD, 0, 0, 0) != 0 ||
	    prctl(PR_CAPBSET_READ, CAP_SYS_RAWIO, 0, 0, 0) != 0)
		return "CAP_MKNOD or CAP_SYS_RAWIO still in the bounding set";
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
	/* The parent's /dev is the host's, untouched. */
	ck_assert_int_eq(access("/dev/shm/new", F_OK), -1);
}
END_TEST

/* A mount that fails (here: /dev covered by an empty tmpfs first, in a
 * namespace of the test's own) is reported with the key, the mount and the
 * errno, and the hook stops there. */
static int hook_over_empty_dev(int fd)
{
	return plugin_unit_hook_over_empty("/dev", fd);
}

START_TEST(test_hook_failure_message)
{
	char out[2048] = "";

	if (geteuid() != 0) {
		fprintf(stderr, "test_hook_failure_message: not root, hook not run\n");
		return;
	}
	ck_assert_msg(plugin_unit_in_child(hook_over_empty_dev, out, sizeof out) == 0,
		      "child could not set up");
	ck_assert_int_eq(atoi(out), -ENOENT);
	ck_assert_contains(out, "isolation.private_devices: open_tree /dev/null (a bind mount of "
				"the host's node)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("private_devices");
	TCase *tc = tcase_create("plugin");

	tcase_add_test(tc, test_keys_and_hooks);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_capabilities_it_drops);
	/* valgrind 3.19 does not know open_tree ("WARNING: unhandled
	 * amd64-linux syscall: 428", then ENOSYS), which the hook needs for
	 * every device node: make check-valgrind leaves the hook's tests to the
	 * ordinary and sanitizer runs, everything else runs under it. */
	if (!getenv("SYSG_VALGRIND")) {
		tcase_add_test(tc, test_hook_in_child);
		tcase_add_test(tc, test_hook_failure_message);
	}
	suite_add_tcase(s, tc);
	return run_suite(s);
}
