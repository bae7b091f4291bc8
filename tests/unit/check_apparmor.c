/* The apparmor plugin against a fake kernel tree in a temporary directory
 * (its /sys and /proc files): enabled -> the hook writes exactly "exec
 * NAME" to the right attribute file (the AppArmor-specific one, else the
 * shared one); disabled, no securityfs, or a profile not loaded -> the
 * service is refused with the reason; and the real /proc on a kernel
 * without AppArmor makes the hook fail, never pass. */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apparmor.h"
#include "log.h"
#include "plugin_unit.h"

static struct aa_state st;
static struct sysg_service svc;
static struct document *doc;

/* Write a file below the fake root, making its directories. */
static void put(const char *rel, const char *text)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof path, "%s%s", st.root, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	ck_assert_int_eq(system(cmd), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void slurp(const char *rel, char *out, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s%s", st.root, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, out, size - 1);
	ck_assert_int_ge(n, 0);
	out[n] = '\0';
	close(fd);
}

/* AppArmor enabled, two profiles loaded, the 5.8+ attribute directory. */
static void setup(void)
{
	snprintf(st.root, sizeof st.root, "/tmp/check-apparmor.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(st.root));
	put("/sys/module/apparmor/parameters/enabled", "Y\n");
	put("/sys/kernel/security/apparmor/profiles",
	    "/usr/sbin/ntpd (enforce)\nweb (enforce)\nweb-test (complain)\n");
	put("/proc/self/attr/apparmor/exec", "");
	put("/proc/self/attr/exec", "");
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

static int configure(const char *value, struct aa_service **ret, struct sysg_error *err)
{
	char body[1024];
	void *out;
	int r;

	snprintf(body, sizeof body, "    isolation:\n      apparmor_profile: %s\n", value);
	if (doc)
		document_free(doc);
	r = plugin_unit_configure("t.yaml", body, &st, &doc, &svc, &out, err);
	*ret = out;
	return r;
}

static void refused(const char *value, const char *expected)
{
	struct aa_service *s = NULL;
	struct sysg_error err;

	ck_assert_msg(configure(value, &s, &err) < 0, "accepted: %s", value);
	ck_assert_contains(err.message, expected);
	ck_assert_ptr_null(s);
}

static void run_hook(struct aa_service *s)
{
	struct sysg_error err = {0};

	ck_assert_msg(sysg_plugin_entry()->hooks[0].fn(&st, s, NULL, &err) == 0, "%s",
		      err.message);
}

START_TEST(test_enabled_writes_exec_profile)
{
	struct aa_service *s;
	struct sysg_error err;
	char got[256], want[PATH_MAX];

	ck_assert_msg(configure("web", &s, &err) == 0, "%s", err.message);
	snprintf(want, sizeof want, "%s/proc/self/attr/apparmor/exec", st.root);
	ck_assert_str_eq(s->attr, want);
	run_hook(s);
	slurp("/proc/self/attr/apparmor/exec", got, sizeof got);
	ck_assert_str_eq(got, "exec web"); /* exactly: no newline, no NUL */
	slurp("/proc/self/attr/exec", got, sizeof got);
	ck_assert_str_eq(got, "");
	sysg_plugin_entry()->release(&st, s);

	/* A path name with slashes, as profiles for programs are named. */
	ck_assert_msg(configure("/usr/sbin/ntpd", &s, &err) == 0, "%s", err.message);
	run_hook(s);
	slurp("/proc/self/attr/apparmor/exec", got, sizeof got);
	ck_assert_str_eq(got, "exec /usr/sbin/ntpd");
	sysg_plugin_entry()->release(&st, s);
}
END_TEST

START_TEST(test_older_kernel_uses_shared_attr)
{
	struct aa_service *s;
	struct sysg_error err;
	char got[256], cmd[PATH_MAX];

	snprintf(cmd, sizeof cmd, "rm -r '%s/proc/self/attr/apparmor'", st.root);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_msg(configure("web", &s, &err) == 0, "%s", err.message);
	run_hook(s);
	slurp("/proc/self/attr/exec", got, sizeof got);
	ck_assert_str_eq(got, "exec web");
	sysg_plugin_entry()->release(&st, s);
}
END_TEST

START_TEST(test_disabled_refused)
{
	char cmd[PATH_MAX];

	put("/sys/module/apparmor/parameters/enabled", "N\n");
	refused("web", "t.yaml:4:25: services.s.isolation.apparmor_profile: apparmor is not enabled "
		       "on this kernel (/sys/module/apparmor/parameters/enabled is 'N'); the "
		       "apparmor plugin cannot confine 's' with profile 'web', so it will not run");
	snprintf(cmd, sizeof cmd, "rm -r '%s/sys/module'", st.root);
	ck_assert_int_eq(system(cmd), 0);
	refused("web", "apparmor is not enabled on this kernel "
		       "(/sys/module/apparmor/parameters/enabled: No such file or directory)");
	put("/sys/module/apparmor/parameters/enabled", "Y\n");
	snprintf(cmd, sizeof cmd, "rm -r '%s/sys/kernel/security/apparmor'", st.root);
	ck_assert_int_eq(system(cmd), 0);
	refused("web", "apparmor is not enabled on this kernel (/sys/kernel/security/apparmor: No "
		       "such file or directory (is securityfs mounted?))");
}
END_TEST

START_TEST(test_profile_must_be_loaded)
{
	struct aa_service *s;
	struct sysg_error err;
	char cmd[PATH_MAX];

	refused("nosuch", "t.yaml:4:25: services.s.isolation.apparmor_profile: the AppArmor profile "
			  "'nosuch' is not loaded (load it with apparmor_parser -r FILE)");
	/* A prefix of a loaded name is not that name. */
	refused("we", "the AppArmor profile 'we' is not loaded");
	/* Complain mode: accepted (with a warning). */
	ck_assert_msg(configure("web-test", &s, &err) == 0, "%s", err.message);
	sysg_plugin_entry()->release(&st, s);
	/* Stacks are the kernel's to resolve. */
	ck_assert_msg(configure("\"web//&other\"", &s, &err) == 0, "%s", err.message);
	ck_assert_str_eq(s->command, "exec web//&other");
	sysg_plugin_entry()->release(&st, s);
	/* An unreadable list: a warning, and the kernel decides at exec. */
	snprintf(cmd, sizeof cmd, "rm '%s/sys/kernel/security/apparmor/profiles'", st.root);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_msg(configure("nosuch", &s, &err) == 0, "%s", err.message);
	sysg_plugin_entry()->release(&st, s);
}
END_TEST

START_TEST(test_bad_values)
{
	refused("[web]", "t.yaml:4:25: services.s.isolation.apparmor_profile: expected a string, got "
			 "a list");
	refused("\"\"", "services.s.isolation.apparmor_profile: '' is not an AppArmor profile name");
	refused("\"a\\nb\"", "is not an AppArmor profile name");
	refused("unconfined", "services.s.isolation.apparmor_profile: 'unconfined' is no "
			      "confinement; to run the service without a profile, leave the key out");
}
END_TEST

START_TEST(test_hook_failure_reported)
{
	struct aa_service *s;
	struct sysg_error err = {0};
	char cmd[PATH_MAX];

	ck_assert_msg(configure("web", &s, &err) == 0, "%s", err.message);
	snprintf(cmd, sizeof cmd, "rm '%s/proc/self/attr/apparmor/exec'", st.root);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(sysg_plugin_entry()->hooks[0].fn(&st, s, NULL, &err), -ENOENT);
	ck_assert_contains(err.message, "open ");
	ck_assert_contains(err.message, "/proc/self/attr/apparmor/exec");
	/* The real kernel here, when AppArmor is not active: the write fails
	 * (no LSM takes it), so the service could not run unconfined. */
	if (access("/sys/kernel/security/apparmor", F_OK) < 0) {
		struct aa_state real = {.root = ""};

		aa_exec_attr(real.root, s->attr, sizeof s->attr);
		ck_assert_int_lt(aa_write_exec(s, &err), 0);
		ck_assert_contains(err.message, "exec web");
	}
	sysg_plugin_entry()->release(&st, s);
}
END_TEST

START_TEST(test_plugin_descriptor)
{
	plugin_unit_descriptor("apparmor", "isolation.apparmor_profile", SYSG_PRIO_LSM);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("apparmor");
	TCase *tc = tcase_create("apparmor");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_enabled_writes_exec_profile);
	tcase_add_test(tc, test_older_kernel_uses_shared_attr);
	tcase_add_test(tc, test_disabled_refused);
	tcase_add_test(tc, test_profile_must_be_loaded);
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_hook_failure_reported);
	tcase_add_test(tc, test_plugin_descriptor);
	suite_add_tcase(s, tc);
	log_set_level(LOG_LEVEL_ERROR);
	return run_suite(s);
}
