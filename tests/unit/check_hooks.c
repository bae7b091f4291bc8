/* The hook registry: order by priority, then plugin name, then the plugin's
 * own array order; the core's steps in place; only configured plugins. */
#include "build-config.h"

#include <stdio.h>

#include "hooks.h"
#include "testutil.h"

static int noop(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		struct sysg_error *err)
{
	return 0;
}

static const struct sysg_hook zeta_hooks[] = {
	{300, "z-ns", noop}, {100, "z-first", noop}, {900, "z-late", noop}, {0, NULL, NULL}};
static const struct sysg_hook alpha_hooks[] = {
	{300, "a-ns", noop}, {300, "a-ns-2", noop}, {520, "a-after-creds", noop}, {0, NULL, NULL}};
static const struct sysg_hook mid_hooks[] = {{300, "m-ns", noop}, {0, NULL, NULL}};

static struct plugin make(const char *name, const struct sysg_hook *hooks)
{
	struct plugin p = {0};

	p.api.name = name;
	p.api.hooks = hooks;
	return p;
}

static void order_string(const struct bound_hook *h, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%d:%s", i ? " " : "",
					h[i].hook->priority, h[i].hook->name);
}

START_TEST(test_bind_orders_by_priority_then_name)
{
	struct plugin zeta = make("zeta", zeta_hooks), alpha = make("alpha", alpha_hooks),
		      mid = make("mid", mid_hooks), core = make("core", NULL);
	struct service_plugin sp[4];
	struct sysg_service svc = {0};
	struct sysg_error err;
	char order[512];

	core.api = *core_plugin();
	/* Deliberately not in name order: binding must not depend on it. */
	sp[0] = (struct service_plugin){&zeta, (void *)1};
	sp[1] = (struct service_plugin){&core, (void *)2};
	sp[2] = (struct service_plugin){&mid, (void *)3};
	sp[3] = (struct service_plugin){&alpha, (void *)4};
	svc.plugins = sp;
	svc.n_plugins = 4;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	order_string(svc.hooks, svc.n_hooks, order, sizeof order);
	ck_assert_str_eq(order, "100:z-first 300:a-ns 300:a-ns-2 300:m-ns 300:z-ns "
				"500:credentials 520:a-after-creds 550:working-dir "
				"700:no-new-privs 790:fd-limit 900:exec 900:z-late");
	/* Each hook carries its own plugin's per-service state. */
	ck_assert_ptr_eq(svc.hooks[0].svc_state, (void *)1);
	ck_assert_ptr_eq(svc.hooks[1].svc_state, (void *)4);
	ck_assert_ptr_eq(svc.hooks[5].svc_state, (void *)2);
	free(svc.hooks);
}
END_TEST

START_TEST(test_bind_only_configured_plugins)
{
	struct plugin alpha = make("alpha", alpha_hooks), core = make("core", NULL);
	struct service_plugin sp[2];
	struct sysg_service svc = {0};
	struct sysg_error err;
	char order[512];

	core.api = *core_plugin();
	sp[0] = (struct service_plugin){&core, NULL};
	svc.plugins = sp;
	svc.n_plugins = 1;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	order_string(svc.hooks, svc.n_hooks, order, sizeof order);
	ck_assert_str_eq(order, "500:credentials 550:working-dir 700:no-new-privs 790:fd-limit 900:exec");
	sp[1] = (struct service_plugin){&alpha, NULL};
	svc.n_plugins = 2;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	ck_assert_int_eq(svc.n_hooks, 8);
	free(svc.hooks);
}
END_TEST

/* Where the hooks that may share memory with the process before them begin
 * (the exec ctx's later_hooks_vfork_safe): after the last hook of a plugin
 * without SYSG_PLUGIN_VFORK_SAFE. */
START_TEST(test_bind_vfork_safe_from)
{
	struct plugin alpha = make("alpha", alpha_hooks), mid = make("mid", mid_hooks),
		      core = make("core", NULL);
	struct service_plugin sp[3];
	struct sysg_service svc = {0};
	struct sysg_error err;

	core.api = *core_plugin();
	ck_assert(core.api.flags & SYSG_PLUGIN_VFORK_SAFE);
	sp[0] = (struct service_plugin){&core, NULL};
	sp[1] = (struct service_plugin){&mid, NULL};
	sp[2] = (struct service_plugin){&alpha, NULL};
	svc.plugins = sp;
	svc.n_plugins = 1;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	ck_assert_uint_eq(svc.vfork_safe_from, 0);
	/* 300:m-ns, then the core's five: all after m-ns are safe. */
	svc.n_plugins = 2;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	ck_assert_uint_eq(svc.vfork_safe_from, 1);
	/* alpha's 520:a-after-creds is the fifth of nine. */
	svc.n_plugins = 3;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	ck_assert_str_eq(svc.hooks[4].hook->name, "a-after-creds");
	ck_assert_uint_eq(svc.vfork_safe_from, 5);
	alpha.api.flags |= SYSG_PLUGIN_VFORK_SAFE;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	ck_assert_uint_eq(svc.vfork_safe_from, 3); /* after m-ns (index 2) */
	mid.api.flags |= SYSG_PLUGIN_VFORK_SAFE;
	ck_assert_int_eq(hooks_bind(&svc, &err), 0);
	ck_assert_uint_eq(svc.vfork_safe_from, 0);
	free(svc.hooks);
}
END_TEST

START_TEST(test_all_hooks_for_listing)
{
	struct plugin zeta = make("zeta", zeta_hooks), alpha = make("alpha", alpha_hooks),
		      none = make("none", NULL);
	struct plugin *items[] = {&alpha, &none, &zeta};
	struct plugin_set set = {.items = items, .count = 3};
	struct bound_hook *all;
	size_t n;
	char order[512];

	ck_assert_int_eq(hooks_all(&set, &all, &n), 0);
	order_string(all, n, order, sizeof order);
	ck_assert_str_eq(order, "100:z-first 300:a-ns 300:a-ns-2 300:z-ns 520:a-after-creds 900:z-late");
	free(all);
}
END_TEST

START_TEST(test_core_steps_at_design_priorities)
{
	const struct sysg_plugin *core = core_plugin();
	static const struct {
		int prio;
		const char *name;
	} expected[] = {{SYSG_PRIO_CREDENTIALS, "credentials"},
			{SYSG_PRIO_CHDIR, "working-dir"},
			{SYSG_PRIO_NO_NEW_PRIVS, "no-new-privs"},
			{SYSG_PRIO_FD_LIMIT, "fd-limit"},
			{SYSG_PRIO_EXEC, "exec"}};

	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(core->hooks[i].priority, expected[i].prio);
		ck_assert_str_eq(core->hooks[i].name, expected[i].name);
	}
	ck_assert_ptr_null(core->hooks[5].fn);
	ck_assert_int_eq(SYSG_PRIO_CGROUP, 100);
	ck_assert_int_eq(SYSG_PRIO_RLIMITS, 200);
	ck_assert_int_eq(SYSG_PRIO_NAMESPACES, 300);
	ck_assert_int_eq(SYSG_PRIO_MOUNTS, 400);
	ck_assert_int_eq(SYSG_PRIO_CAPS_KEEP, 480);
	ck_assert_int_eq(SYSG_PRIO_CAPS_SET, 520);
	ck_assert_int_eq(SYSG_PRIO_LSM, 600);
	ck_assert_int_eq(SYSG_PRIO_LANDLOCK, 750);
	ck_assert_int_eq(SYSG_PRIO_FD_LIMIT, 790);
	ck_assert_int_eq(SYSG_PRIO_SECCOMP, 800);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hooks");
	TCase *tc = tcase_create("order");

	tcase_add_test(tc, test_bind_orders_by_priority_then_name);
	tcase_add_test(tc, test_bind_only_configured_plugins);
	tcase_add_test(tc, test_bind_vfork_safe_from);
	tcase_add_test(tc, test_all_hooks_for_listing);
	tcase_add_test(tc, test_core_steps_at_design_priorities);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
