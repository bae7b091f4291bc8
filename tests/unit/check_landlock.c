/* The landlock plugin: the rights each ABI handles and each list grants,
 * every refusal with its position (an ABI too old and a kernel without
 * Landlock among them, by setting the probed ABI), the check that the
 * service's program stays executable, and the hook itself in forked
 * children (what the kernel then allows and denies). */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "landlock.h"
#include "log.h"
#include "node.h"
#include "service.h"
#include "testutil.h"

#define R_FILE LANDLOCK_ACCESS_FS_READ_FILE
#define R_DIR LANDLOCK_ACCESS_FS_READ_DIR
#define X LANDLOCK_ACCESS_FS_EXECUTE

static char tmp[64];     /* a fresh directory per test */
static struct sysg_service svc;
static struct document *doc;

static const char *no_env(const char *name)
{
	return NULL;
}

static void setup(void)
{
	snprintf(tmp, sizeof tmp, "/tmp/check-landlock.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	doc = NULL;
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	(void)!system(cmd);
	if (doc)
		document_free(doc);
}

/* Service `s` with the given YAML lines (already indented by 4) after
 * `services:\n  s:\n`, so the first line is line 3. */
static const struct sysg_node *service_with(const char *body)
{
	char text[4096];
	struct sysg_error err = {0};
	int r;

	snprintf(text, sizeof text, "services:\n  s:\n%s", body);
	if (doc)
		document_free(doc);
	doc = NULL;
	r = document_parse("t.yaml", text, strlen(text), no_env, &doc, &err);
	ck_assert_msg(r == 0, "parse failed: %s", err.message);
	return sysg_node_get_path(doc->root, "services.s");
}

static int configure_at(int abi, const char *body, struct landlock_service **ret,
			struct sysg_error *err)
{
	const struct sysg_plugin *p = sysg_plugin_entry();
	struct landlock_state st = {.abi = abi};
	void *out = NULL;
	int r;

	memset(&svc, 0, sizeof svc);
	svc.name = "s";
	svc.node = service_with(body);
	err->message[0] = '\0';
	r = p->configure(&st, &svc, svc.node, &out, err);
	*ret = out;
	return r;
}

static void refused_at(int abi, const char *body, const char *expected)
{
	struct landlock_service *s = NULL;
	struct sysg_error err;

	ck_assert_msg(configure_at(abi, body, &s, &err) < 0, "accepted: %s", body);
	ck_assert_contains(err.message, expected);
	ck_assert_ptr_null(s);
	ck_assert(!svc.no_new_privs);
}

START_TEST(test_handled_per_abi)
{
	ck_assert_uint_eq(landlock_handled(0), 0);
	ck_assert_uint_eq(landlock_handled(1), 0x1fff);
	ck_assert_uint_eq(landlock_handled(2), 0x3fff);
	ck_assert_uint_eq(landlock_handled(3), 0x7fff);
	ck_assert_uint_eq(landlock_handled(4), 0x7fff); /* network only */
	ck_assert_uint_eq(landlock_handled(5), 0xffff);
	ck_assert_uint_eq(landlock_handled(7), 0xffff);
}
END_TEST

START_TEST(test_rights_per_list)
{
	uint64_t all = landlock_handled(7), rw = landlock_allowed(LANDLOCK_RW, all, true);

	/* ro_paths: read and execute, as a read-only mount. */
	ck_assert_uint_eq(landlock_allowed(LANDLOCK_RO, all, true), R_FILE | R_DIR | X);
	ck_assert_uint_eq(landlock_allowed(LANDLOCK_RO, all, false), R_FILE | X);
	ck_assert_uint_eq(landlock_allowed(LANDLOCK_EXEC, all, true), R_FILE | R_DIR | X);
	ck_assert_uint_eq(landlock_allowed(LANDLOCK_EXEC, all, false), R_FILE | X);
	ck_assert(rw & LANDLOCK_ACCESS_FS_WRITE_FILE);
	ck_assert(rw & LANDLOCK_ACCESS_FS_TRUNCATE);
	ck_assert(rw & LANDLOCK_ACCESS_FS_REFER);
	ck_assert(rw & LANDLOCK_ACCESS_FS_MAKE_REG);
	ck_assert(!(rw & X));
	ck_assert(!(rw & LANDLOCK_ACCESS_FS_MAKE_CHAR));
	ck_assert(!(rw & LANDLOCK_ACCESS_FS_MAKE_BLOCK));
	/* Never a right the ABI does not handle (the kernel refuses it). */
	ck_assert(!(landlock_allowed(LANDLOCK_RW, landlock_handled(3), true) &
		    LANDLOCK_ACCESS_FS_IOCTL_DEV));
	/* A file gets only file rights (others are EINVAL on a file). */
	ck_assert_uint_eq(landlock_allowed(LANDLOCK_RW, all, false),
			  R_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |
				  LANDLOCK_ACCESS_FS_IOCTL_DEV);
}
END_TEST

START_TEST(test_configure)
{
	struct landlock_service *s;
	struct sysg_error err;
	char body[1024], file[128];
	int fd;

	snprintf(file, sizeof file, "%s/f", tmp);
	fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(body, sizeof body,
		 "    command: \"true\"\n"
		 "    isolation:\n"
		 "      landlock: { ro_paths: [/etc, %s], rw_paths: [%s], exec_paths: [/usr, /bin] }\n",
		 file, tmp);
	ck_assert_msg(configure_at(7, body, &s, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(s->handled, 0xffff);
	ck_assert_uint_eq(s->count, 5);
	ck_assert_str_eq(s->rules[0].path, "/etc");
	ck_assert_uint_eq(s->rules[0].allowed, R_FILE | R_DIR | X);
	ck_assert_uint_eq(s->rules[1].allowed, R_FILE | X); /* a file */
	ck_assert_int_eq(s->rules[2].kind, LANDLOCK_RW);
	ck_assert_uint_eq(s->rules[3].allowed, R_FILE | R_DIR | X);
	for (size_t i = 0; i < s->count; i++)
		ck_assert_int_eq(fcntl(s->rules[i].fd, F_GETFD), FD_CLOEXEC);
	ck_assert(svc.no_new_privs);
	sysg_plugin_entry()->release(NULL, s);

	/* A kernel newer than the plugin knows is used at the known level. */
	ck_assert_msg(configure_at(9, body, &s, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(s->handled, 0xffff);
	sysg_plugin_entry()->release(NULL, s);
}
END_TEST

START_TEST(test_refusals)
{
	refused_at(7, "    isolation:\n      landlock: true\n",
		   "t.yaml:4:17: services.s.isolation.landlock: expected a mapping of path lists");
	refused_at(7, "    isolation:\n      landlock: { ro_path: [/etc] }\n",
		   "t.yaml:4:28: services.s.isolation.landlock.ro_path: unknown key 'ro_path' "
		   "(expected one of: ro_paths, rw_paths, exec_paths)");
	refused_at(7, "    isolation:\n      landlock: { ro_paths: /etc }\n",
		   "t.yaml:4:29: services.s.isolation.landlock.ro_paths: expected a list of absolute "
		   "paths, e.g. [/etc, /usr]");
	refused_at(7, "    isolation:\n      landlock: { rw_paths: [/tmp, {a: b}] }\n",
		   "services.s.isolation.landlock.rw_paths[1]: expected a string, got a mapping");
	refused_at(7, "    isolation:\n      landlock: { ro_paths: [etc] }\n",
		   "t.yaml:4:30: services.s.isolation.landlock.ro_paths[0]: 'etc' is not an absolute "
		   "path");
	refused_at(7, "    isolation:\n      landlock: { exec_paths: [/usr, /nonexistent-ll] }\n",
		   "t.yaml:4:38: services.s.isolation.landlock.exec_paths[1]: cannot open "
		   "/nonexistent-ll: No such file or directory");
	/* The kernel, faked through the probed ABI. */
	refused_at(2, "    isolation:\n      landlock: { ro_paths: [/etc] }\n",
		   "t.yaml:4:17: services.s.isolation.landlock: this kernel's Landlock (ABI 2) cannot "
		   "deny truncate(2), so files outside rw_paths could be emptied; sysg needs Landlock "
		   "ABI 3 (Linux 6.2) or newer; the landlock plugin cannot confine 's', so it will "
		   "not run");
	refused_at(-ENOSYS, "    isolation:\n      landlock: { ro_paths: [/etc] }\n",
		   "services.s.isolation.landlock: landlock is not supported by this kernel (it was "
		   "built without CONFIG_SECURITY_LANDLOCK)");
	refused_at(-EOPNOTSUPP, "    isolation:\n      landlock: { ro_paths: [/etc] }\n",
		   "landlock is not supported by this kernel (it is built in but not enabled");
}
END_TEST

START_TEST(test_program_must_be_executable)
{
	char body[1024], script[128];
	struct landlock_service *s;
	struct sysg_error err;
	FILE *f;

	/* command: runs /bin/sh, which is in neither ro_paths nor exec_paths. */
	refused_at(7,
		   "    command: \"true\"\n    isolation:\n"
		   "      landlock: { ro_paths: [/etc], exec_paths: [/var] }\n",
		   "t.yaml:5:29: services.s.isolation.landlock.ro_paths: the service's program "
		   "/bin/sh (");
	refused_at(7,
		   "    command: \"true\"\n    isolation:\n      landlock: { exec_paths: [/etc] }\n",
		   "t.yaml:5:31: services.s.isolation.landlock.exec_paths: the service's program "
		   "/bin/sh (");
	/* rw_paths never grant execute. */
	refused_at(7, "    command: \"true\"\n    isolation:\n      landlock: { rw_paths: [/usr] }\n",
		   "t.yaml:5:17: services.s.isolation.landlock: the service's program /bin/sh");
	/* The example: ro_paths alone run /bin/sh. */
	ck_assert_msg(configure_at(7,
				   "    command: \"true\"\n    isolation:\n"
				   "      landlock: { ro_paths: [/usr, /lib, /bin, /etc] }\n",
				   &s, &err) == 0,
		      "%s", err.message);
	sysg_plugin_entry()->release(NULL, s);
	/* A script: its interpreter needs the execute right too. */
	snprintf(script, sizeof script, "%s/run", tmp);
	f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(script, 0755);
	snprintf(body, sizeof body,
		 "    exec: [%s]\n    isolation:\n      landlock: { exec_paths: [%s] }\n", script, tmp);
	refused_at(7, body, "the interpreter /bin/sh (");
	/* ... and ld.so, which /usr covers on a merged-/usr system. */
	snprintf(body, sizeof body,
		 "    exec: [%s]\n    isolation:\n      landlock: { exec_paths: [%s, /usr, /bin, "
		 "/lib, /lib64] }\n",
		 script, tmp);
	if (access("/lib64", F_OK) < 0)
		snprintf(body, sizeof body,
			 "    exec: [%s]\n    isolation:\n      landlock: { exec_paths: [%s, /usr, "
			 "/bin, /lib] }\n",
			 script, tmp);
	ck_assert_msg(configure_at(7, body, &s, &err) == 0, "%s", err.message);
	sysg_plugin_entry()->release(NULL, s);
	/* A bare name is resolved at start only: not checked here. */
	ck_assert_msg(configure_at(7, "    exec: [true]\n    isolation:\n      landlock: {}\n", &s,
				   &err) == 0,
		      "%s", err.message);
	ck_assert_uint_eq(s->count, 0);
	sysg_plugin_entry()->release(NULL, s);
}
END_TEST

/* In a forked child: no_new_privs (the core's step at 700), the hook, then
 * what the kernel allows. Exit code 0 when everything was as expected,
 * otherwise the number of the first check that failed. */
static int confined_child(const struct landlock_service *s)
{
	struct sysg_error err = {0};
	char path[128];
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 10;
	if (sysg_plugin_entry()->hooks[0].fn(NULL, (void *)s, NULL, &err) < 0) {
		fprintf(stderr, "hook: %s\n", err.message);
		return 11;
	}
	snprintf(path, sizeof path, "%s/rw/new", tmp);
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1)
		return 1; /* writing beneath rw_paths works */
	close(fd);
	snprintf(path, sizeof path, "%s/ro/file", tmp);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 2; /* reading beneath ro_paths works */
	close(fd);
	if (open(path, O_WRONLY | O_CLOEXEC) >= 0 || errno != EACCES)
		return 3; /* writing beneath ro_paths does not */
	if (truncate(path, 0) == 0 || errno != EACCES)
		return 4; /* nor truncating (ABI 3) */
	snprintf(path, sizeof path, "%s/ro/made", tmp);
	if (mkdir(path, 0755) == 0 || errno != EACCES)
		return 5;
	snprintf(path, sizeof path, "%s/outside", tmp);
	if (open(path, O_RDONLY | O_CLOEXEC) >= 0 || errno != EACCES)
		return 6; /* a file in no list cannot even be read */
	if (open("/etc/hostname", O_RDONLY | O_CLOEXEC) >= 0 || errno != EACCES)
		return 7;
	return 0;
}

START_TEST(test_hook_confines)
{
	char body[1024], path[160];
	struct landlock_service *s;
	struct sysg_error err;
	int status, abi = landlock_probe_abi();
	pid_t pid;

	if (abi < LANDLOCK_MIN_ABI) {
		fprintf(stderr, "SKIP hook test: Landlock ABI %d here\n", abi);
		return;
	}
	snprintf(path, sizeof path, "%s/rw", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/ro", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/ro/file", tmp);
	ck_assert_int_eq(close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)), 0);
	snprintf(path, sizeof path, "%s/outside", tmp);
	ck_assert_int_eq(close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)), 0);
	snprintf(body, sizeof body, "    isolation:\n      landlock: { ro_paths: [%s/ro], rw_paths: [%s/rw] }\n",
		 tmp, tmp);
	ck_assert_msg(configure_at(abi, body, &s, &err) == 0, "%s", err.message);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(confined_child(s));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "check %d failed in the child",
		      WEXITSTATUS(status));
	sysg_plugin_entry()->release(NULL, s);
}
END_TEST

/* Without no_new_privs (and without CAP_SYS_ADMIN) restrict_self fails:
 * the hook reports it instead of running the service unconfined. */
static int unprivileged_child(const struct landlock_service *s)
{
	struct sysg_error err = {0};
	int r;

	if (setgid(65534) < 0 || setuid(65534) < 0)
		return 20;
	r = sysg_plugin_entry()->hooks[0].fn(NULL, (void *)s, NULL, &err);
	if (r != -EPERM || strcmp(err.message, "landlock_restrict_self"))
		return 21;
	return 0;
}

START_TEST(test_hook_reports_failure)
{
	struct landlock_service *s;
	struct sysg_error err;
	int status;
	pid_t pid;

	if (geteuid() != 0 || landlock_probe_abi() < LANDLOCK_MIN_ABI)
		return;
	ck_assert_msg(configure_at(landlock_probe_abi(),
				   "    isolation:\n      landlock: { ro_paths: [/etc] }\n", &s,
				   &err) == 0,
		      "%s", err.message);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(unprivileged_child(s));
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "check %d failed",
		      WEXITSTATUS(status));
	sysg_plugin_entry()->release(NULL, s);
}
END_TEST

START_TEST(test_plugin_descriptor)
{
	const struct sysg_plugin *p = sysg_plugin_entry();

	ck_assert_str_eq(p->name, "landlock");
	ck_assert_str_eq(p->keys[0], "isolation.landlock");
	ck_assert_ptr_null(p->keys[1]);
	ck_assert_str_eq(known_key_plugin("isolation.landlock"), "landlock");
	ck_assert_int_eq(p->hooks[0].priority, SYSG_PRIO_LANDLOCK);
	ck_assert_ptr_null(p->hooks[1].fn);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("landlock");
	TCase *tc = tcase_create("landlock");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_handled_per_abi);
	tcase_add_test(tc, test_rights_per_list);
	tcase_add_test(tc, test_configure);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_program_must_be_executable);
	/* valgrind 3.19 does not know the Landlock system calls ("WARNING:
	 * unhandled amd64-linux syscall: 444", landlock_create_ruleset, which
	 * then fails with ENOSYS): make check-valgrind leaves the hook's tests
	 * to the ordinary and sanitizer runs, everything else runs under it. */
	if (!getenv("SYSG_VALGRIND")) {
		tcase_add_test(tc, test_hook_confines);
		tcase_add_test(tc, test_hook_reports_failure);
	}
	tcase_add_test(tc, test_plugin_descriptor);
	suite_add_tcase(s, tc);
	log_set_level(LOG_LEVEL_ERROR);
	return run_suite(s);
}
