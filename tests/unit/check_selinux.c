/* The selinux plugin against a fake kernel in a temporary directory: the
 * parent's questions answered from a fake selinuxfs (enforce, and the
 * contexts the fake policy knows), the child's write going to a fake
 * /proc/thread-self/attr/exec. Enabled -> the hook writes exactly the
 * context and its NUL; disabled or an invalid context -> the service is
 * refused with the reason. Then libselinux on this machine: refused when
 * SELinux is disabled, and the real /proc refuses the hook's write. */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "selinux.h"
#include "plugin_unit.h"

static struct se_state st;
static struct sysg_service svc;
static struct document *doc;

static void fake_path(const char *rel, char *out, size_t size)
{
	snprintf(out, size, "%s%s", st.root, rel);
}

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];
	FILE *f;

	fake_path(rel, path, sizeof path);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	ck_assert_int_eq(system(cmd), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* The fake kernel: selinuxfs present = enabled; its enforce file; the
 * contexts its policy knows, one a line. */
static int fake_enabled(void)
{
	char path[PATH_MAX];

	fake_path("/sys/fs/selinux/enforce", path, sizeof path);
	return access(path, F_OK) == 0;
}

static int fake_enforcing(void)
{
	char path[PATH_MAX], v[4] = "";
	FILE *f;

	fake_path("/sys/fs/selinux/enforce", path, sizeof path);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(v, sizeof v, f))
		v[0] = '\0';
	fclose(f);
	return v[0] == '1';
}

static int fake_check_context(const char *ctx)
{
	char path[PATH_MAX], line[256];
	int found = 0;
	FILE *f;

	fake_path("/sys/fs/selinux/fake-policy", path, sizeof path);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		found = !strcmp(line, ctx);
	}
	fclose(f);
	return found ? 0 : -1;
}

static void setup(void)
{
	snprintf(st.root, sizeof st.root, "/tmp/check-selinux.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(st.root));
	st.ops = (struct se_ops){fake_enabled, fake_enforcing, fake_check_context};
	put("/sys/fs/selinux/enforce", "1");
	put("/sys/fs/selinux/fake-policy",
	    "system_u:system_r:httpd_t:s0\nsystem_u:system_r:sysg_test_t:s0-s0:c0.c1023\n");
	put("/proc/thread-self/attr/exec", "");
	doc = NULL;
}

static void teardown(void)
{
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", st.root);
	(void)!system(cmd);
	if (doc)
		document_free(doc);
}

static int configure(struct se_state *state, const char *value, struct se_service **ret,
		     struct sysg_error *err)
{
	char body[1024];
	void *out;
	int r;

	snprintf(body, sizeof body, "    isolation:\n      selinux_context: %s\n", value);
	if (doc)
		document_free(doc);
	r = plugin_unit_configure("t.yaml", body, state, &doc, &svc, &out, err);
	*ret = out;
	return r;
}

static void refused(struct se_state *state, const char *value, const char *expected)
{
	struct se_service *s = NULL;
	struct sysg_error err;

	ck_assert_msg(configure(state, value, &s, &err) < 0, "accepted: %s", value);
	ck_assert_contains(err.message, expected);
	ck_assert_ptr_null(s);
}

START_TEST(test_enabled_writes_context)
{
	struct se_service *s;
	struct sysg_error err = {0};
	char path[PATH_MAX], got[256];
	ssize_t n;
	int fd;

	ck_assert_msg(configure(&st, "system_u:system_r:httpd_t:s0", &s, &err) == 0, "%s",
		      err.message);
	fake_path("/proc/thread-self/attr/exec", path, sizeof path);
	ck_assert_str_eq(s->attr, path);
	ck_assert_msg(sysg_plugin_entry()->hooks[0].fn(&st, s, NULL, &err) == 0, "%s", err.message);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, got, sizeof got);
	close(fd);
	/* Exactly the context and its terminating NUL. */
	ck_assert_int_eq(n, (ssize_t)sizeof "system_u:system_r:httpd_t:s0");
	ck_assert_mem_eq(got, "system_u:system_r:httpd_t:s0", (size_t)n);
	sysg_plugin_entry()->release(&st, s);

	/* Permissive: accepted (with a warning); the context is still set. */
	put("/sys/fs/selinux/enforce", "0");
	ck_assert_msg(configure(&st, "system_u:system_r:sysg_test_t:s0-s0:c0.c1023", &s, &err) == 0,
		      "%s", err.message);
	ck_assert_str_eq(s->context, "system_u:system_r:sysg_test_t:s0-s0:c0.c1023");
	sysg_plugin_entry()->release(&st, s);
}
END_TEST

START_TEST(test_disabled_refused)
{
	char path[PATH_MAX];

	fake_path("/sys/fs/selinux/enforce", path, sizeof path);
	ck_assert_int_eq(unlink(path), 0);
	refused(&st, "system_u:system_r:httpd_t:s0",
		"t.yaml:4:24: services.s.isolation.selinux_context: SELinux is disabled on this system "
		"(no SELinux filesystem mounted and no policy loaded); the selinux plugin cannot run "
		"'s' in context 'system_u:system_r:httpd_t:s0', so it will not run");
}
END_TEST

START_TEST(test_bad_contexts)
{
	refused(&st, "system_u:system_r:nosuch_t:s0",
		"t.yaml:4:24: services.s.isolation.selinux_context: 'system_u:system_r:nosuch_t:s0' "
		"is not a valid context for the loaded SELinux policy; the selinux plugin will not "
		"run 's'");
	refused(&st, "httpd_t", "'httpd_t' is not an SELinux context (user:role:type[:level]");
	refused(&st, "\"\"", "'' is not an SELinux context");
	refused(&st, "\"a:b c\"", "is not an SELinux context");
	refused(&st, "{type: httpd_t}", "t.yaml:4:24: services.s.isolation.selinux_context: expected "
					"a string, got a mapping");
}
END_TEST

START_TEST(test_hook_failure_reported)
{
	struct se_service *s;
	struct sysg_error err = {0};
	char path[PATH_MAX];

	ck_assert_msg(configure(&st, "system_u:system_r:httpd_t:s0", &s, &err) == 0, "%s",
		      err.message);
	fake_path("/proc/thread-self/attr/exec", path, sizeof path);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(sysg_plugin_entry()->hooks[0].fn(&st, s, NULL, &err), -ENOENT);
	ck_assert_contains(err.message, "open ");
	ck_assert_contains(err.message, "/proc/thread-self/attr/exec");
	sysg_plugin_entry()->release(&st, s);
}
END_TEST

/* This machine, through libselinux, when SELinux is off here. */
START_TEST(test_real_system)
{
	struct se_state real = {.ops = se_libselinux_ops, .root = ""};
	struct se_service s = {.context = "system_u:system_r:httpd_t:s0"};
	struct sysg_error err = {0};

	if (real.ops.enabled() > 0) {
		fprintf(stderr, "SKIP: SELinux is enabled here\n");
		return;
	}
	refused(&real, "system_u:system_r:httpd_t:s0",
		"services.s.isolation.selinux_context: SELinux is disabled on this system");
	/* And the hook: the real kernel takes no exec context without an LSM
	 * that handles it, so the service could never run unlabeled. */
	se_exec_attr("", s.attr, sizeof s.attr);
	s.length = strlen(s.context) + 1;
	ck_assert_int_lt(se_write_exec(&s, &err), 0);
	ck_assert_contains(err.message, "/proc/thread-self/attr/exec");
}
END_TEST

START_TEST(test_plugin_descriptor)
{
	plugin_unit_descriptor("selinux", "isolation.selinux_context", SYSG_PRIO_LSM);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("selinux");
	TCase *tc = tcase_create("selinux");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_enabled_writes_context);
	tcase_add_test(tc, test_disabled_refused);
	tcase_add_test(tc, test_bad_contexts);
	tcase_add_test(tc, test_hook_failure_reported);
	tcase_add_test(tc, test_real_system);
	tcase_add_test(tc, test_plugin_descriptor);
	suite_add_tcase(s, tc);
	log_set_level(LOG_LEVEL_ERROR);
	return run_suite(s);
}
