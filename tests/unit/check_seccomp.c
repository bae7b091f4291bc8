/* The seccomp plugin: policies parsed and refused (every mistake listed,
 * with positions), compiled once per distinct policy, and each compiled
 * program loaded by the plugin's own hook in a forked child whose system
 * calls then show what the filter does. Named check_seccomp so that a
 * valgrind run can leave it out (valgrind cannot run filtered code). */
#include "build-config.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "node.h"
#include "policy.h"
#include "profiles.h"
#include "service.h"
#include "testutil.h"

static const char *no_env(const char *name)
{
	return NULL;
}

/* A document whose service s has isolation.seccomp: VALUE (VALUE may span
 * lines, indented for the key's level). */
static struct document *parse(const char *value)
{
	struct document *doc = NULL;
	struct sysg_error err = {0};
	char text[4096];
	int r;

	snprintf(text, sizeof text, "services:\n  s:\n    command: x\n    isolation:\n      seccomp: %s\n",
		 value);
	r = document_parse("t.yaml", text, strlen(text), no_env, &doc, &err);
	ck_assert_msg(r == 0, "parse failed: %s", err.message);
	return doc;
}

static void *plugin_state(void)
{
	struct sysg_error err = {0};
	void *state = NULL;

	ck_assert_msg(sysg_plugin_entry()->init(NULL, &state, &err) == 0, "%s", err.message);
	return state;
}

static int configure(void *state, struct document *doc, struct sysg_service *svc, void **ret,
		     struct sysg_error *err)
{
	memset(svc, 0, sizeof *svc);
	svc->name = "s";
	svc->node = sysg_node_get_path(doc->root, "services.s");
	err->message[0] = '\0';
	return sysg_plugin_entry()->configure(state, svc, svc->node, ret, err);
}

/* The compiled program of VALUE for a service (state kept by the caller). */
static void *compiled(void *state, const char *value)
{
	struct document *doc = parse(value);
	struct sysg_service svc;
	struct sysg_error err;
	void *s = NULL;

	ck_assert_msg(configure(state, doc, &svc, &s, &err) == 0, "%s: %s", value, err.message);
	ck_assert_msg(svc.no_new_privs, "the plugin did not ask for no_new_privs");
	document_free(doc);
	return s;
}

/* Fork; in the child set no_new_privs (the core's step 700), run the
 * plugin's hook (800) with svc_state, then body(); its return is the exit
 * code. Returns the wait status. */
static int run_filtered(void *state, void *svc_state, int (*body)(void))
{
	const struct sysg_hook *hook = &sysg_plugin_entry()->hooks[0];
	pid_t pid;
	int status;

	ck_assert_int_eq(hook->priority, SYSG_PRIO_SECCOMP);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct sysg_exec_ctx ctx = {.size = sizeof ctx, .service = "s", .report_fd = -1};
		struct sysg_error err = {0};

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			_exit(90);
		if (hook->fn(state, svc_state, &ctx, &err) < 0)
			_exit(91);
		_exit(body());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

static void expect_exit(int status, int code)
{
	ck_assert_msg(WIFEXITED(status), "the child died by signal %d", WTERMSIG(status));
	ck_assert_msg(WEXITSTATUS(status) == code, "the child exited %d, expected %d",
		      WEXITSTATUS(status), code);
}

/* Check the result of one call in the child: exit with a code naming the
 * first check that failed. */
#define EXPECT(n, cond)                                                                    \
	do {                                                                               \
		if (!(cond))                                                               \
			return (n);                                                        \
	} while (0)

static const char scratch[] = "/tmp/sysg-check-seccomp-dir";

static int seccomp_mode(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	const char *line;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	line = strstr(buf, "\nSeccomp:");
	return line ? atoi(line + strlen("\nSeccomp:")) : -1;
}

static int body_deny_mkdir(void)
{
	EXPECT(10, seccomp_mode() == 2);
	EXPECT(11, mkdir(scratch, 0755) < 0 && errno == EPERM);
	EXPECT(12, syscall(SYS_mkdirat, AT_FDCWD, scratch, 0755) < 0 && errno == EPERM);
	EXPECT(13, getpid() > 0 && access("/", F_OK) == 0);
	return 0;
}

START_TEST(test_deny_gets_errno)
{
	void *state = plugin_state();
	void *s = compiled(state, "{ deny: [mkdir, mkdirat] }");

	rmdir(scratch);
	expect_exit(run_filtered(state, s, body_deny_mkdir), 0);
	ck_assert_msg(access(scratch, F_OK) < 0, "the filtered child made %s", scratch);
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->fini(state);
}
END_TEST

static int body_eacces(void)
{
	EXPECT(10, mkdir(scratch, 0755) < 0 && errno == EACCES);
	return 0;
}

/* An errno by name (any case) or number; equal policies share a program. */
START_TEST(test_errno_and_sharing)
{
	void *state = plugin_state();
	void *a = compiled(state, "{ deny: [mkdir], errno: EACCES }");
	void *b = compiled(state, "{ deny: [mkdir], errno: 13 }");
	void *c = compiled(state, "{ deny: [mkdir], errno: eacces }");
	void *d = compiled(state, "{ deny: [mkdir] }");

	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_eq(a, c);
	ck_assert_ptr_ne(a, d);
	expect_exit(run_filtered(state, b, body_eacces), 0);
	sysg_plugin_entry()->release(state, a);
	sysg_plugin_entry()->release(state, b);
	/* Still used by c: must still work. */
	expect_exit(run_filtered(state, c, body_eacces), 0);
	sysg_plugin_entry()->release(state, c);
	sysg_plugin_entry()->release(state, d);
	sysg_plugin_entry()->fini(state);
}
END_TEST

static int body_args(void)
{
	int fd;

	EXPECT(10, dup(100) < 0 && errno == EPERM);
	/* 010 is ten, not eight: dup(8) reaches the kernel (EBADF, closed). */
	EXPECT(14, dup(10) < 0 && errno == EPERM);
	close(8);
	EXPECT(15, dup(8) < 0 && errno == EBADF);
	fd = dup(1);
	EXPECT(11, fd >= 0);
	close(fd);
	EXPECT(12, socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0) < 0 && errno == EPERM);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	EXPECT(13, fd >= 0);
	close(fd);
	return 0;
}

START_TEST(test_argument_rules)
{
	void *state = plugin_state();
	void *s = compiled(state,
			   "\n        deny:\n"
			   "          - { name: dup, args: [{ index: 0, op: eq, value: 100 }] }\n"
			   "          - { name: dup, args: [{ index: 0, op: eq, value: 010 }] }\n"
			   "          - name: socket\n"
			   "            args: [{ index: 1, op: masked_eq, mask: 0xf, value: 2 }]\n");

	expect_exit(run_filtered(state, s, body_args), 0);
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->fini(state);
}
END_TEST

static int body_kill(void)
{
	(void)mkdir(scratch, 0755);
	return 0;
}

START_TEST(test_kill_and_note)
{
	void *state = plugin_state();
	void *s = compiled(state, "{ profile: baseline, default_action: kill, deny: [mkdir, mkdirat] }");
	int status;
	char note[128] = "";

	status = run_filtered(state, s, body_kill);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS, "status 0x%x", status);
	ck_assert_msg(access(scratch, F_OK) < 0, "the filtered child made %s", scratch);
	sysg_plugin_entry()->after_exit(state, s, 1, status, note, sizeof note);
	ck_assert_str_eq(note, "a system call its seccomp filter forbids (isolation.seccomp)");
	/* Another death says nothing. */
	note[0] = '\0';
	sysg_plugin_entry()->after_exit(state, s, 1, SIGTERM, note, sizeof note);
	ck_assert_str_eq(note, "");
	sysg_plugin_entry()->release(state, s);
	/* A filter that only returns errors cannot send SIGSYS: no note. */
	s = compiled(state, "baseline");
	sysg_plugin_entry()->after_exit(state, s, 1, SIGSYS, note, sizeof note);
	ck_assert_str_eq(note, "");
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->fini(state);
}
END_TEST

/*
 * Under baseline: what ordinary programs do works, administration does not,
 * and the core's exec step (close_range, prctl, getppid, execve) runs.
 */
static int body_baseline(void)
{
	char tmpl[] = "/tmp/sysg-check-seccomp-XXXXXX";
	struct clone_args { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
			    stack_size, tls; } ca = {.exit_signal = SIGCHLD};
	int fd, status;
	pid_t pid;

	fd = mkstemp(tmpl);
	EXPECT(10, fd >= 0);
	EXPECT(11, fchmod(fd, 0600) == 0 && chmod(tmpl, 0640) == 0);
	EXPECT(12, write(fd, "x", 1) == 1 && close(fd) == 0 && unlink(tmpl) == 0);
	pid = fork();
	if (pid == 0)
		_exit(7);
	EXPECT(13, pid > 0 && waitpid(pid, &status, 0) == pid && WEXITSTATUS(status) == 7);
	EXPECT(14, unshare(CLONE_NEWUTS) < 0 && errno == EPERM);
	EXPECT(15, syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0) < 0 && errno == EPERM);
	EXPECT(16, syscall(SYS_clone3, &ca, sizeof ca) < 0 && errno == ENOSYS);
	EXPECT(17, mount("none", "/mnt", "tmpfs", 0, NULL) < 0 && errno == EPERM);
	EXPECT(18, syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0) < 0 && errno == EPERM);
	EXPECT(19, seccomp_mode() == 2);
	/* The core's exec step, after the filter. */
	EXPECT(20, syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0);
	EXPECT(21, prctl(PR_SET_PDEATHSIG, SIGKILL) == 0);
	EXPECT(22, getppid() > 0);
	execl("/bin/sh", "sh", "-c", "echo ok >/dev/null && exit 42", (char *)NULL);
	return 23;
}

START_TEST(test_baseline)
{
	void *state = plugin_state();
	void *s = compiled(state, "baseline");
	void *same = compiled(state, "{ profile: baseline }");

	ck_assert_ptr_eq(s, same);
	expect_exit(run_filtered(state, s, body_baseline), 42);
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->release(state, same);
	sysg_plugin_entry()->fini(state);
}
END_TEST

static int body_allow_args(void)
{
	EXPECT(10, personality(0xffffffff) >= 0);
	EXPECT(11, personality(PER_LINUX) < 0 && errno == EPERM);
	return 0;
}

static int body_no_fork(void)
{
	EXPECT(10, fork() < 0 && errno == EPERM);
	EXPECT(11, mkdir(scratch, 0755) == 0 && rmdir(scratch) == 0);
	return 0;
}

static int body_log(void)
{
	EXPECT(10, mkdir(scratch, 0755) < 0 && errno == EPERM);
	/* Not denied: allowed (and logged). */
	EXPECT(11, personality(0xffffffff) >= 0);
	return 0;
}

static int body_trap(void)
{
	(void)personality(0xffffffff);
	return 0;
}

/*
 * Rules that meet on one system call: an allow with arguments next to the
 * profile's, a plain deny that removes the profile's conditional clone, and
 * the log and trap actions.
 */
START_TEST(test_rules_combine)
{
	void *state = plugin_state();
	void *s = compiled(state, "{ profile: baseline, allow: [{ name: personality, args: [{ index: "
				  "0, op: eq, value: 0xffffffff }] }] }");
	int status;

	expect_exit(run_filtered(state, s, body_allow_args), 0);
	sysg_plugin_entry()->release(state, s);
	s = compiled(state, "{ profile: baseline, allow: [clone] }");
	sysg_plugin_entry()->release(state, s);
	s = compiled(state, "{ profile: baseline, deny: [clone, fork, vfork] }");
	rmdir(scratch);
	expect_exit(run_filtered(state, s, body_no_fork), 0);
	sysg_plugin_entry()->release(state, s);
	s = compiled(state, "{ default_action: log, deny: [mkdir, mkdirat] }");
	expect_exit(run_filtered(state, s, body_log), 0);
	sysg_plugin_entry()->release(state, s);
	s = compiled(state, "{ profile: baseline, default_action: trap }");
	status = run_filtered(state, s, body_trap);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS, "status 0x%x", status);
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->fini(state);
}
END_TEST

/*
 * The kernel refuses a filter to a process without no_new_privs and without
 * CAP_SYS_ADMIN: the hook reports it (the service would not run) with a
 * message that says what it tried.
 */
START_TEST(test_hook_failure)
{
	void *state = plugin_state();
	void *s = compiled(state, "{ deny: [mkdir] }");
	const struct sysg_hook *hook = &sysg_plugin_entry()->hooks[0];
	pid_t pid = fork();
	int status;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
		struct __user_cap_data_struct none[2] = {{0}};
		struct sysg_exec_ctx ctx = {.size = sizeof ctx, .service = "s", .report_fd = -1};
		struct sysg_error err = {0};
		int r;

		if (syscall(SYS_capset, &h, none) < 0)
			_exit(90);
		r = hook->fn(state, s, &ctx, &err);
		if (r != -EACCES || err.code != -EACCES)
			_exit(91);
		if (!strstr(err.message, "prctl(PR_SET_SECCOMP) loading a filter of ") ||
		    !strstr(err.message, "(isolation.seccomp)"))
			_exit(92);
		_exit(seccomp_mode() == 0 ? 0 : 93);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	expect_exit(status, 0);
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->fini(state);
}
END_TEST

#ifdef __x86_64__
/* A 32-bit system call from this 64-bit process: the x86 entry point a
 * filter covering only x86_64 would leave open. */
static long int80(long nr, long a)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a) : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

enum { I386_GETPID = 20, I386_DUP = 41 };

static int body_compat_denied(void)
{
	EXPECT(10, int80(I386_DUP, 1) == -EPERM);
	EXPECT(11, dup(1) < 0 && errno == EPERM);
	EXPECT(12, int80(I386_GETPID, 0) == getpid());
	return 0;
}

static int body_compat_call(void)
{
	(void)int80(I386_GETPID, 0);
	return 0;
}

/*
 * On x86_64 the default covers x86 by the same names, so int 0x80 is no way
 * around a deny; a filter for the native architecture alone kills a
 * process that makes a 32-bit call at all.
 */
START_TEST(test_compat_arch)
{
	void *state = plugin_state();
	void *s;
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(int80(I386_GETPID, 0) == getpid() ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("check_seccomp: this kernel runs no 32-bit system calls (ia32 emulation off): "
		       "test_compat_arch not run\n");
		sysg_plugin_entry()->fini(state);
		return;
	}
	s = compiled(state, "{ deny: [dup] }");
	expect_exit(run_filtered(state, s, body_compat_denied), 0);
	sysg_plugin_entry()->release(state, s);
	s = compiled(state, "{ deny: [dup], architectures: [native] }");
	status = run_filtered(state, s, body_compat_call);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS, "status 0x%x", status);
	sysg_plugin_entry()->release(state, s);
	sysg_plugin_entry()->fini(state);
}
END_TEST
#endif

/* Every name of the frozen list is one this libseccomp knows, and the
 * policy's rules leave nothing the compiler would refuse. */
START_TEST(test_baseline_names)
{
	const struct sc_profile *p = sc_profile_find("baseline");
	unsigned n = 0;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_null(sc_profile_find("Baseline"));
	for (const char *const *s = p->allow; *s; s++, n++)
		ck_assert_msg(seccomp_syscall_resolve_name(*s) != __NR_SCMP_ERROR,
			      "libseccomp does not know '%s'", *s);
	for (size_t i = 0; i < p->n_rules; i++)
		ck_assert_msg(seccomp_syscall_resolve_name(p->rules[i].name) != __NR_SCMP_ERROR,
			      "libseccomp does not know '%s'", p->rules[i].name);
	ck_assert_uint_gt(n, 200);
}
END_TEST

START_TEST(test_architectures)
{
	struct document *doc = parse("{ deny: [mkdir], architectures: [native] }");
	struct document *dflt = parse("{ deny: [mkdir] }");
	struct sc_policy p;
	struct sysg_error err;

	ck_assert_int_eq(sc_policy_parse(sysg_node_get_path(doc->root, "services.s.isolation.seccomp"),
					 &p, &err), 0);
	ck_assert_uint_eq(p.n_arches, 1);
	ck_assert_uint_eq(p.arches[0], seccomp_arch_native());
	sc_policy_free(&p);
	ck_assert_int_eq(sc_policy_parse(sysg_node_get_path(dflt->root, "services.s.isolation.seccomp"),
					 &p, &err), 0);
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		ck_assert_uint_eq(p.n_arches, 2);
		ck_assert_uint_eq(p.arches[1], SCMP_ARCH_X86);
	}
	sc_policy_free(&p);
	document_free(doc);
	document_free(dflt);
}
END_TEST

static void refused(const char *value, const char *expected)
{
	struct document *doc = parse(value);
	void *state = plugin_state();
	struct sysg_service svc;
	struct sysg_error err;
	void *s = NULL;

	ck_assert_msg(configure(state, doc, &svc, &s, &err) < 0, "accepted %s", value);
	ck_assert_contains(err.message, expected);
	ck_assert_ptr_null(s);
	sysg_plugin_entry()->fini(state);
	document_free(doc);
}

START_TEST(test_refusals)
{
	/* Every unknown name, each with its position. */
	refused("{ deny: [mkdir, frobnicate, mkdirat, zork] }",
		"t.yaml:5:32: services.s.isolation.seccomp.deny[1]: unknown system call "
		"'frobnicate'\n"
		"t.yaml:5:53: services.s.isolation.seccomp.deny[3]: unknown system call 'zork'");
	refused("{ default_action: explode, deny: [mkdir] }",
		"t.yaml:5:34: services.s.isolation.seccomp.default_action: unknown action 'explode' "
		"(expected one of allow, errno, kill, log, trap)");
	refused("{ deny: [mkdir], errno: EFOO }", "unknown errno 'EFOO'");
	refused("{ deny: [mkdir], errno: 0 }", "unknown errno '0'");
	refused("{ deny: [mkdir], errno: 4096 }", "unknown errno '4096'");
	refused("{ deny: [mkdir], architectures: [native, vax] }",
		"architectures[1]: unknown architecture 'vax'");
	refused("{ deny: [mkdir], architectures: [x86] }", "the native architecture must be listed");
	refused("strict", "unknown seccomp profile 'strict' (built in: baseline;");
	refused("[mkdir]", "expected a profile name (baseline) or a map");
	refused("{ deny: mkdir }", "deny: expected a list of system call names");
	refused("{ deny: [mkdir], colour: red }", "unknown key 'colour'");
	refused("{ default_action: allow }", "this filter allows every system call");
	refused("{ default_action: allow, allow: [read], deny: [mkdir] }",
		"allow has no effect when default_action is allow");
	refused("{ default_action: kill }", "this filter allows no system call");
	refused("{ profile: baseline, default_action: allow, deny: [mkdir] }",
		"a profile has no effect when default_action is allow");
	refused("{ deny: [mkdir], default_action: kill, errno: EPERM, allow: [read] }",
		"errno is only used by errno actions");
	refused("{ deny: [{ name: dup, args: [{ index: 6, op: eq, value: 1 }] }] }",
		"args[0].index: expected the argument's position, 0 to 5");
	refused("{ deny: [{ name: dup, args: [{ op: eq, value: 1 }] }] }",
		"args[0]: index: missing");
	refused("{ deny: [{ name: dup, args: [{ index: 0, op: like, value: 1 }] }] }",
		"unknown comparison 'like'");
	refused("{ deny: [{ name: dup, args: [{ index: 0, op: masked_eq, value: 1 }] }] }",
		"op masked_eq needs a mask");
	refused("{ deny: [{ name: dup, args: [{ index: 0, op: eq, value: -1 }] }] }",
		"args[0].value: expected an unsigned number");
	refused("{ deny: [{ name: dup, args: [{ index: 0, op: eq, value: 0x1g }] }] }",
		"args[0].value: expected an unsigned number");
	refused("{ profile: baseline, deny: [{ name: dup, args: [{ index: 0, op: eq, value: 1 }] }] }",
		"argument rules are not possible here: a denied call with arguments needs "
		"default_action allow or log");
	refused("{ deny: [{ args: [] }] }", "name: missing");
	refused("{ deny: [{ name: nosuchcall }] }", "unknown system call 'nosuchcall'");
	refused("{ default_action: kill, allow: [read, execve] }",
		"the filter forbids close_range, prctl, getppid, which sysg's exec step makes");
	refused("{ deny: [execve] }", "the filter forbids execve, which sysg's exec step makes");
	refused("{ profile: baseline, deny: [prctl] }", "the filter forbids prctl");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("seccomp");
	TCase *parse_tc = tcase_create("parse");
	TCase *run_tc = tcase_create("run");

	tcase_add_test(parse_tc, test_refusals);
	tcase_add_test(parse_tc, test_architectures);
	tcase_add_test(parse_tc, test_baseline_names);
	tcase_add_test(run_tc, test_deny_gets_errno);
	tcase_add_test(run_tc, test_errno_and_sharing);
	tcase_add_test(run_tc, test_argument_rules);
	tcase_add_test(run_tc, test_kill_and_note);
	tcase_add_test(run_tc, test_baseline);
	tcase_add_test(run_tc, test_rules_combine);
	tcase_add_test(run_tc, test_hook_failure);
#ifdef __x86_64__
	tcase_add_test(run_tc, test_compat_arch);
#endif
	suite_add_tcase(s, parse_tc);
	suite_add_tcase(s, run_tc);
	return run_suite(s);
}
