/* SPDX-License-Identifier: MIT */
/*
 * The limits plugin: `limits.nofile`, `limits.nproc`, ... as setrlimit(2),
 * applied in the child at priority 200: after the cgroup is joined, before
 * namespaces and the uid change, so that the limits are set with sysg's own
 * privileges and inherited by everything the service starts.
 *
 * Each key takes a value that sets soft and hard alike, or
 * {soft: X, hard: Y}. Values are:
 *   - bytes (memlock, core, stack, as, fsize, data, msgqueue): a size
 *     (123, 64K, 100M, 2G, 1T, binary multiples) or `unlimited`;
 *   - counts (nofile, nproc, sigpending): a whole number or `unlimited`;
 *   - cpu: CPU time in whole seconds, as a number or a duration (90s, 2m,
 *     1h), or `unlimited`; at the soft limit the kernel sends SIGXCPU, at
 *     the hard limit SIGKILL;
 *   - nice: as systemd's LimitNICE=: with a sign (-20 to +19) the lowest
 *     nice value the service may set for itself (nice: -5 lets it renice
 *     itself down to -5); without a sign (0 to 40) the kernel's own
 *     RLIMIT_NICE number, 20 - nice, which /proc/PID/limits shows (nice: 25
 *     is the same as -5; 0, the kernel's default, lets it lower nothing).
 *     YAML keeps the sign as written, so "+5" and 5 differ as in systemd;
 *     or `unlimited`;
 *   - rtprio: the highest real-time priority it may set, 0 to 99, or
 *     `unlimited`.
 * `rss` and `locks` are refused with an explanation: Linux has not enforced
 * RLIMIT_RSS since 2.4.30 nor RLIMIT_LOCKS since 2.4.25, and sysg does not
 * accept a protection that is not applied.
 *
 * A soft limit above its hard limit is a config error. Raising a hard limit
 * above sysg's own needs CAP_SYS_RESOURCE (and for nofile the kernel also
 * caps it at fs.nr_open): configure warns when sysg cannot, and the hook
 * refuses the service at start with both values and the reason. Nothing is
 * ever lowered to what happens to be allowed.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysg/plugin.h"

#include "rlimits.h"

const struct limit_def limit_defs[] = {
	{"nofile", RLIMIT_NOFILE, "NOFILE", LIMIT_COUNT, "open files"},
	{"nproc", RLIMIT_NPROC, "NPROC", LIMIT_COUNT, "processes of the service's user"},
	{"memlock", RLIMIT_MEMLOCK, "MEMLOCK", LIMIT_BYTES, "locked memory"},
	{"core", RLIMIT_CORE, "CORE", LIMIT_BYTES, "core file size"},
	{"stack", RLIMIT_STACK, "STACK", LIMIT_BYTES, "stack size"},
	{"as", RLIMIT_AS, "AS", LIMIT_BYTES, "address space"},
	{"fsize", RLIMIT_FSIZE, "FSIZE", LIMIT_BYTES, "file size"},
	{"data", RLIMIT_DATA, "DATA", LIMIT_BYTES, "data segment size"},
	{"cpu", RLIMIT_CPU, "CPU", LIMIT_SECONDS, "CPU time"},
	{"rss", RLIMIT_RSS, "RSS", LIMIT_UNENFORCED,
	 "Linux has not enforced RLIMIT_RSS since 2.4.30; to cap memory use "
	 "limits.cgroup.memory_max"},
	{"locks", RLIMIT_LOCKS, "LOCKS", LIMIT_UNENFORCED,
	 "Linux has not enforced RLIMIT_LOCKS since 2.4.25; file locks are not limited per "
	 "process"},
	{"sigpending", RLIMIT_SIGPENDING, "SIGPENDING", LIMIT_COUNT, "queued signals"},
	{"msgqueue", RLIMIT_MSGQUEUE, "MSGQUEUE", LIMIT_BYTES, "POSIX message queue bytes"},
	{"nice", RLIMIT_NICE, "NICE", LIMIT_NICE, "the lowest nice value"},
	{"rtprio", RLIMIT_RTPRIO, "RTPRIO", LIMIT_RTPRIO, "real-time priority"},
	{NULL, 0, NULL, 0, NULL},
};

/* "limits.nofile", ...: the keys the plugin owns, from the table. */
static const char *const keys[] = {
	"limits.nofile", "limits.nproc", "limits.memlock", "limits.core", "limits.stack",
	"limits.as", "limits.fsize", "limits.data", "limits.cpu", "limits.rss",
	"limits.locks", "limits.sigpending", "limits.msgqueue", "limits.nice", "limits.rtprio",
	NULL,
};

/* Digits only, below RLIM_INFINITY (which means "unlimited"). */
static int parse_count(const char *s, rlim_t *ret)
{
	rlim_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v > (RLIM_INFINITY - 1 - (rlim_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (rlim_t)(*s - '0');
	}
	*ret = v;
	return 0;
}

/* An optional sign, then digits, within [min, max]. */
static int parse_small_int(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;

	if (!*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

static bool is_unlimited(const char *s)
{
	return !strcasecmp(s, "unlimited") || !strcasecmp(s, "infinity");
}

/* One value (not a {soft, hard} mapping) as the kernel's number. */
static int parse_one(const struct limit_def *def, const struct sysg_node *n, rlim_t *ret,
		     struct sysg_error *err)
{
	const char *s;
	uint64_t u;
	long v;
	int r = sysg_node_string(n, &s, err);

	if (r < 0)
		return r;
	if (is_unlimited(s)) {
		*ret = RLIM_INFINITY;
		return 0;
	}
	switch (def->unit) {
	case LIMIT_BYTES:
		r = sysg_node_size(n, &u, err);
		if (r < 0)
			return r;
		*ret = u == SYSG_UNLIMITED ? RLIM_INFINITY : (rlim_t)u;
		return 0;
	case LIMIT_COUNT:
		r = parse_count(s, ret);
		if (r == -ERANGE)
			return sysg_node_error(err, n, r, "%s: %s is too large", def->key, s);
		if (r < 0)
			return sysg_node_error(err, n, r,
					       "%s is a number of %s: a whole number or 'unlimited', "
					       "got '%s'",
					       def->key, def->what, s);
		return 0;
	case LIMIT_SECONDS:
		r = sysg_node_duration_ms(n, &u, err);
		if (r < 0)
			return r;
		if (u % 1000)
			return sysg_node_error(err, n, -EINVAL,
					       "cpu is counted in whole seconds, got '%s'", s);
		*ret = (rlim_t)(u / 1000);
		return 0;
	case LIMIT_NICE:
		/* With a sign a nice value, stored in the kernel's encoding: a
		 * process may lower its nice value to n while 20 - n does not
		 * exceed the limit. Without one, that encoded number itself. */
		if (*s == '-' || *s == '+') {
			if (parse_small_int(s, -20, 19, &v) < 0)
				return sysg_node_error(err, n, -EINVAL,
						       "a signed nice limit is a nice value from "
						       "-20 to +19, got '%s'",
						       s);
			*ret = (rlim_t)(20 - v);
			return 0;
		}
		if (parse_small_int(s, 0, 40, &v) < 0)
			return sysg_node_error(err, n, -EINVAL,
					       "nice is a nice value with its sign (-20 to +19), the "
					       "kernel's RLIMIT_NICE number 20 - nice (0 to 40), or "
					       "'unlimited'; got '%s'",
					       s);
		*ret = (rlim_t)v;
		return 0;
	case LIMIT_RTPRIO:
		if (parse_small_int(s, 0, 99, &v) < 0)
			return sysg_node_error(err, n, -EINVAL,
					       "rtprio is the highest real-time priority the service "
					       "may set, from 0 to 99, or 'unlimited'; got '%s'",
					       s);
		*ret = (rlim_t)v;
		return 0;
	case LIMIT_UNENFORCED:
		break;
	}
	return sysg_node_error(err, n, -EINVAL, "%s", def->what);
}

/* A value as the kernel takes it, for messages. */
static void rlim_user_text(rlim_t v, char *buf, size_t size)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, size, "unlimited");
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
}

int limit_parse(const struct limit_def *def, const struct sysg_node *n, rlim_t *ret_soft,
		rlim_t *ret_hard, struct sysg_error *err)
{
	static const char *const soft_hard[] = {"soft", "hard", NULL};
	rlim_t soft, hard;
	int r;

	if (def->unit == LIMIT_UNENFORCED)
		return sysg_node_error(err, n, -EINVAL, "%s", def->what);
	if (sysg_node_kind(n) == SYSG_NODE_SEQUENCE)
		return sysg_node_error(err, n, -EINVAL,
				       "expected a value or {soft: X, hard: Y}, got a list");
	if (sysg_node_kind(n) != SYSG_NODE_MAPPING) {
		r = parse_one(def, n, &soft, err);
		if (r < 0)
			return r;
		*ret_soft = *ret_hard = soft;
		return 0;
	}
	r = sysg_node_check_keys(n, soft_hard, err);
	if (r < 0)
		return r;
	if (!sysg_node_get(n, "soft") || !sysg_node_get(n, "hard"))
		return sysg_node_error(err, n, -EINVAL,
				       "give both soft and hard, or a single value for both");
	r = parse_one(def, sysg_node_get(n, "soft"), &soft, err);
	if (r == 0)
		r = parse_one(def, sysg_node_get(n, "hard"), &hard, err);
	if (r < 0)
		return r;
	if (soft > hard) {
		char s[32], h[32];

		rlim_user_text(soft, s, sizeof s);
		rlim_user_text(hard, h, sizeof h);
		return sysg_node_error(err, n, -EINVAL, "the soft limit %s is above the hard limit %s%s",
				       s, h,
				       def->unit == LIMIT_NICE ? " (as RLIMIT_NICE numbers, 20 - nice)"
							       : "");
	}
	*ret_soft = soft;
	*ret_hard = hard;
	return 0;
}

/* Does sysg hold CAP_SYS_RESOURCE in its effective set (it may then raise
 * hard limits)? */
static bool has_sys_resource(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	return d[CAP_SYS_RESOURCE / 32].effective & (1u << (CAP_SYS_RESOURCE % 32));
}

/* fs.nr_open: the kernel's ceiling for RLIMIT_NOFILE, whatever the caps. */
static rlim_t read_nr_open(void)
{
	char buf[32];
	rlim_t v;
	ssize_t n;
	int fd = open("/proc/sys/fs/nr_open", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return RLIM_INFINITY;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return RLIM_INFINITY;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return parse_count(buf, &v) == 0 ? v : RLIM_INFINITY;
}

/* Warn now about a hard limit the hook will not be able to set. */
static void check_feasible(const struct limit_def *def, const struct sysg_node *n,
			   const struct sysg_service *svc, struct limit *l)
{
	struct rlimit cur;
	char want[32], have[32];

	rlim_user_text(l->hard, want, sizeof want);
	if (def->resource == RLIMIT_NOFILE && l->hard > l->nr_open) {
		sysg_node_warn(n,
			       "the hard limit %s is above fs.nr_open (%llu), the kernel's ceiling "
			       "for open files: '%s' will be refused at start",
			       want, (unsigned long long)l->nr_open, sysg_service_name(svc));
		return;
	}
	if (getrlimit(def->resource, &cur) < 0 || l->hard <= cur.rlim_max || has_sys_resource())
		return;
	rlim_user_text(cur.rlim_max, have, sizeof have);
	sysg_node_warn(n,
		       "the hard limit %s is above sysg's own (%s), and raising a hard limit "
		       "needs CAP_SYS_RESOURCE, which sysg does not hold: '%s' will be refused "
		       "at start",
		       want, have, sysg_service_name(svc));
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	const struct sysg_node *limits = sysg_node_get(node, "limits");
	struct limits_service *s = calloc(1, sizeof *s);
	rlim_t nr_open = read_nr_open();

	if (!s)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	for (const struct limit_def *def = limit_defs; def->key; def++) {
		const struct sysg_node *n = sysg_node_get(limits, def->key);
		struct limit *l = &s->items[s->count];
		int r;

		if (!n)
			continue;
		r = limit_parse(def, n, &l->soft, &l->hard, err);
		if (r < 0) {
			free(s);
			return r;
		}
		l->resource = def->resource;
		l->name = def->name;
		l->nr_open = nr_open;
		check_feasible(def, n, svc, l);
		s->count++;
	}
	*ret_svc_state = s;
	return 0;
}

static void release(void *state, void *svc_state)
{
	free(svc_state);
}

/* Decimal text without snprintf's locale machinery, for the child. */
static const char *rlim_text(rlim_t v, char buf[24])
{
	char *p = buf + 23;

	if (v == RLIM_INFINITY)
		return "unlimited";
	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) && p > buf);
	return p;
}

int limits_apply(const struct limits_service *s, enum limits_step step, struct sysg_error *err)
{
	for (size_t i = 0; i < s->count; i++) {
		const struct limit *l = &s->items[i];
		struct rlimit want = {.rlim_cur = l->soft, .rlim_max = l->hard}, cur;
		char soft[24], hard[24], have[24];
		int r;

		if ((l->resource == RLIMIT_NOFILE) != (step == LIMITS_NOFILE)) {
			/* Early, NOFILE only gets a higher hard limit. */
			if (l->resource != RLIMIT_NOFILE || getrlimit(RLIMIT_NOFILE, &cur) < 0 ||
			    l->hard <= cur.rlim_max)
				continue;
			want.rlim_cur = cur.rlim_cur;
		}
		if (setrlimit(l->resource, &want) == 0)
			continue;
		r = -errno;
		if (r == -EPERM && l->resource == RLIMIT_NOFILE && l->hard > l->nr_open)
			return sysg_error_set(err, r,
					      "setrlimit %s %s/%s: the hard limit is above fs.nr_open "
					      "(%s), the kernel's ceiling for open files",
					      l->name, rlim_text(l->soft, soft), rlim_text(l->hard, hard),
					      rlim_text(l->nr_open, have));
		if (r == -EPERM && getrlimit(l->resource, &cur) == 0 && l->hard > cur.rlim_max)
			return sysg_error_set(err, r,
					      "setrlimit %s %s/%s: the hard limit is above sysg's own "
					      "(%s), and raising a hard limit needs CAP_SYS_RESOURCE",
					      l->name, rlim_text(l->soft, soft), rlim_text(l->hard, hard),
					      rlim_text(cur.rlim_max, have));
		return sysg_error_set(err, r, "setrlimit %s %s/%s", l->name, rlim_text(l->soft, soft),
				      rlim_text(l->hard, hard));
	}
	return 0;
}

static int step_rlimits(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			struct sysg_error *err)
{
	return limits_apply(svc_state, LIMITS_EARLY, err);
}

static int step_nofile(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		       struct sysg_error *err)
{
	return limits_apply(svc_state, LIMITS_NOFILE, err);
}

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_RLIMITS, "setrlimit", step_rlimits},
	{SYSG_PRIO_FD_LIMIT, "setrlimit-nofile", step_nofile},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "limits",
	.version = PACKAGE_VERSION,
	.description = "limits.nofile, nproc, memlock, ...: resource limits (setrlimit)",
	.keys = keys,
	.configure = configure,
	.release = release,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
