/* SPDX-License-Identifier: MIT */
/*
 * limits.cgroup: reading it from the config, and the cgroup files each key
 * becomes. The keys follow cgroup v2's names and units; on v1 each maps to
 * the nearest file, and a value v1 cannot express is refused at config
 * load rather than approximated.
 */
#include "build-config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"

const char *const cg_key_names[CG_N_KEYS + 1] = {
	[CG_KEY_MEMORY_MAX] = "memory_max",
	[CG_KEY_MEMORY_HIGH] = "memory_high",
	[CG_KEY_MEMORY_SWAP_MAX] = "memory_swap_max",
	[CG_KEY_CPU_MAX] = "cpu_max",
	[CG_KEY_CPU_WEIGHT] = "cpu_weight",
	[CG_KEY_PIDS_MAX] = "pids_max",
	[CG_KEY_IO_WEIGHT] = "io_weight",
	[CG_KEY_ROOT] = "root",
	[CG_N_KEYS] = NULL,
};

/* The kernel's bounds for cpu.max / cpu.cfs_*: a period of 1 ms to 1 s, a
 * quota of at least 1 ms. */
#define CPU_PERIOD_MIN 1000
#define CPU_PERIOD_MAX 1000000
#define CPU_PERIOD_DEFAULT 100000
#define CPU_QUOTA_MIN 1000
#define CPU_QUOTA_LIMIT 1000000000000ULL /* a million CPU-seconds per period: beyond any machine */
#define PIDS_LIMIT 4194304               /* PID_MAX_LIMIT */

static bool parse_u64(const char *s, size_t n, uint64_t *ret)
{
	uint64_t v = 0;

	if (!n || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*ret = v;
	return true;
}

int cg_parse_cpu_max(const char *s, uint64_t *ret_quota, uint64_t *ret_period, char *why,
		     size_t why_size)
{
	uint64_t quota, period = CPU_PERIOD_DEFAULT;
	size_t n;

	s += strspn(s, " \t");
	n = strcspn(s, " \t");
	if (n == 3 && !strncmp(s, "max", 3))
		quota = CG_MAX;
	else if (!parse_u64(s, n, &quota)) {
		snprintf(why, why_size,
			 "'%s' is not \"QUOTA PERIOD\" in microseconds (e.g. \"50000 100000\" for "
			 "half a CPU), \"QUOTA\" or \"max\"",
			 s);
		return -EINVAL;
	}
	s += n;
	s += strspn(s, " \t");
	if (*s) {
		n = strcspn(s, " \t");
		if (!parse_u64(s, n, &period) || s[n + strspn(s + n, " \t")]) {
			snprintf(why, why_size, "the period '%s' is not a number of microseconds", s);
			return -EINVAL;
		}
	}
	if (period < CPU_PERIOD_MIN || period > CPU_PERIOD_MAX) {
		snprintf(why, why_size,
			 "the period %" PRIu64 " us is outside what the kernel takes (%d us to %d us)",
			 period, CPU_PERIOD_MIN, CPU_PERIOD_MAX);
		return -ERANGE;
	}
	if (quota != CG_MAX && (quota < CPU_QUOTA_MIN || quota > CPU_QUOTA_LIMIT)) {
		snprintf(why, why_size,
			 "the quota %" PRIu64 " us is outside what the kernel takes (at least %d us)",
			 quota, CPU_QUOTA_MIN);
		return -ERANGE;
	}
	*ret_quota = quota;
	*ret_period = period;
	return 0;
}

/* Microseconds in the largest unit that keeps them whole: "100 ms". */
static const char *duration(uint64_t us, char *buf, size_t size)
{
	if (us % 1000000 == 0)
		snprintf(buf, size, "%" PRIu64 " s", us / 1000000);
	else if (us % 1000 == 0)
		snprintf(buf, size, "%" PRIu64 " ms", us / 1000);
	else
		snprintf(buf, size, "%" PRIu64 " us", us);
	return buf;
}

void cg_explain_cpu_max(uint64_t quota, uint64_t period, char *buf, size_t size)
{
	char amount[64], q[32], p[32];

	if (quota == CG_MAX) {
		snprintf(buf, size, "no CPU limit (period %s)", duration(period, p, sizeof p));
		return;
	}
	if (quota < period) {
		/* A share of one CPU, in tenths of a percent. */
		uint64_t permille = (quota * 1000 + period / 2) / period;

		if (permille % 10)
			snprintf(amount, sizeof amount, "%" PRIu64 ".%" PRIu64 "%% of one CPU",
				 permille / 10, permille % 10);
		else
			snprintf(amount, sizeof amount, "%" PRIu64 "%% of one CPU", permille / 10);
	} else {
		uint64_t hundredths = (quota * 100 + period / 2) / period;

		if (hundredths % 100 == 0)
			snprintf(amount, sizeof amount, "%" PRIu64 " CPU%s", hundredths / 100,
				 hundredths == 100 ? "" : "s");
		else if (hundredths % 10 == 0)
			snprintf(amount, sizeof amount, "%" PRIu64 ".%" PRIu64 " CPUs",
				 hundredths / 100, hundredths % 100 / 10);
		else
			snprintf(amount, sizeof amount, "%" PRIu64 ".%02" PRIu64 " CPUs",
				 hundredths / 100, hundredths % 100);
	}
	snprintf(buf, size, "up to %s (%s of CPU time in every %s period)", amount,
		 duration(quota, q, sizeof q), duration(period, p, sizeof p));
}

static int read_size(const struct sysg_node *node, uint64_t *ret, bool zero_ok,
		     struct sysg_error *err)
{
	int r = sysg_node_size(node, ret, err);

	if (r < 0)
		return r;
	if (*ret == 0 && !zero_ok)
		return sysg_node_error(err, node, -EINVAL,
				       "0 bytes would leave the service no memory at all; give a "
				       "size such as 64M, or \"max\"");
	return 0;
}

/* An integer or "max"/"unlimited"/"infinity". */
static int read_count(const struct sysg_node *node, long long min, long long max, uint64_t *ret,
		      struct sysg_error *err)
{
	const char *s;
	char *end;
	long long v;
	int r = sysg_node_string(node, &s, err);

	if (r < 0)
		return r;
	if (!strcmp(s, "max") || !strcmp(s, "unlimited") || !strcmp(s, "infinity")) {
		*ret = CG_MAX;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return sysg_node_error(err, node, -EINVAL,
				       "expected a number from %lld to %lld, or \"max\", got '%s'", min,
				       max, s);
	*ret = (uint64_t)v;
	return 0;
}

int cg_limits_parse(const struct sysg_node *map, struct cg_limits *ret, struct sysg_error *err)
{
	struct cg_limits lim = {0};
	int r;

	if (sysg_node_kind(map) != SYSG_NODE_MAPPING)
		return sysg_node_error(err, map, -EINVAL,
				       "expected a mapping of cgroup limits (%s, ...)",
				       cg_key_names[CG_KEY_MEMORY_MAX]);
	r = sysg_node_check_keys(map, cg_key_names, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sysg_node_count(map); i++) {
		const char *key = sysg_node_key_at(map, i);
		const struct sysg_node *node = sysg_node_at(map, i);
		enum cg_key k;
		long long v;
		const char *s;

		for (k = 0; k < CG_N_KEYS && strcmp(cg_key_names[k], key); k++)
			;
		switch (k) {
		case CG_KEY_MEMORY_MAX:
			r = read_size(node, &lim.memory_max, false, err);
			if (r == 0 && sysg_node_string(node, &s, err) == 0)
				snprintf(lim.memory_max_text, sizeof lim.memory_max_text, "%s", s);
			break;
		case CG_KEY_MEMORY_HIGH:
			r = read_size(node, &lim.memory_high, false, err);
			break;
		case CG_KEY_MEMORY_SWAP_MAX:
			r = read_size(node, &lim.memory_swap_max, true, err);
			break;
		case CG_KEY_CPU_MAX: {
			char why[256];

			r = sysg_node_string(node, &s, err);
			if (r == 0 && cg_parse_cpu_max(s, &lim.cpu_quota_us, &lim.cpu_period_us, why,
						       sizeof why) < 0)
				r = sysg_node_error(err, node, -EINVAL, "%s", why);
			break;
		}
		case CG_KEY_CPU_WEIGHT:
			r = sysg_node_int(node, 1, 10000, &v, err);
			lim.cpu_weight = (uint64_t)v;
			break;
		case CG_KEY_PIDS_MAX:
			r = read_count(node, 0, PIDS_LIMIT, &lim.pids_max, err);
			break;
		case CG_KEY_IO_WEIGHT:
			r = sysg_node_int(node, 1, 10000, &v, err);
			lim.io_weight = (uint64_t)v;
			break;
		case CG_KEY_ROOT:
			r = sysg_node_string(node, &s, err);
			if (r == 0 && !cg_root_valid(s))
				r = sysg_node_error(err, node, -EINVAL,
						    "'%s' is not a plain cgroup path (no empty, '.' "
						    "or '..' parts)",
						    s);
			if (r == 0 && !(lim.root = strdup(s)))
				r = sysg_error_set(err, -ENOMEM, "out of memory");
			break;
		default:
			r = -EINVAL; /* check_keys let nothing else through */
			break;
		}
		if (r < 0) {
			cg_limits_free(&lim);
			return r;
		}
		lim.set |= 1u << k;
	}
	*ret = lim;
	return 0;
}

void cg_limits_free(struct cg_limits *lim)
{
	free(lim->root);
	lim->root = NULL;
}

struct plan {
	struct cg_write *w;
	size_t n, max;
};

static void add(struct plan *p, unsigned controller, enum cg_key key, const char *file,
		const char *value)
{
	struct cg_write *w;

	if (p->n == p->max)
		return;
	w = &p->w[p->n++];
	w->controller = controller;
	w->key = key;
	snprintf(w->file, sizeof w->file, "%s", file);
	snprintf(w->value, sizeof w->value, "%s", value);
}

static const char *num(uint64_t v, char buf[24])
{
	snprintf(buf, 24, "%" PRIu64, v);
	return buf;
}

/* A byte count or v2's "max" / v1's -1. */
static void add_bytes(struct plan *p, enum cg_version version, enum cg_key key, const char *file,
		      uint64_t bytes)
{
	char buf[24];

	add(p, CG_MEMORY, key, file,
	    bytes == CG_MAX ? (version == CG_V2 ? "max" : "-1") : num(bytes, buf));
}

int cg_plan(const struct cg_limits *lim, enum cg_version version, struct cg_write *ret,
	    size_t max, enum cg_key *ret_bad_key, char *why, size_t why_size)
{
	struct plan p = {ret, 0, max};
	bool v2 = version == CG_V2;
	char value[48], buf[24];

#define HAS(k) (lim->set & (1u << (k)))
	if (HAS(CG_KEY_MEMORY_MAX))
		add_bytes(&p, version, CG_KEY_MEMORY_MAX, v2 ? "memory.max" : "memory.limit_in_bytes",
			  lim->memory_max);
	if (HAS(CG_KEY_MEMORY_HIGH))
		/* v1 has no throttling threshold; its soft limit is the target
		 * memory is reclaimed down to under pressure. */
		add_bytes(&p, version, CG_KEY_MEMORY_HIGH,
			  v2 ? "memory.high" : "memory.soft_limit_in_bytes", lim->memory_high);
	if (HAS(CG_KEY_MEMORY_SWAP_MAX)) {
		if (v2) {
			add_bytes(&p, version, CG_KEY_MEMORY_SWAP_MAX, "memory.swap.max",
				  lim->memory_swap_max);
		} else if (lim->memory_swap_max == CG_MAX) {
			add_bytes(&p, version, CG_KEY_MEMORY_SWAP_MAX, "memory.memsw.limit_in_bytes",
				  CG_MAX);
		} else if (!HAS(CG_KEY_MEMORY_MAX) || lim->memory_max == CG_MAX ||
			   lim->memory_max > UINT64_MAX / 2 || lim->memory_swap_max > UINT64_MAX / 2) {
			*ret_bad_key = CG_KEY_MEMORY_SWAP_MAX;
			snprintf(why, why_size,
				 "cgroup v1 limits memory and swap together "
				 "(memory.memsw.limit_in_bytes = memory_max + memory_swap_max): "
				 "set a memory_max too");
			return -EINVAL;
		} else {
			/* After memory.limit_in_bytes: the kernel wants memsw >= it. */
			add_bytes(&p, version, CG_KEY_MEMORY_SWAP_MAX, "memory.memsw.limit_in_bytes",
				  lim->memory_max + lim->memory_swap_max);
		}
	}
	if (HAS(CG_KEY_CPU_MAX)) {
		if (v2) {
			if (lim->cpu_quota_us == CG_MAX)
				snprintf(value, sizeof value, "max %" PRIu64, lim->cpu_period_us);
			else
				snprintf(value, sizeof value, "%" PRIu64 " %" PRIu64, lim->cpu_quota_us,
					 lim->cpu_period_us);
			add(&p, CG_CPU, CG_KEY_CPU_MAX, "cpu.max", value);
		} else {
			add(&p, CG_CPU, CG_KEY_CPU_MAX, "cpu.cfs_period_us",
			    num(lim->cpu_period_us, buf));
			add(&p, CG_CPU, CG_KEY_CPU_MAX, "cpu.cfs_quota_us",
			    lim->cpu_quota_us == CG_MAX ? "-1" : num(lim->cpu_quota_us, buf));
		}
	}
	if (HAS(CG_KEY_CPU_WEIGHT)) {
		if (v2)
			add(&p, CG_CPU, CG_KEY_CPU_WEIGHT, "cpu.weight", num(lim->cpu_weight, buf));
		else
			/* Same ratio to the default: weight 100 is 1024 shares. */
			add(&p, CG_CPU, CG_KEY_CPU_WEIGHT, "cpu.shares",
			    num(lim->cpu_weight * 1024 / 100, buf));
	}
	if (HAS(CG_KEY_PIDS_MAX)) {
		add(&p, CG_PIDS, CG_KEY_PIDS_MAX, "pids.max",
		    lim->pids_max == CG_MAX ? "max" : num(lim->pids_max, buf));
	}
	if (HAS(CG_KEY_IO_WEIGHT)) {
		if (v2) {
			snprintf(value, sizeof value, "default %" PRIu64, lim->io_weight);
			add(&p, CG_IO, CG_KEY_IO_WEIGHT, "io.weight", value);
		} else if (lim->io_weight > 1000) {
			*ret_bad_key = CG_KEY_IO_WEIGHT;
			snprintf(why, why_size,
				 "cgroup v1's blkio.bfq.weight takes 1 to 1000 (default 100, as "
				 "on v2), not %" PRIu64,
				 lim->io_weight);
			return -ERANGE;
		} else {
			/* Kernels since 5.0 have no CFQ and so no blkio.weight;
			 * BFQ's weight has v2's scale. */
			add(&p, CG_IO, CG_KEY_IO_WEIGHT, "blkio.bfq.weight",
			    num(lim->io_weight, buf));
		}
	}
#undef HAS
	return (int)p.n;
}

unsigned cg_plan_controllers(const struct cg_write *w, size_t n)
{
	unsigned bits = 0;

	for (size_t i = 0; i < n; i++)
		bits |= w[i].controller;
	return bits;
}
