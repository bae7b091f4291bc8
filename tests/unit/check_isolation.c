/* The isolation plugin: what configure accepts and decides (flags, clone
 * flags, default and explicit maps), every refusal with its position (bad
 * booleans, bad maps, bad hostnames, a hostname without uts, a map without
 * user), the map text the parent writes, and, as root, the namespace step
 * run in a forked child (UTS with a hostname, network with lo up). */
#include "build-config.h"

#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "isolation.h"
#include "log.h"
#include "node.h"
#include "service.h"
#include "testutil.h"

static const char *no_env(const char *name)
{
	return NULL;
}

static struct document *parse(const char *text)
{
	struct document *doc = NULL;
	struct sysg_error err = {0};
	int r = document_parse("t.yaml", text, strlen(text), no_env, &doc, &err);

	ck_assert_msg(r == 0, "parse failed: %s", err.message);
	return doc;
}

/* One plugin state for the whole suite, freed at the end. */
static void *state;

static void *plugin_state(void)
{
	struct sysg_error err = {0};

	if (!state)
		ck_assert_msg(sysg_plugin_entry()->init(NULL, &state, &err) == 0, "%s", err.message);
	return state;
}

/* configure on `services: { s: { command: x, isolation: ISO } }` plus
 * EXTRA lines; returns configure's result, the state in *ret. */
static int configure_with(const char *iso, const char *extra, uid_t uid, struct document **doc,
			  struct sysg_service *svc, struct iso_service **ret, struct sysg_error *err)
{
	char text[2048];

	snprintf(text, sizeof text, "services:\n  s:\n    command: x\n%s    isolation: %s\n",
		 extra ? extra : "", iso);
	*doc = parse(text);
	memset(svc, 0, sizeof *svc);
	svc->name = "s";
	svc->node = sysg_node_get_path((*doc)->root, "services.s");
	svc->uid = uid;
	svc->gid = uid;
	*ret = NULL;
	err->message[0] = '\0';
	return sysg_plugin_entry()->configure(plugin_state(), svc, svc->node, (void **)ret, err);
}

/* The call must fail with exactly this message. */
static void refused(const char *iso, const char *extra, const char *message)
{
	struct document *doc;
	struct sysg_service svc;
	struct iso_service *s;
	struct sysg_error err = {0};
	int r = configure_with(iso, extra, 1000, &doc, &svc, &s, &err);

	ck_assert_msg(r < 0, "'%s' was accepted", iso);
	ck_assert_msg(strcmp(err.message, message) == 0, "'%s':\n got  '%s'\n want '%s'", iso,
		      err.message, message);
	ck_assert_ptr_null(s);
	document_free(doc);
}

START_TEST(test_extent_and_hostname_syntax)
{
	struct iso_extent e;
	char why[256];

	ck_assert_int_eq(iso_parse_extent("0 100000 65536", &e, why, sizeof why), 0);
	ck_assert_uint_eq(e.inside, 0);
	ck_assert_uint_eq(e.outside, 100000);
	ck_assert_uint_eq(e.count, 65536);
	ck_assert_int_eq(iso_parse_extent("  7\t7   1 ", &e, why, sizeof why), 0);
	ck_assert_int_eq(iso_parse_extent("4294967294 0 1", &e, why, sizeof why), 0);
	ck_assert_int_eq(iso_parse_extent("4294967295 0 1", &e, why, sizeof why), -ERANGE);
	ck_assert_int_eq(iso_parse_extent("4294967296 0 1", &e, why, sizeof why), -EINVAL);
	ck_assert_int_eq(iso_parse_extent("0 0", &e, why, sizeof why), -EINVAL);
	ck_assert_int_eq(iso_parse_extent("0 0 1 2", &e, why, sizeof why), -EINVAL);
	ck_assert_int_eq(iso_parse_extent("-1 0 1", &e, why, sizeof why), -EINVAL);
	ck_assert_int_eq(iso_parse_extent("0 0 0", &e, why, sizeof why), -EINVAL);
	ck_assert_int_eq(iso_parse_extent("0x10 0 1", &e, why, sizeof why), -EINVAL);
	ck_assert_int_eq(iso_parse_extent("", &e, why, sizeof why), -EINVAL);

	ck_assert(iso_hostname_valid("box"));
	ck_assert(iso_hostname_valid("web-1.example.org"));
	ck_assert(iso_hostname_valid("0123456789012345678901234567890123456789012345678901234567890123"));
	ck_assert(!iso_hostname_valid("01234567890123456789012345678901234567890123456789012345678901234"));
	ck_assert(!iso_hostname_valid(""));
	ck_assert(!iso_hostname_valid("-box"));
	ck_assert(!iso_hostname_valid("box-"));
	ck_assert(!iso_hostname_valid("a..b"));
	ck_assert(!iso_hostname_valid(".box"));
	ck_assert(!iso_hostname_valid("box."));
	ck_assert(!iso_hostname_valid("my box"));
	ck_assert(!iso_hostname_valid("box_1"));
	ck_assert(!iso_hostname_valid("b/x"));
}
END_TEST

START_TEST(test_configure_decisions)
{
	struct document *doc;
	struct sysg_service svc;
	struct iso_service *s;
	struct sysg_error err = {0};
	char text[256];

	ck_assert_int_eq(configure_with("{ network: true, pid: true, mount: true, uts: true, "
					"hostname: box, ipc: true, cgroup: true }",
					NULL, 1000, &doc, &svc, &s, &err),
			 0);
	ck_assert(s->network && s->pid && s->mount && s->uts && s->ipc && s->cgroup && !s->user);
	ck_assert_str_eq(s->hostname, "box");
	/* Only the PID namespace needs clone(); the rest are unshared. */
	ck_assert_uint_eq(svc.clone_flags, CLONE_NEWPID);
	ck_assert_ptr_nonnull(s->shared);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);

	ck_assert_int_eq(configure_with("{ network: false, pid: false }", NULL, 1000, &doc, &svc,
					&s, &err),
			 0);
	ck_assert(!s->network && !s->pid);
	ck_assert_uint_eq(svc.clone_flags, 0);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);

	/* user: both made by clone(); the default maps take the service's
	 * ids, and its supplementary groups, to themselves. */
	ck_assert_int_eq(configure_with("{ user: true, pid: true }",
					"    supplementary_groups: [\"4242\", \"1000\"]\n", 1000,
					&doc, &svc, &s, &err),
			 0);
	ck_assert_uint_eq(svc.clone_flags, CLONE_NEWUSER | CLONE_NEWPID);
	ck_assert_int_gt(iso_map_format(&s->uid_map, text, sizeof text), 0);
	ck_assert_str_eq(text, "1000 1000 1\n");
	ck_assert_int_gt(iso_map_format(&s->gid_map, text, sizeof text), 0);
	ck_assert_str_eq(text, "1000 1000 1\n4242 4242 1\n");
	ck_assert_int_eq(s->maps_sock[0], -1);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);

	/* Explicit maps, as written. */
	ck_assert_int_eq(configure_with("{ user: true, user_map: [\"0 100000 1000\", \"1000 1000 1\"], "
					"group_map: [\"1000 1000 1\"] }",
					NULL, 1000, &doc, &svc, &s, &err),
			 0);
	ck_assert_int_gt(iso_map_format(&s->uid_map, text, sizeof text), 0);
	ck_assert_str_eq(text, "0 100000 1000\n1000 1000 1\n");
	ck_assert_int_gt(iso_map_format(&s->gid_map, text, sizeof text), 0);
	ck_assert_str_eq(text, "1000 1000 1\n");
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);
}
END_TEST

START_TEST(test_refusals)
{
	refused("{ network: yes-please }", NULL,
		"t.yaml:4:27: services.s.isolation.network: expected true or false, got "
		"'yes-please'");
	refused("{ pid: maybe }", NULL,
		"t.yaml:4:23: services.s.isolation.pid: expected true or false, got 'maybe'");
	refused("{ mount: [true] }", NULL,
		"t.yaml:4:25: services.s.isolation.mount: expected true or false, got a list");
	refused("{ cgroup: {} }", NULL,
		"t.yaml:4:26: services.s.isolation.cgroup: expected true or false, got a "
		"mapping");
	refused("{ uts: true, hostname: \"bad_host!\" }", NULL,
		"t.yaml:4:39: services.s.isolation.hostname: 'bad_host!' is not a hostname "
		"(1 to 64 letters, digits, '-' and '.', each dot-separated label neither "
		"empty nor starting or ending with '-')");
	refused("{ hostname: box }", NULL,
		"t.yaml:4:28: services.s.isolation.hostname: a hostname needs isolation.uts: "
		"true (it is set in the service's own UTS namespace, never on the host's)");
	refused("{ uts: false, hostname: box }", NULL,
		"t.yaml:4:40: services.s.isolation.hostname: a hostname needs isolation.uts: "
		"true (it is set in the service's own UTS namespace, never on the host's)");
	refused("{ user_map: [\"0 0 1\"] }", NULL,
		"t.yaml:4:28: services.s.isolation.user_map: a map needs isolation.user: "
		"true (it is the user namespace's)");
	refused("{ user: true, user_map: \"1000 1000 1\" }", NULL,
		"t.yaml:4:40: services.s.isolation.user_map: expected a list of \"INSIDE "
		"OUTSIDE COUNT\" entries, e.g. [\"0 100000 65536\"]");
	refused("{ user: true, user_map: [] }", NULL,
		"t.yaml:4:40: services.s.isolation.user_map: expected a list of \"INSIDE "
		"OUTSIDE COUNT\" entries, e.g. [\"0 100000 65536\"]");
	refused("{ user: true, user_map: [\"1000 1000\"] }", NULL,
		"t.yaml:4:41: services.s.isolation.user_map[0]: '1000 1000' is not \"INSIDE "
		"OUTSIDE COUNT\" (three numbers from 0 to 4294967294; the count is missing "
		"or not a number)");
	refused("{ user: true, group_map: [\"1000 1000 1\", \"0 x 1\"] }", NULL,
		"t.yaml:4:57: services.s.isolation.group_map[1]: '0 x 1' is not \"INSIDE "
		"OUTSIDE COUNT\" (three numbers from 0 to 4294967294; the outside id is "
		"missing or not a number)");
	refused("{ user: true, user_map: [\"1000 1000 0\"] }", NULL,
		"t.yaml:4:41: services.s.isolation.user_map[0]: '1000 1000 0': a count of 0 "
		"maps nothing");
	refused("{ user: true, user_map: [\"1000 4294967290 10\"] }", NULL,
		"t.yaml:4:41: services.s.isolation.user_map[0]: '1000 4294967290 10': the "
		"range runs past 4294967294, the highest id the kernel maps");
	refused("{ user: true, user_map: [\"1000 1000 1\", \"0 100000 2000\"] }", NULL,
		"t.yaml:4:56: services.s.isolation.user_map[1]: '0 100000 2000': its inside "
		"ids overlap entry 1's (the kernel refuses overlapping ranges)");
	refused("{ user: true, user_map: [\"1000 1000 1\", \"0 1000 1\"] }", NULL,
		"t.yaml:4:56: services.s.isolation.user_map[1]: '0 1000 1': its outside ids "
		"overlap entry 1's (the kernel refuses overlapping ranges)");
	refused("{ user: true, user_map: [\"0 1000 1\"] }", NULL,
		"t.yaml:4:40: services.s.isolation.user_map: the service runs as uid 1000, "
		"which this map must take to itself (the credentials are set by number "
		"inside the namespace): add \"1000 1000 1\"");
	refused("{ user: true, group_map: [\"1000 1000 1\"] }", "    supplementary_groups: [\"77\"]\n",
		"t.yaml:5:41: services.s.isolation.group_map: supplementary group '77' (gid "
		"77) must be taken to itself by this map: add \"77 77 1\"");
}
END_TEST

START_TEST(test_no_settings)
{
	struct document *doc = parse("plugins:\n  isolation: { x: 1 }\n");
	struct sysg_error err = {0};
	void *none = NULL;

	ck_assert_int_lt(sysg_plugin_entry()->init(sysg_node_get_path(doc->root, "plugins.isolation"),
						   &none, &err),
			 0);
	ck_assert_contains(err.message, "t.yaml:2:14: plugins.isolation: the isolation plugin takes "
					"no settings");
	document_free(doc);
}
END_TEST

START_TEST(test_keys_and_hooks)
{
	const struct sysg_plugin *p = sysg_plugin_entry();
	static const char *const want[] = {
		"isolation.network", "isolation.pid",       "isolation.mount", "isolation.user",
		"isolation.user_map", "isolation.group_map", "isolation.uts",   "isolation.hostname",
		"isolation.ipc",     "isolation.cgroup",    NULL,
	};

	ck_assert_str_eq(p->name, "isolation");
	for (size_t i = 0; want[i] || p->keys[i]; i++) {
		ck_assert_ptr_nonnull(want[i]);
		ck_assert_ptr_nonnull(p->keys[i]);
		ck_assert_str_eq(p->keys[i], want[i]);
	}
	ck_assert_int_eq(p->hooks[0].priority, SYSG_PRIO_NAMESPACES);
	ck_assert_ptr_null(p->hooks[1].fn);
}
END_TEST

/* Without CAP_SYS_ADMIN a PID namespace (made by the core's clone) is
 * refused before the clone, naming the key, with the seed's hint; with
 * isolation.user it is not. */
START_TEST(test_pid_refused_without_cap_sys_admin)
{
	struct iso_state weak = {.cap_sys_admin = false, .cap_setgid = false};
	struct document *doc;
	struct sysg_service svc;
	struct iso_service *s;
	struct sysg_error err = {0};

	ck_assert_int_eq(configure_with("{ pid: true }", NULL, 1000, &doc, &svc, &s, &err), 0);
	ck_assert_int_eq(sysg_plugin_entry()->before_spawn(&weak, s, &err), -EPERM);
	ck_assert_str_eq(err.message,
			 "isolation.pid: cannot create a new PID namespace: Permission denied on "
			 "namespace creation: add CAP_SYS_ADMIN, or run sysg as root, or set "
			 "isolation.user: true to make the namespaces inside a user namespace of its "
			 "own");
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);

	ck_assert_int_eq(configure_with("{ pid: true, user: true }", NULL, 1000, &doc, &svc, &s, &err),
			 0);
	ck_assert_int_eq(sysg_plugin_entry()->before_spawn(&weak, s, &err), 0);
	/* The pipe the child waits on for its maps, closed after the run. */
	ck_assert_int_ge(s->maps_sock[0], 0);
	ck_assert_int_ge(s->maps_sock[1], 0);
	ck_assert_int_eq(sysg_plugin_entry()->after_run(&weak, s, &err), 0);
	ck_assert_int_eq(s->maps_sock[0], -1);
	ck_assert_int_eq(s->maps_sock[1], -1);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);
}
END_TEST

/* The service shares the init's memory only when every later hook is of a
 * vfork-safe plugin (and the core says so: a ctx from an older core is too
 * small), and, if it changes user, only when fs.suid_dumpable leaves it
 * not dumpable; before_spawn reads the sysctl. */
START_TEST(test_pid_may_share_memory)
{
	struct iso_state strong = {.cap_sys_admin = true, .cap_setgid = true};
	struct sysg_exec_ctx ctx = {.size = sizeof ctx, .later_hooks_vfork_safe = true};
	struct document *doc;
	struct sysg_service svc;
	struct iso_service *s;
	struct sysg_error err = {0};
	char buf[8] = "";
	FILE *f;

	ck_assert_int_eq(configure_with("{ pid: true }", NULL, 1000, &doc, &svc, &s, &err), 0);
	s->setuid_dumpable = false;
	ck_assert(iso_pid_may_share_memory(s, &ctx));
	ctx.changes_credentials = true;
	ck_assert(iso_pid_may_share_memory(s, &ctx));
	s->setuid_dumpable = true;
	ck_assert(!iso_pid_may_share_memory(s, &ctx));
	ctx.changes_credentials = false;
	ck_assert(iso_pid_may_share_memory(s, &ctx));
	ctx.later_hooks_vfork_safe = false;
	ck_assert(!iso_pid_may_share_memory(s, &ctx));
	ctx.later_hooks_vfork_safe = true;
	ctx.size = offsetof(struct sysg_exec_ctx, later_hooks_vfork_safe);
	ck_assert(!iso_pid_may_share_memory(s, &ctx));

	/* before_spawn: 1 (or unreadable) is dumpable after setuid, 0 and 2 not. */
	ck_assert_int_eq(sysg_plugin_entry()->before_spawn(&strong, s, &err), 0);
	f = fopen("/proc/sys/fs/suid_dumpable", "r");
	if (f) {
		ck_assert_ptr_nonnull(fgets(buf, sizeof buf, f));
		fclose(f);
	}
	ck_assert_int_eq(s->setuid_dumpable, !f || atoi(buf) == 1);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);
}
END_TEST

/* The init exits 128+N for a service killed by signal N; exit_status gives
 * the core the service's own wait status instead, and leaves a plain exit
 * code, the init's own SIGKILL and an exit code that does not match as
 * they are. */
START_TEST(test_exit_status)
{
	struct iso_state strong = {.cap_sys_admin = true, .cap_setgid = true};
	struct document *doc;
	struct sysg_service svc;
	struct iso_service *s;
	struct sysg_error err = {0};
	int (*exit_status)(void *, void *, pid_t, int) = sysg_plugin_entry()->exit_status;

	ck_assert_int_eq(configure_with("{ pid: true }", NULL, 1000, &doc, &svc, &s, &err), 0);
	ck_assert_ptr_nonnull(exit_status);
	s->shared->valid = 0;
	ck_assert_int_eq(exit_status(NULL, s, 42, 143 << 8), 143 << 8);
	s->shared->valid = 1;
	s->shared->status = SIGTERM; /* a wait status: killed by SIGTERM */
	ck_assert_int_eq(exit_status(NULL, s, 42, 143 << 8), SIGTERM);
	ck_assert_int_eq(exit_status(NULL, s, 42, SIGKILL), SIGKILL);
	ck_assert_int_eq(exit_status(NULL, s, 42, 1 << 8), 1 << 8);
	s->shared->status = SIGSEGV | 0x80; /* killed by SIGSEGV, core dumped */
	ck_assert_int_eq(exit_status(NULL, s, 42, 139 << 8), SIGSEGV | 0x80);
	s->shared->status = 7 << 8; /* exited with 7 */
	ck_assert_int_eq(exit_status(NULL, s, 42, 7 << 8), 7 << 8);
	/* Before the spawn the status is forgotten (a sysg that may make the
	 * namespace, whoever runs the test). */
	ck_assert_int_eq(sysg_plugin_entry()->before_spawn(&strong, s, &err), 0);
	ck_assert_int_eq(s->shared->valid, 0);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);
}
END_TEST

/* Run the step in a forked child; the child checks what it got and exits
 * 0 when everything is as expected. */
static int run_step(const char *iso, int (*check)(void))
{
	struct document *doc;
	struct sysg_service svc;
	struct iso_service *s;
	struct sysg_error err = {0};
	struct sysg_exec_ctx ctx = {.size = sizeof ctx, .service = "s", .report_fd = -1};
	int status;
	pid_t pid;

	ck_assert_int_eq(configure_with(iso, NULL, 0, &doc, &svc, &s, &err), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (iso_step_namespaces(NULL, s, &ctx, &err) < 0) {
			fprintf(stderr, "step: %s: %s\n", err.message, strerror(-err.code));
			_exit(10);
		}
		_exit(check());
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	sysg_plugin_entry()->release(plugin_state(), s);
	document_free(doc);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

static int hostname_is_box(void)
{
	char name[65] = "";

	return gethostname(name, sizeof name) == 0 && !strcmp(name, "box") ? 0 : 1;
}

static int lo_is_up(void)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memcpy(ifr.ifr_name, "lo", 3);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return 1;
	/* Nothing but lo: index 2 does not exist. */
	return (ifr.ifr_flags & IFF_UP) && !if_indextoname(2, ifr.ifr_name) ? 0 : 2;
}

START_TEST(test_step_in_child)
{
	char before[65] = "";

	if (geteuid() != 0) {
		printf("check_isolation: not root, the step tests are skipped\n");
		return;
	}
	gethostname(before, sizeof before);
	ck_assert_int_eq(run_step("{ uts: true, hostname: box }", hostname_is_box), 0);
	/* The host's name is untouched. */
	ck_assert_int_eq(hostname_is_box(), strcmp(before, "box") ? 1 : 0);
	ck_assert_int_eq(run_step("{ network: true }", lo_is_up), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("isolation");
	TCase *tc = tcase_create("isolation");
	int r;

	tcase_add_test(tc, test_extent_and_hostname_syntax);
	tcase_add_test(tc, test_configure_decisions);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_no_settings);
	tcase_add_test(tc, test_keys_and_hooks);
	tcase_add_test(tc, test_pid_refused_without_cap_sys_admin);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_pid_may_share_memory);
	tcase_add_test(tc, test_step_in_child);
	suite_add_tcase(s, tc);
	log_set_level(LOG_LEVEL_ERROR);
	r = run_suite(s);
	if (state)
		sysg_plugin_entry()->fini(state);
	return r;
}
