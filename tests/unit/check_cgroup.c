/* The cgroup plugin's parts: limits.cgroup parsing, the v1/v2 file mapping,
 * hierarchy detection from mountinfo, root resolution, and the file
 * operations on a fake cgroup tree in a temporary directory. None of this
 * proves enforcement: the integration tests (host, v1) and make check-vm
 * (a VM, v2) do that against the kernel. */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "node.h"
#include "testutil.h"

static struct document *doc;

static const char *no_env(const char *name)
{
	return NULL;
}

/* limits.cgroup of a one-line YAML mapping. */
static const struct sysg_node *cgroup_node(const char *yaml)
{
	struct sysg_error err = {0};
	char text[1024];

	if (doc)
		document_free(doc);
	doc = NULL;
	snprintf(text, sizeof text, "limits:\n  cgroup: %s\n", yaml);
	ck_assert_msg(document_parse("t.yaml", text, strlen(text), no_env, &doc, &err) == 0, "%s",
		      err.message);
	return sysg_node_get_path(doc->root, "limits.cgroup");
}

static struct cg_limits parse_ok(const char *yaml)
{
	struct cg_limits lim;
	struct sysg_error err = {0};

	ck_assert_msg(cg_limits_parse(cgroup_node(yaml), &lim, &err) == 0, "%s: %s", yaml,
		      err.message);
	return lim;
}

static void parse_fails(const char *yaml, const char *expected)
{
	struct cg_limits lim;
	struct sysg_error err = {0};

	ck_assert_msg(cg_limits_parse(cgroup_node(yaml), &lim, &err) < 0, "%s was accepted", yaml);
	ck_assert_contains(err.message, expected);
}

START_TEST(test_cpu_max)
{
	uint64_t q, p;
	char why[256];

	ck_assert_int_eq(cg_parse_cpu_max("50000 100000", &q, &p, why, sizeof why), 0);
	ck_assert_uint_eq(q, 50000);
	ck_assert_uint_eq(p, 100000);
	ck_assert_int_eq(cg_parse_cpu_max("  20000   250000 ", &q, &p, why, sizeof why), 0);
	ck_assert_uint_eq(q, 20000);
	ck_assert_uint_eq(p, 250000);
	ck_assert_int_eq(cg_parse_cpu_max("20000", &q, &p, why, sizeof why), 0);
	ck_assert_uint_eq(p, 100000);
	ck_assert_int_eq(cg_parse_cpu_max("max", &q, &p, why, sizeof why), 0);
	ck_assert(q == CG_MAX);
	ck_assert_int_eq(cg_parse_cpu_max("max 50000", &q, &p, why, sizeof why), 0);
	ck_assert(q == CG_MAX && p == 50000);

	ck_assert_int_lt(cg_parse_cpu_max("abc", &q, &p, why, sizeof why), 0);
	ck_assert_contains(why, "'abc' is not \"QUOTA PERIOD\"");
	ck_assert_int_lt(cg_parse_cpu_max("-5 100000", &q, &p, why, sizeof why), 0);
	ck_assert_int_lt(cg_parse_cpu_max("", &q, &p, why, sizeof why), 0);
	ck_assert_int_lt(cg_parse_cpu_max("500 100000", &q, &p, why, sizeof why), 0);
	ck_assert_contains(why, "the quota 500 us is outside what the kernel takes");
	ck_assert_int_lt(cg_parse_cpu_max("100000 5000000", &q, &p, why, sizeof why), 0);
	ck_assert_contains(why, "the period 5000000 us is outside");
	ck_assert_int_lt(cg_parse_cpu_max("100000 500", &q, &p, why, sizeof why), 0);
	ck_assert_int_lt(cg_parse_cpu_max("1000 2000 3000", &q, &p, why, sizeof why), 0);
	ck_assert_contains(why, "the period '2000 3000' is not a number");
	ck_assert_int_lt(cg_parse_cpu_max("50000 1x", &q, &p, why, sizeof why), 0);
}
END_TEST

START_TEST(test_explain_cpu_max)
{
	char buf[256];

	/* The seed's example: quota first, so it is two CPUs, not one. */
	cg_explain_cpu_max(100000, 50000, buf, sizeof buf);
	ck_assert_str_eq(buf, "up to 2 CPUs (100 ms of CPU time in every 50 ms period)");
	cg_explain_cpu_max(20000, 100000, buf, sizeof buf);
	ck_assert_str_eq(buf, "up to 20% of one CPU (20 ms of CPU time in every 100 ms period)");
	cg_explain_cpu_max(100000, 100000, buf, sizeof buf);
	ck_assert_contains(buf, "up to 1 CPU (");
	cg_explain_cpu_max(150000, 100000, buf, sizeof buf);
	ck_assert_contains(buf, "up to 1.5 CPUs");
	cg_explain_cpu_max(125000, 100000, buf, sizeof buf);
	ck_assert_contains(buf, "up to 1.25 CPUs");
	cg_explain_cpu_max(1000, 1000000, buf, sizeof buf);
	ck_assert_str_eq(buf, "up to 0.1% of one CPU (1 ms of CPU time in every 1 s period)");
	cg_explain_cpu_max(1500, 100000, buf, sizeof buf);
	ck_assert_contains(buf, "1.5% of one CPU (1500 us of CPU time");
	cg_explain_cpu_max(CG_MAX, 100000, buf, sizeof buf);
	ck_assert_str_eq(buf, "no CPU limit (period 100 ms)");
}
END_TEST

START_TEST(test_parse_limits)
{
	struct cg_limits lim = parse_ok("{memory_max: 32M, memory_high: 1G, memory_swap_max: 0, "
					"cpu_max: \"20000 100000\", cpu_weight: 50, pids_max: 5, "
					"io_weight: 200, root: /sysg}");

	ck_assert_uint_eq(lim.memory_max, 32u << 20);
	ck_assert_str_eq(lim.memory_max_text, "32M");
	ck_assert_uint_eq(lim.memory_high, 1u << 30);
	ck_assert_uint_eq(lim.memory_swap_max, 0);
	ck_assert_uint_eq(lim.cpu_quota_us, 20000);
	ck_assert_uint_eq(lim.cpu_weight, 50);
	ck_assert_uint_eq(lim.pids_max, 5);
	ck_assert_uint_eq(lim.io_weight, 200);
	ck_assert_str_eq(lim.root, "/sysg");
	ck_assert_uint_eq(lim.set, (1u << CG_N_KEYS) - 1);
	cg_limits_free(&lim);

	lim = parse_ok("{memory_max: max, pids_max: unlimited, cpu_max: 50000}");
	ck_assert(lim.memory_max == CG_MAX && lim.pids_max == CG_MAX);
	ck_assert_uint_eq(lim.cpu_period_us, 100000);
	cg_limits_free(&lim);
	lim = parse_ok("{}");
	ck_assert_uint_eq(lim.set, 0);
	cg_limits_free(&lim);
}
END_TEST

START_TEST(test_parse_errors)
{
	parse_fails("{memory_maxx: 1G}",
		    "t.yaml:2:25: limits.cgroup.memory_maxx: unknown key 'memory_maxx' "
		    "(expected one of: memory_max, memory_high, memory_swap_max, cpu_max, "
		    "cpu_weight, pids_max, io_weight, root)");
	parse_fails("5", "limits.cgroup: expected a mapping of cgroup limits");
	parse_fails("{memory_max: lots}", "limits.cgroup.memory_max:");
	parse_fails("{memory_max: 0}", "0 bytes would leave the service no memory");
	parse_fails("{memory_high: 0}", "0 bytes would leave the service no memory");
	parse_fails("{cpu_max: \"abc\"}", "t.yaml:2:21: limits.cgroup.cpu_max: 'abc' is not");
	parse_fails("{cpu_max: \"500 100000\"}", "the quota 500 us is outside");
	parse_fails("{cpu_weight: 0}", "limits.cgroup.cpu_weight:");
	parse_fails("{cpu_weight: 10001}", "limits.cgroup.cpu_weight:");
	parse_fails("{pids_max: -1}", "limits.cgroup.pids_max:");
	parse_fails("{pids_max: many}", "limits.cgroup.pids_max:");
	parse_fails("{io_weight: 0}", "limits.cgroup.io_weight:");
	parse_fails("{root: ../escape}", "'../escape' is not a plain cgroup path");
	parse_fails("{root: /a/../../etc}", "is not a plain cgroup path");
	parse_fails("{root: a//b}", "is not a plain cgroup path");
	parse_fails("{root: \"\"}", "limits.cgroup.root:");
}
END_TEST

static int plan(const char *yaml, enum cg_version v, struct cg_write *w, char *why)
{
	struct cg_limits lim = parse_ok(yaml);
	enum cg_key bad = CG_N_KEYS;
	int n = cg_plan(&lim, v, w, CG_MAX_WRITES, &bad, why, 256);

	cg_limits_free(&lim);
	return n;
}

#define ck_write(w, ctl, f, v)                                                              \
	do {                                                                                \
		ck_assert_uint_eq((w).controller, (ctl));                                   \
		ck_assert_str_eq((w).file, (f));                                            \
		ck_assert_str_eq((w).value, (v));                                           \
	} while (0)

START_TEST(test_plan_v2)
{
	struct cg_write w[CG_MAX_WRITES];
	char why[256];
	int n = plan("{memory_max: 32M, memory_high: max, memory_swap_max: 0, cpu_max: \"20000 "
		     "100000\", cpu_weight: 50, pids_max: 5, io_weight: 200}",
		     CG_V2, w, why);

	ck_assert_int_eq(n, 7);
	ck_write(w[0], CG_MEMORY, "memory.max", "33554432");
	ck_write(w[1], CG_MEMORY, "memory.high", "max");
	ck_write(w[2], CG_MEMORY, "memory.swap.max", "0");
	ck_write(w[3], CG_CPU, "cpu.max", "20000 100000");
	ck_write(w[4], CG_CPU, "cpu.weight", "50");
	ck_write(w[5], CG_PIDS, "pids.max", "5");
	ck_write(w[6], CG_IO, "io.weight", "default 200");
	ck_assert_uint_eq(cg_plan_controllers(w, (size_t)n), CG_MEMORY | CG_CPU | CG_PIDS | CG_IO);
	n = plan("{cpu_max: max, pids_max: max, memory_max: max}", CG_V2, w, why);
	ck_assert_int_eq(n, 3);
	ck_write(w[0], CG_MEMORY, "memory.max", "max");
	ck_write(w[1], CG_CPU, "cpu.max", "max 100000");
	ck_write(w[2], CG_PIDS, "pids.max", "max");
	ck_assert_int_eq(plan("{io_weight: 10000}", CG_V2, w, why), 1);
}
END_TEST

START_TEST(test_plan_v1)
{
	struct cg_write w[CG_MAX_WRITES];
	char why[256];
	int n = plan("{memory_max: 32M, memory_high: 16M, memory_swap_max: 32M, cpu_max: \"20000 "
		     "50000\", cpu_weight: 100, pids_max: 5, io_weight: 200}",
		     CG_V1, w, why);

	ck_assert_int_eq(n, 8);
	ck_write(w[0], CG_MEMORY, "memory.limit_in_bytes", "33554432");
	ck_write(w[1], CG_MEMORY, "memory.soft_limit_in_bytes", "16777216");
	/* memory + swap together, after the memory limit. */
	ck_write(w[2], CG_MEMORY, "memory.memsw.limit_in_bytes", "67108864");
	ck_write(w[3], CG_CPU, "cpu.cfs_period_us", "50000");
	ck_write(w[4], CG_CPU, "cpu.cfs_quota_us", "20000");
	ck_write(w[5], CG_CPU, "cpu.shares", "1024");
	ck_write(w[6], CG_PIDS, "pids.max", "5");
	ck_write(w[7], CG_IO, "blkio.bfq.weight", "200");

	n = plan("{memory_max: max, memory_swap_max: max, cpu_max: max, cpu_weight: 1}", CG_V1, w,
		 why);
	ck_assert_int_eq(n, 5);
	ck_write(w[0], CG_MEMORY, "memory.limit_in_bytes", "-1");
	ck_write(w[1], CG_MEMORY, "memory.memsw.limit_in_bytes", "-1");
	ck_write(w[3], CG_CPU, "cpu.cfs_quota_us", "-1");
	ck_write(w[4], CG_CPU, "cpu.shares", "10");

	/* What v1 cannot say is refused, not approximated. */
	ck_assert_int_lt(plan("{memory_swap_max: 1G}", CG_V1, w, why), 0);
	ck_assert_contains(why, "memory.memsw.limit_in_bytes = memory_max + memory_swap_max");
	ck_assert_int_lt(plan("{memory_max: max, memory_swap_max: 1G}", CG_V1, w, why), 0);
	ck_assert_int_lt(plan("{io_weight: 2000}", CG_V1, w, why), 0);
	ck_assert_contains(why, "blkio.bfq.weight takes 1 to 1000");
}
END_TEST

/* A temporary directory for fake files. */
static char tmp[64];

static void make_tmp(void)
{
	snprintf(tmp, sizeof tmp, "/tmp/check_cgroup.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void remove_tmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmp, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void mk(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", tmp, name);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

static char *get(const char *name, char *buf, size_t size)
{
	ck_assert_int_eq(cg_read_file(tmp, name, buf, size), 0);
	return buf;
}

static struct cg_system detect(const char *mountinfo, const char *self)
{
	struct cg_system sys;
	struct sysg_error err = {0};
	char mi[512], sc[512];

	put("mountinfo", mountinfo);
	put("self", self);
	snprintf(mi, sizeof mi, "%s/mountinfo", tmp);
	snprintf(sc, sizeof sc, "%s/self", tmp);
	ck_assert_msg(cg_detect(mi, sc, &sys, &err) == 0, "%s", err.message);
	return sys;
}

static const struct cg_hierarchy *with(const struct cg_system *sys, unsigned bit)
{
	for (size_t i = 0; i < sys->n; i++)
		if (sys->h[i].controllers & bit)
			return &sys->h[i];
	ck_abort_msg("no hierarchy with controller %u", bit);
	return NULL;
}

/* This project's hosts: v1 controllers, a cgroup2 with only hugetlb, and
 * sysg in a non-root memory cgroup. */
START_TEST(test_detect_hybrid_v1)
{
	char mi[4096], *p = mi;
	struct cg_system sys;

	make_tmp();
	mk("unified");
	put("unified/cgroup.controllers", "hugetlb\n");
	p += sprintf(p, "30 25 0:26 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n");
	p += sprintf(p, "31 30 0:27 / /sys/fs/cgroup/cpu rw shared:9 - cgroup cgroup rw,cpu\n");
	p += sprintf(p, "32 30 0:28 / /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct\n");
	p += sprintf(p, "33 30 0:29 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n");
	p += sprintf(p, "34 30 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
	p += sprintf(p, "35 30 0:31 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n");
	p += sprintf(p, "36 30 0:32 / /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n");
	p += sprintf(p, "37 30 0:33 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n");
	p += sprintf(p, "38 30 0:34 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n");
	p += sprintf(p, "39 30 0:35 / %s/unified rw - cgroup2 cgroup2 rw\n", tmp);
	sys = detect(mi, "9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n4:memory:/api/c36\n"
			 "3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n");
	ck_assert_int_eq(sys.version, CG_V1);
	ck_assert_uint_eq(sys.n, 6);
	ck_assert_str_eq(with(&sys, CG_MEMORY)->mount, "/sys/fs/cgroup/memory");
	ck_assert_str_eq(with(&sys, CG_MEMORY)->own, "/api/c36");
	ck_assert_str_eq(with(&sys, CG_CPU)->own, "");
	ck_assert_str_eq(with(&sys, CG_FREEZER)->mount, "/sys/fs/cgroup/freezer");
	ck_assert_str_eq(with(&sys, CG_IO)->mount, "/sys/fs/cgroup/blkio");
	cg_system_free(&sys);
	remove_tmp();
}
END_TEST

START_TEST(test_detect_v2_and_none)
{
	char mi[2048];
	struct cg_system sys;

	make_tmp();
	put("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
	snprintf(mi, sizeof mi,
		 "22 1 0:21 / /proc rw - proc proc rw\n"
		 "26 21 0:23 / %s rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
		 tmp);
	sys = detect(mi, "0::/user.slice/session-1.scope\n");
	ck_assert_int_eq(sys.version, CG_V2);
	ck_assert_uint_eq(sys.n, 1);
	ck_assert_uint_eq(sys.h[0].controllers, CG_MEMORY | CG_CPU | CG_PIDS | CG_IO);
	ck_assert_str_eq(sys.h[0].own, "/user.slice/session-1.scope");
	cg_system_free(&sys);

	/* A cgroup2 that offers nothing we use, and no v1: none, and why. */
	put("cgroup.controllers", "hugetlb\n");
	sys = detect(mi, "0::/\n");
	ck_assert_int_eq(sys.version, CG_NONE);
	ck_assert_contains(sys.why, "offers no memory, cpu, pids or io controller "
				    "(cgroup.controllers: hugetlb)");
	cg_system_free(&sys);
	sys = detect("22 1 0:21 / /proc rw - proc proc rw\n"
		     "38 30 0:34 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n",
		     "1:name=systemd:/\n");
	ck_assert_int_eq(sys.version, CG_NONE);
	ck_assert_contains(sys.why, "no cgroup filesystem is mounted");
	cg_system_free(&sys);
	remove_tmp();
}
END_TEST

/* A container: the hierarchy is mounted from a sub-cgroup (mountinfo's
 * root field); sysg's own path is shown relative to it, or not at all. */
START_TEST(test_detect_mount_root)
{
	struct cg_system sys;
	const char *mi = "40 30 0:30 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup "
			 "rw,memory\n"
			 "41 30 0:31 /docker/abc /sys/fs/cgroup/cpu\\040x rw - cgroup cgroup "
			 "rw,cpu,cpuacct\n";

	make_tmp();
	sys = detect(mi, "4:memory:/docker/abc/app\n2:cpu,cpuacct:/elsewhere\n");
	ck_assert_int_eq(sys.version, CG_V1);
	ck_assert_uint_eq(sys.n, 2);
	ck_assert_str_eq(with(&sys, CG_MEMORY)->own, "/app");
	ck_assert_str_eq(with(&sys, CG_CPU)->mount, "/sys/fs/cgroup/cpu x");
	ck_assert_uint_eq(with(&sys, CG_CPU)->controllers, CG_CPU | CG_CPUACCT);
	ck_assert_ptr_null(with(&sys, CG_CPU)->own);
	cg_system_free(&sys);
	remove_tmp();
}
END_TEST

static struct cg_system fake_v1(void)
{
	static struct cg_hierarchy h[2];
	struct cg_system sys = {.version = CG_V1, .h = h, .n = 2};

	h[0] = (struct cg_hierarchy){CG_MEMORY, "/sys/fs/cgroup/memory", "/", "/api/c36"};
	h[1] = (struct cg_hierarchy){CG_CPU, "/sys/fs/cgroup/cpu", "/", NULL};
	return sys;
}

static void root_is(const struct cg_system *sys, size_t h, const char *root, const char *want)
{
	struct sysg_error err = {0};
	char *dir = NULL;

	ck_assert_msg(cg_root_dir(sys, h, root, &dir, &err) == 0, "%s: %s", root, err.message);
	ck_assert_str_eq(dir, want);
	free(dir);
}

START_TEST(test_root_dir)
{
	struct cg_system sys = fake_v1();
	struct sysg_error err = {0};
	char *dir = NULL;

	root_is(&sys, 0, "sysg", "/sys/fs/cgroup/memory/api/c36/sysg");
	root_is(&sys, 0, "a/b", "/sys/fs/cgroup/memory/api/c36/a/b");
	root_is(&sys, 0, "/sysg", "/sys/fs/cgroup/memory/sysg");
	root_is(&sys, 0, "/", "/sys/fs/cgroup/memory");
	/* A path in one v1 mount names that cgroup in every hierarchy. */
	root_is(&sys, 0, "/sys/fs/cgroup/cpu/x/y", "/sys/fs/cgroup/memory/x/y");
	root_is(&sys, 1, "/sys/fs/cgroup/cpu/x/y", "/sys/fs/cgroup/cpu/x/y");
	root_is(&sys, 1, "/sys/fs/cgroup/memory", "/sys/fs/cgroup/cpu");
	/* The v2-style path means the same on v1. */
	root_is(&sys, 1, "/sys/fs/cgroup/sysg", "/sys/fs/cgroup/cpu/sysg");
	root_is(&sys, 1, "/system.slice/app", "/sys/fs/cgroup/cpu/system.slice/app");
	/* Relative to a cgroup sysg cannot see: refused, with why. */
	ck_assert_int_lt(cg_root_dir(&sys, 1, "sysg", &dir, &err), 0);
	ck_assert_contains(err.message, "relative to sysg's own cgroup, which is not visible "
					"under /sys/fs/cgroup/cpu");
	ck_assert_int_lt(cg_root_dir(&sys, 0, "/sys/fs/cgroup/../../etc", &dir, &err), 0);
	ck_assert_contains(err.message, "is not a plain cgroup path");
	ck_assert(cg_root_valid("/"));
	ck_assert(cg_root_valid("a.b/c..d"));
	ck_assert(!cg_root_valid("a/"));
	ck_assert(!cg_root_valid("./a"));
	ck_assert(!cg_root_valid("a\nb"));

	sys.version = CG_V2;
	sys.n = 1;
	sys.h[0].mount = "/sys/fs/cgroup";
	root_is(&sys, 0, "/sys/fs/cgroup/sysg", "/sys/fs/cgroup/sysg");
	root_is(&sys, 0, "/sysg", "/sys/fs/cgroup/sysg");
	root_is(&sys, 0, "sysg", "/sys/fs/cgroup/api/c36/sysg");
}
END_TEST

START_TEST(test_files)
{
	struct sysg_error err = {0};
	char buf[256], path[512];
	uint64_t v = 0;

	make_tmp();
	/* A missing control file: path, value, errno text and a hint. */
	ck_assert_int_eq(cg_write_file(tmp, "memory.max", "33554432", "limits.cgroup.memory_max",
				       &err),
			 -ENOENT);
	snprintf(path, sizeof path,
		 "cgroup: limits.cgroup.memory_max: write '33554432' to %s/memory.max: No such file "
		 "or directory: the kernel offers no such file there",
		 tmp);
	ck_assert_contains(err.message, path);
	/* Permission problems point at limits.cgroup.root (the seed's advice). */
	cg_fail(&err, EROFS, "mkdir /sys/fs/cgroup/sysg");
	ck_assert_str_eq(err.message,
			 "cgroup: mkdir /sys/fs/cgroup/sysg: Read-only file system: if the cgroup "
			 "filesystem is read-only or not delegated to sysg (as in many containers), "
			 "set limits.cgroup.root (or plugins.cgroup.root for every service) to a "
			 "cgroup sysg may write");
	ck_assert_int_eq(err.code, -EROFS);
	cg_fail(&err, EACCES, "x");
	ck_assert_contains(err.message, "Permission denied: if the cgroup filesystem");

	put("memory.events", "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
	ck_assert(cg_keyed_value(get("memory.events", buf, sizeof buf), "oom_kill", &v));
	ck_assert_uint_eq(v, 1);
	ck_assert(cg_keyed_value(buf, "max", &v));
	ck_assert_uint_eq(v, 12);
	ck_assert(!cg_keyed_value(buf, "oom_group", &v));
	ck_assert(!cg_keyed_value("oom_kill_disable 0\nunder_oom 0\n", "oom_kill", &v));

	put("cgroup.procs", "12\n345\n6789\n");
	ck_assert_int_eq(cg_count(tmp), 3);
	snprintf(path, sizeof path, "%s/gone", tmp);
	ck_assert_int_eq(cg_count(path), 0);

	/* mkdir -p, then removal with the cgroups a service made inside. */
	snprintf(path, sizeof path, "%s/a/b/c", tmp);
	ck_assert_int_eq(cg_mkdir_p(path, &err), 0);
	ck_assert_int_eq(cg_mkdir_p(path, &err), 0);
	snprintf(path, sizeof path, "%s/a/b/d", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/a", tmp);
	ck_assert_int_eq(cg_remove(path, &err), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(cg_remove(path, &err), 0);
	remove_tmp();
}
END_TEST

/* v2: enabling walks up to where a controller is offered, then writes
 * "+NAME" downwards. Plain files stand in for the kernel's. */
START_TEST(test_v2_enable)
{
	struct sysg_error err = {0};
	char top[128], dir[160], buf[256];

	make_tmp();
	snprintf(top, sizeof top, "%s", tmp);
	put("cgroup.subtree_control", "cpu\n");
	mk("a");
	put("a/cgroup.controllers", "cpu\n");
	put("a/cgroup.subtree_control", "\n");
	mk("a/b");
	put("a/b/cgroup.controllers", "\n");
	put("a/b/cgroup.subtree_control", "\n");
	snprintf(dir, sizeof dir, "%s/a/b", tmp);
	ck_assert_int_eq(cg_v2_enable(top, dir, CG_MEMORY, &err), 0);
	ck_assert_str_eq(get("cgroup.subtree_control", buf, sizeof buf), "+memory");
	ck_assert_str_eq(get("a/cgroup.subtree_control", buf, sizeof buf), "+memory");
	ck_assert_str_eq(get("a/b/cgroup.subtree_control", buf, sizeof buf), "+memory");
	/* Already enabled where needed: nothing is written. */
	put("a/b/cgroup.subtree_control", "cpu memory\n");
	put("a/cgroup.subtree_control", "untouched");
	ck_assert_int_eq(cg_v2_enable(top, dir, CG_MEMORY | CG_CPU, &err), 0);
	ck_assert_str_eq(get("a/cgroup.subtree_control", buf, sizeof buf), "untouched");
	/* Outside the mount: refused. */
	ck_assert_int_lt(cg_v2_enable("/nonexistent-top", dir, CG_PIDS, &err), 0);
	remove_tmp();
}
END_TEST

static void free_doc(void)
{
	if (doc)
		document_free(doc);
	doc = NULL;
}

int main(void)
{
	Suite *s = suite_create("cgroup");
	TCase *values = tcase_create("values");
	TCase *system = tcase_create("system");

	tcase_add_checked_fixture(values, NULL, free_doc);
	tcase_add_test(values, test_cpu_max);
	tcase_add_test(values, test_explain_cpu_max);
	tcase_add_test(values, test_parse_limits);
	tcase_add_test(values, test_parse_errors);
	tcase_add_test(values, test_plan_v2);
	tcase_add_test(values, test_plan_v1);
	tcase_add_test(system, test_detect_hybrid_v1);
	tcase_add_test(system, test_detect_v2_and_none);
	tcase_add_test(system, test_detect_mount_root);
	tcase_add_test(system, test_root_dir);
	tcase_add_test(system, test_files);
	tcase_add_test(system, test_v2_enable);
	suite_add_tcase(s, values);
	suite_add_tcase(s, system);
	return run_suite(s);
}
