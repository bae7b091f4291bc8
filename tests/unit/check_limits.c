/* The limits plugin: every kind of value and every refusal with its
 * position, the keys it owns, and its hook run in forked children (the
 * limits the kernel then reports, and the message when a hard limit cannot
 * be raised). */
#include "build-config.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "node.h"
#include "rlimits.h"
#include "service.h"
#include "testutil.h"

static const char *no_env(const char *name)
{
	return NULL;
}

/* A document with one service `s` whose limits are the YAML flow mapping
 * given, on line 3 (so positions in messages are predictable). */
static struct document *doc_with(const char *limits)
{
	char text[1024];
	struct document *doc = NULL;
	struct sysg_error err = {0};
	int r;

	snprintf(text, sizeof text, "services:\n  s:\n    limits: %s\n", limits);
	r = document_parse("t.yaml", text, strlen(text), no_env, &doc, &err);
	ck_assert_msg(r == 0, "parse failed: %s", err.message);
	return doc;
}

/* Run the plugin's configure on service `s`; returns its result. */
static int configure(struct document *doc, struct limits_service **ret, struct sysg_error *err)
{
	const struct sysg_plugin *p = sysg_plugin_entry();
	static struct sysg_service svc;
	void *state = NULL;

	memset(&svc, 0, sizeof svc);
	svc.name = "s";
	svc.node = sysg_node_get_path(doc->root, "services.s");
	err->message[0] = '\0';
	return p->configure(NULL, &svc, svc.node, ret ? (void **)ret : &state, err);
}

static void refused(const char *limits, const char *expected)
{
	struct document *doc = doc_with(limits);
	struct limits_service *s = NULL;
	struct sysg_error err;

	ck_assert_msg(configure(doc, &s, &err) < 0, "accepted: %s", limits);
	ck_assert_contains(err.message, expected);
	ck_assert_ptr_null(s);
	document_free(doc);
}

static const struct limit *find(const struct limits_service *s, int resource)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->items[i].resource == resource)
			return &s->items[i];
	ck_abort_msg("resource %d not configured", resource);
	return NULL;
}

#define ck_assert_limit(s, res, soft_, hard_)                                               \
	do {                                                                                \
		const struct limit *l_ = find((s), (res));                                  \
		ck_assert_msg(l_->soft == (rlim_t)(soft_) && l_->hard == (rlim_t)(hard_),   \
			      #res ": %llu/%llu, expected %llu/%llu",                       \
			      (unsigned long long)l_->soft, (unsigned long long)l_->hard,   \
			      (unsigned long long)(soft_), (unsigned long long)(hard_));    \
	} while (0)

START_TEST(test_values)
{
	struct document *doc = doc_with(
		"{nofile: 1024, nproc: {soft: 10, hard: 20}, memlock: 64K, core: unlimited, "
		"stack: 8M, as: 1G, fsize: {soft: 1M, hard: infinity}, data: 2G, cpu: 1h, "
		"sigpending: 100, msgqueue: 800K, nice: -5, rtprio: 10}");
	struct limits_service *s = NULL;
	struct sysg_error err;

	ck_assert_msg(configure(doc, &s, &err) == 0, "%s", err.message);
	ck_assert_int_eq(s->count, 13);
	ck_assert_limit(s, RLIMIT_NOFILE, 1024, 1024);
	ck_assert_limit(s, RLIMIT_NPROC, 10, 20);
	ck_assert_limit(s, RLIMIT_MEMLOCK, 65536, 65536);
	ck_assert_limit(s, RLIMIT_CORE, RLIM_INFINITY, RLIM_INFINITY);
	ck_assert_limit(s, RLIMIT_STACK, 8 << 20, 8 << 20);
	ck_assert_limit(s, RLIMIT_AS, 1 << 30, 1 << 30);
	ck_assert_limit(s, RLIMIT_FSIZE, 1 << 20, RLIM_INFINITY);
	ck_assert_limit(s, RLIMIT_DATA, 2ull << 30, 2ull << 30);
	ck_assert_limit(s, RLIMIT_CPU, 3600, 3600);
	ck_assert_limit(s, RLIMIT_SIGPENDING, 100, 100);
	ck_assert_limit(s, RLIMIT_MSGQUEUE, 800 << 10, 800 << 10);
	/* nice -5: the kernel's encoding is 20 - nice. */
	ck_assert_limit(s, RLIMIT_NICE, 25, 25);
	ck_assert_limit(s, RLIMIT_RTPRIO, 10, 10);
	sysg_plugin_entry()->release(NULL, s);
	document_free(doc);
}
END_TEST

START_TEST(test_cpu_and_nice_units)
{
	static const struct {
		const char *yaml;
		int resource;
		rlim_t soft, hard;
	} cases[] = {
		{"{cpu: 5}", RLIMIT_CPU, 5, 5},
		{"{cpu: 90s}", RLIMIT_CPU, 90, 90},
		{"{cpu: 2m30s}", RLIMIT_CPU, 150, 150},
		{"{cpu: {soft: 1m, hard: 2m}}", RLIMIT_CPU, 60, 120},
		/* nice as systemd's LimitNICE=: signed, a nice value; unsigned,
		 * the kernel's number (20 - nice). */
		{"{nice: +19}", RLIMIT_NICE, 1, 1},
		{"{nice: -20}", RLIMIT_NICE, 40, 40},
		{"{nice: '+0'}", RLIMIT_NICE, 20, 20},
		{"{nice: 0}", RLIMIT_NICE, 0, 0},
		{"{nice: 25}", RLIMIT_NICE, 25, 25},
		{"{nice: 40}", RLIMIT_NICE, 40, 40},
		{"{nice: {soft: 0, hard: -10}}", RLIMIT_NICE, 0, 30},
		{"{rtprio: 0}", RLIMIT_RTPRIO, 0, 0},
		{"{rtprio: 99}", RLIMIT_RTPRIO, 99, 99},
		{"{nofile: 0}", RLIMIT_NOFILE, 0, 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct document *doc = doc_with(cases[i].yaml);
		struct limits_service *s = NULL;
		struct sysg_error err;

		ck_assert_msg(configure(doc, &s, &err) == 0, "%s: %s", cases[i].yaml, err.message);
		ck_assert_int_eq(s->count, 1);
		ck_assert_int_eq(s->items[0].resource, cases[i].resource);
		ck_assert_msg(s->items[0].soft == cases[i].soft && s->items[0].hard == cases[i].hard,
			      "%s: %llu/%llu", cases[i].yaml, (unsigned long long)s->items[0].soft,
			      (unsigned long long)s->items[0].hard);
		free(s);
		document_free(doc);
	}
}
END_TEST

START_TEST(test_refusals)
{
	refused("{nofile: -1}", "t.yaml:3:22: services.s.limits.nofile: nofile is a number of open "
				"files: a whole number or 'unlimited', got '-1'");
	refused("{nofile: 64K}", "got '64K'");
	refused("{nofile: 99999999999999999999}", "nofile: 99999999999999999999 is too large");
	refused("{nproc: many}", "services.s.limits.nproc: nproc is a number of processes");
	refused("{memlock: -5}", "t.yaml:3:23: services.s.limits.memlock: expected a size (a number "
				 "of bytes, optionally with K, M, G or T, or 'unlimited'), got '-5'");
	refused("{memlock: 10X}", "services.s.limits.memlock: expected a size");
	refused("{memlock: 1.5G}", "got '1.5G'");
	refused("{nofile: {soft: 2048, hard: 1024}}",
		"t.yaml:3:22: services.s.limits.nofile: the soft limit 2048 is above the hard limit "
		"1024");
	refused("{memlock: {soft: unlimited, hard: 1M}}",
		"the soft limit unlimited is above the hard limit 1048576");
	refused("{nice: {soft: -10, hard: -5}}",
		"the soft limit 30 is above the hard limit 25 (as RLIMIT_NICE numbers, 20 - nice)");
	refused("{nofile: {soft: 10}}", "services.s.limits.nofile: give both soft and hard");
	refused("{nofile: {soft: 1, hard: 2, max: 3}}",
		"services.s.limits.nofile.max: unknown key 'max' (expected one of: soft, hard)");
	refused("{nofile: {soft: x, hard: 2}}", "services.s.limits.nofile.soft: nofile is a number");
	refused("{nofile: [1, 2]}", "services.s.limits.nofile: expected a value or {soft: X, hard: Y}");
	refused("{nofile: }", "services.s.limits.nofile: expected a string, got no value");
	refused("{cpu: 1500ms}", "services.s.limits.cpu: cpu is counted in whole seconds, got '1500ms'");
	refused("{cpu: soon}", "services.s.limits.cpu: expected a duration");
	refused("{nice: 41}", "services.s.limits.nice: nice is a nice value with its sign (-20 to "
			      "+19), the kernel's RLIMIT_NICE number 20 - nice (0 to 40), or "
			      "'unlimited'; got '41'");
	refused("{nice: -21}", "services.s.limits.nice: a signed nice limit is a nice value from -20 "
			       "to +19, got '-21'");
	refused("{nice: 5x}", "got '5x'");
	refused("{rtprio: 100}", "rtprio is the highest real-time priority the service may set, "
				 "from 0 to 99");
	refused("{rtprio: -1}", "got '-1'");
	refused("{rss: 1G}", "services.s.limits.rss: Linux has not enforced RLIMIT_RSS since 2.4.30; "
			     "to cap memory use limits.cgroup.memory_max");
	refused("{locks: 10}", "services.s.limits.locks: Linux has not enforced RLIMIT_LOCKS");
}
END_TEST

/* The keys the plugin declares are exactly its table's and exactly what the
 * core's list of shipped keys says the limits plugin owns. */
START_TEST(test_keys_match_known_keys)
{
	const struct sysg_plugin *p = sysg_plugin_entry();
	size_t n_keys = 0, n_known = 0, n_defs = 0;

	for (const char *const *k = p->keys; *k; k++) {
		char key[64];

		ck_assert_str_eq(known_key_plugin(*k), "limits");
		ck_assert_ptr_nonnull(limit_defs[n_keys].key);
		snprintf(key, sizeof key, "limits.%s", limit_defs[n_keys].key);
		ck_assert_str_eq(*k, key);
		n_keys++;
	}
	for (size_t i = 0; known_plugin_keys[i][0]; i++)
		if (!strcmp(known_plugin_keys[i][1], "limits"))
			n_known++;
	for (const struct limit_def *d = limit_defs; d->key; d++)
		n_defs++;
	ck_assert_int_eq(n_keys, n_known);
	ck_assert_int_eq(n_keys, n_defs);
	ck_assert_str_eq(p->name, "limits");
	ck_assert_int_eq(p->hooks[0].priority, SYSG_PRIO_RLIMITS);
	ck_assert_int_eq(p->hooks[1].priority, SYSG_PRIO_FD_LIMIT);
	ck_assert_ptr_null(p->hooks[2].fn);
}
END_TEST

/* Fork; in the child run fn, which writes a line to fd and returns an exit
 * code; returns what the child wrote. */
static void in_child(int (*fn)(int fd, void *arg), void *arg, char *out, size_t size)
{
	int p[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		_exit(fn(p[1], arg));
	}
	close(p[1]);
	while ((n = read(p[0], out + len, size - 1 - (size_t)len)) > 0)
		len += n;
	out[len] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %s", out);
}

static int apply_and_report(int fd, void *arg)
{
	struct sysg_error err = {0};
	struct rlimit nofile, memlock, cpu;

	if (limits_apply(arg, LIMITS_EARLY, &err) < 0 || limits_apply(arg, LIMITS_NOFILE, &err) < 0) {
		dprintf(fd, "apply failed: %s", err.message);
		return 1;
	}
	getrlimit(RLIMIT_NOFILE, &nofile);
	getrlimit(RLIMIT_MEMLOCK, &memlock);
	getrlimit(RLIMIT_CPU, &cpu);
	dprintf(fd, "nofile %lu/%lu memlock %lu/%lu cpu %lu/%lu", (unsigned long)nofile.rlim_cur,
		(unsigned long)nofile.rlim_max, (unsigned long)memlock.rlim_cur,
		(unsigned long)memlock.rlim_max, (unsigned long)cpu.rlim_cur,
		(unsigned long)cpu.rlim_max);
	return 0;
}

/* Configure LIMITS (the service's limits mapping), run fn with the result in
 * a child, and check what it wrote. */
static void check_in_child(const char *limits, int (*fn)(int fd, void *arg), const char *expected)
{
	struct document *doc = doc_with(limits);
	struct limits_service *s = NULL;
	struct sysg_error err;
	char out[1024];

	ck_assert_msg(configure(doc, &s, &err) == 0, "%s", err.message);
	in_child(fn, s, out, sizeof out);
	ck_assert_str_eq(out, expected);
	free(s);
	document_free(doc);
}

START_TEST(test_hook_sets_limits)
{
	/* Values below any machine's hard limits: NICE and RTPRIO are 0 by
	 * default and only CAP_SYS_RESOURCE raises them. */
	check_in_child("{nofile: {soft: 100, hard: 200}, memlock: {soft: 4K, hard: 8K}, cpu: 1m}",
		       apply_and_report, "nofile 100/200 memlock 4096/8192 cpu 60/60");
}
END_TEST

/* Drop CAP_SYS_RESOURCE from the effective set, as sysg lacks it here. */
static void drop_sys_resource(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) == 0) {
		d[CAP_SYS_RESOURCE / 32].effective &= ~(1u << (CAP_SYS_RESOURCE % 32));
		(void)syscall(SYS_capset, &h, d);
	}
}

static int apply_above_hard(int fd, void *arg)
{
	struct rlimit low = {.rlim_cur = 50, .rlim_max = 100};
	struct sysg_error err = {0};
	int r;

	drop_sys_resource();
	if (setrlimit(RLIMIT_NOFILE, &low) < 0) {
		dprintf(fd, "cannot lower the hard limit");
		return 1;
	}
	r = limits_apply(arg, LIMITS_EARLY, &err);
	dprintf(fd, "%d %s", r, err.message);
	return 0;
}

static int apply_above_nr_open(int fd, void *arg)
{
	struct sysg_error err = {0};
	int r = limits_apply(arg, LIMITS_EARLY, &err);

	dprintf(fd, "%d %s", r, err.message);
	return 0;
}

START_TEST(test_hook_refuses_above_hard)
{
	char expected[512];

	snprintf(expected, sizeof expected,
		 "%d setrlimit NOFILE 50/200: the hard limit is above sysg's own (100), and "
		 "raising a hard limit needs CAP_SYS_RESOURCE",
		 -EPERM);
	check_in_child("{nofile: {soft: 50, hard: 200}}", apply_above_hard, expected);
}
END_TEST

/* Hold descriptors up to 40, as a child holds sysg's; report what each
 * step leaves: the early one must not apply nofile 16 yet. */
static int apply_nofile_last(int fd, void *arg)
{
	struct sysg_error err = {0};
	struct rlimit nofile;
	int top = -1;

	while ((top = dup(0)) >= 0 && top < 40)
		;
	if (top < 40) {
		dprintf(fd, "could not open 40 descriptors: %s", strerror(errno));
		return 1;
	}
	if (limits_apply(arg, LIMITS_EARLY, &err) < 0) {
		dprintf(fd, "early step failed: %s", err.message);
		return 1;
	}
	if (dup(0) < 0) {
		dprintf(fd, "after the early step: dup: %s", strerror(errno));
		return 1;
	}
	if (limits_apply(arg, LIMITS_NOFILE, &err) < 0) {
		dprintf(fd, "nofile step failed: %s", err.message);
		return 1;
	}
	getrlimit(RLIMIT_NOFILE, &nofile);
	dprintf(fd, "nofile %lu/%lu, dup: %s", (unsigned long)nofile.rlim_cur,
		(unsigned long)nofile.rlim_max, dup(0) < 0 ? strerror(errno) : "succeeded");
	return 0;
}

/* The hooks between the two steps (a network namespace's socket, a Landlock
 * ruleset) still find a free descriptor: nofile is set by the second. */
START_TEST(test_nofile_set_last)
{
	check_in_child("{nofile: 16, memlock: 4K}", apply_nofile_last,
		       "nofile 16/16, dup: Too many open files");
}
END_TEST

static rlim_t nr_open(void)
{
	char buf[32] = "";
	int fd = open("/proc/sys/fs/nr_open", O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_gt(read(fd, buf, sizeof buf - 1), 0);
	close(fd);
	return strtoull(buf, NULL, 10);
}

static bool have_sys_resource(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	return syscall(SYS_capget, &h, d) == 0 &&
	       (d[CAP_SYS_RESOURCE / 32].effective & (1u << (CAP_SYS_RESOURCE % 32)));
}

/* Above what sysg may set: configure warns (the service is refused when it
 * starts, by the hook), never clamps. */
START_TEST(test_warns_above_what_sysg_may_set)
{
	struct limits_service *s = NULL;
	struct document *doc;
	struct sysg_error err;
	struct rlimit cur;
	char yaml[128], out[1024], expected[512];
	unsigned before;
	rlim_t ceiling = nr_open();

	/* Above fs.nr_open: nobody may, root or not. */
	snprintf(yaml, sizeof yaml, "{nofile: {soft: 1024, hard: %llu}}",
		 (unsigned long long)ceiling + 1);
	doc = doc_with(yaml);
	before = node_warning_count;
	ck_assert_msg(configure(doc, &s, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(node_warning_count, before + 1);
	ck_assert_limit(s, RLIMIT_NOFILE, 1024, ceiling + 1);
	in_child(apply_above_nr_open, s, out, sizeof out);
	snprintf(expected, sizeof expected,
		 "%d setrlimit NOFILE 1024/%llu: the hard limit is above fs.nr_open (%llu), the "
		 "kernel's ceiling for open files",
		 -EPERM, (unsigned long long)ceiling + 1, (unsigned long long)ceiling);
	ck_assert_str_eq(out, expected);
	free(s);
	document_free(doc);

	/* Above sysg's own hard limit: a warning only without CAP_SYS_RESOURCE. */
	ck_assert_int_eq(getrlimit(RLIMIT_MEMLOCK, &cur), 0);
	if (cur.rlim_max == RLIM_INFINITY)
		return;
	snprintf(yaml, sizeof yaml, "{memlock: %llu}", (unsigned long long)cur.rlim_max + 1);
	doc = doc_with(yaml);
	before = node_warning_count;
	ck_assert_msg(configure(doc, &s, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(node_warning_count, before + (have_sys_resource() ? 0 : 1));
	ck_assert_limit(s, RLIMIT_MEMLOCK, cur.rlim_max + 1, cur.rlim_max + 1);
	free(s);
	document_free(doc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("limits");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_cpu_and_nice_units);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_keys_match_known_keys);
	/* These apply RLIMIT_NOFILE hard limits for real, which valgrind
	 * refuses (it keeps descriptors of its own at the top): make
	 * check-valgrind leaves them to the ordinary and sanitizer runs. */
	if (!getenv("SYSG_VALGRIND")) {
		tcase_add_test(tc, test_hook_sets_limits);
		tcase_add_test(tc, test_hook_refuses_above_hard);
		tcase_add_test(tc, test_nofile_set_last);
		tcase_add_test(tc, test_warns_above_what_sysg_may_set);
	}
	suite_add_tcase(s, tc);
	/* The warnings configure prints are counted, not shown. */
	log_set_level(LOG_LEVEL_ERROR);
	return run_suite(s);
}
