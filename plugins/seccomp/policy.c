/* SPDX-License-Identifier: MIT */
/*
 * Reading isolation.seccomp. Either a profile name (`seccomp: baseline`) or
 * a map:
 *
 *   profile: baseline          optional: start from a built-in allow-list
 *   default_action: errno      allow | errno | kill | log | trap; for every
 *                              call no rule names (default: errno when
 *                              profile or allow is given, else allow)
 *   errno: EPERM               the errno for errno actions (default EPERM)
 *   allow: [read, {name: X, args: [...]}]
 *   deny: [mkdir, ...]         these get default_action, or errno when the
 *                              default lets calls through (allow, log); a
 *                              deny overrides the profile and allow
 *   architectures: [native, x86]
 *
 * The rules are made exact here, once, so that the compiler never meets a
 * case libseccomp would refuse or resolve differently than the config
 * reads: a rule whose action is the default is dropped (it changes
 * nothing), a plain deny removes every allow of the same call, and argument
 * rules exist only where they cannot be shadowed (in deny when the default
 * lets calls through, in allow when it does not).
 */
#include "build-config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "profiles.h"

/* Every mistake found, one per line, so that `sysg validate` lists them all. */
struct problems {
	struct sysg_error *err;
	int code;
	size_t len;
	unsigned count;
};

static void problem(struct problems *pb, const struct sysg_node *node, const char *fmt, ...)
	SYSG_PRINTF(3, 4);

static void problem(struct problems *pb, const struct sysg_node *node, const char *fmt, ...)
{
	struct sysg_error one = {0};
	char text[SYSG_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	sysg_node_error(&one, node, -EINVAL, "%s", text);
	if (pb->count++ == 0) {
		pb->code = -EINVAL;
		pb->len = 0;
	}
	if (pb->len < sizeof pb->err->message - 1) {
		int n = snprintf(pb->err->message + pb->len, sizeof pb->err->message - pb->len,
				 "%s%s", pb->len ? "\n" : "", one.message);

		if (n > 0)
			pb->len += (size_t)n;
	}
	pb->err->code = pb->code;
}

static const char *const action_names[] = {
	[SC_ALLOW] = "allow", [SC_ERRNO] = "errno", [SC_KILL] = "kill",
	[SC_LOG] = "log",     [SC_TRAP] = "trap",
};

const char *sc_action_name(enum sc_action a)
{
	return a <= SC_TRAP ? action_names[a] : "?";
}

static const char *const op_names[] = {
	[SC_EQ] = "eq", [SC_NE] = "ne", [SC_LT] = "lt", [SC_LE] = "le",
	[SC_GT] = "gt", [SC_GE] = "ge", [SC_MASKED_EQ] = "masked_eq",
};

struct rules {
	struct sc_rule *v;
	size_t n, cap;
	bool failed;
};

static struct sc_rule *rules_add(struct rules *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct sc_rule *v = realloc(r->v, cap * sizeof *v);

		if (!v) {
			r->failed = true;
			return NULL;
		}
		r->v = v;
		r->cap = cap;
	}
	memset(&r->v[r->n], 0, sizeof r->v[r->n]);
	return &r->v[r->n++];
}

static bool known_syscall(const char *name)
{
	return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

/* EPERM, eperm, or a number 1..4095 (the kernel's MAX_ERRNO). */
static int parse_errno(const char *text, int *ret)
{
	char *end;
	long n;

	if (text[0] >= '0' && text[0] <= '9') {
		errno = 0;
		n = strtol(text, &end, 10);
		if (errno || *end || n < 1 || n > 4095)
			return -EINVAL;
		*ret = (int)n;
		return 0;
	}
	for (int e = 1; e < 4096; e++) {
		const char *name = strerrorname_np(e);

		if (name && !strcasecmp(name, text)) {
			*ret = e;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_u64(const char *text, uint64_t *ret)
{
	char *end;
	unsigned long long v;

	if (!(text[0] >= '0' && text[0] <= '9'))
		return -EINVAL;
	errno = 0;
	/* Decimal, or hex with 0x; never octal, so 010 means ten. */
	v = strtoull(text, &end, text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? 16 : 10);
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

static void parse_arg(struct problems *pb, const struct sysg_node *node, struct sc_arg *a)
{
	static const char *const keys[] = {"index", "op", "value", "mask", NULL};
	const struct sysg_node *index = sysg_node_get(node, "index"), *op = sysg_node_get(node, "op");
	const struct sysg_node *value = sysg_node_get(node, "value"), *mask = sysg_node_get(node, "mask");
	struct sysg_error e = {0};
	const char *text;
	long long i;

	if (sysg_node_kind(node) != SYSG_NODE_MAPPING) {
		problem(pb, node, "expected {index: 0..5, op: eq|ne|lt|le|gt|ge|masked_eq, value: N}");
		return;
	}
	if (sysg_node_check_keys(node, keys, &e) < 0) {
		problem(pb, node, "%s", strstr(e.message, "unknown key") ? strstr(e.message, "unknown key")
									 : e.message);
		return;
	}
	if (!index)
		problem(pb, node, "index: missing (the argument's position, 0 to 5)");
	else if (sysg_node_int(index, 0, SC_MAX_ARGS - 1, &i, &e) < 0)
		problem(pb, index, "expected the argument's position, 0 to 5");
	else
		a->index = (unsigned)i;
	a->op = SC_EQ;
	if (!op || sysg_node_string(op, &text, &e) < 0) {
		problem(pb, op ? op : node, "%sexpected one of eq, ne, lt, le, gt, ge, masked_eq",
			op ? "" : "op: missing: ");
	} else {
		size_t k;

		for (k = 0; k <= SC_MASKED_EQ && strcmp(op_names[k], text); k++)
			;
		if (k > SC_MASKED_EQ)
			problem(pb, op, "unknown comparison '%s' (expected one of eq, ne, lt, le, gt, ge, "
				"masked_eq)", text);
		else
			a->op = (enum sc_op)k;
	}
	if (!value)
		problem(pb, node, "value: missing (the number to compare with)");
	else if (sysg_node_string(value, &text, &e) < 0 || parse_u64(text, &a->value) < 0)
		problem(pb, value, "expected an unsigned number (decimal or 0x hex) up to 2^64-1");
	if (mask && (sysg_node_string(mask, &text, &e) < 0 || parse_u64(text, &a->mask) < 0))
		problem(pb, mask, "expected an unsigned number (decimal or 0x hex) up to 2^64-1");
	if (a->op == SC_MASKED_EQ && !mask)
		problem(pb, node, "op masked_eq needs a mask: (value is compared with arg & mask)");
	if (a->op != SC_MASKED_EQ && mask)
		problem(pb, mask, "a mask is only used with op: masked_eq");
}

/*
 * One entry of allow or deny: a name, or {name: X, args: [...]}. Unknown
 * names are the mistake people make most: each is listed.
 */
static void parse_entry(struct problems *pb, struct rules *rs, const struct sysg_node *item,
			enum sc_action action, int errno_value, bool args_allowed, const char *why_not)
{
	static const char *const keys[] = {"name", "args", NULL};
	const struct sysg_node *name_node = item, *args = NULL;
	struct sysg_error e = {0};
	struct sc_rule *r;
	const char *name;

	if (sysg_node_kind(item) == SYSG_NODE_MAPPING) {
		if (sysg_node_check_keys(item, keys, &e) < 0) {
			const char *u = strstr(e.message, "unknown key");

			problem(pb, item, "%s", u ? u : e.message);
			return;
		}
		name_node = sysg_node_get(item, "name");
		args = sysg_node_get(item, "args");
		if (!name_node) {
			problem(pb, item, "name: missing (the system call this rule is about)");
			return;
		}
	}
	if (sysg_node_kind(name_node) != SYSG_NODE_SCALAR || sysg_node_string(name_node, &name, &e) < 0) {
		problem(pb, name_node, "expected a system call name, or {name: NAME, args: [...]}");
		return;
	}
	if (!known_syscall(name) || strlen(name) >= SC_NAME_MAX) {
		problem(pb, name_node, "unknown system call '%s'", name);
		return;
	}
	r = rules_add(rs);
	if (!r)
		return;
	snprintf(r->name, sizeof r->name, "%s", name);
	r->action = action;
	r->errno_value = errno_value;
	if (!args)
		return;
	if (!args_allowed) {
		problem(pb, args, "argument rules are not possible here: %s", why_not);
		return;
	}
	if (sysg_node_kind(args) != SYSG_NODE_SEQUENCE || sysg_node_count(args) == 0 ||
	    sysg_node_count(args) > SC_MAX_ARGS) {
		problem(pb, args, "expected a list of 1 to 6 comparisons, e.g. [{index: 0, op: eq, value: 1}]");
		return;
	}
	r->n_args = (unsigned)sysg_node_count(args);
	for (size_t i = 0; i < r->n_args; i++)
		parse_arg(pb, sysg_node_at(args, i), &r->args[i]);
}

static void parse_list(struct problems *pb, struct rules *rs, const struct sysg_node *list,
		       enum sc_action action, int errno_value, bool args_allowed, const char *why_not)
{
	if (sysg_node_kind(list) != SYSG_NODE_SEQUENCE) {
		problem(pb, list, "expected a list of system call names, e.g. [mkdir, mkdirat]");
		return;
	}
	for (size_t i = 0; i < sysg_node_count(list); i++)
		parse_entry(pb, rs, sysg_node_at(list, i), action, errno_value, args_allowed, why_not);
}

static void add_arch(struct problems *pb, struct sc_policy *p, const struct sysg_node *where,
		     uint32_t arch)
{
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] == arch)
			return;
	if (p->n_arches == SC_MAX_ARCHES) {
		problem(pb, where, "at most %d architectures", SC_MAX_ARCHES);
		return;
	}
	p->arches[p->n_arches++] = arch;
}

/*
 * The native architecture, and the 32-bit one its kernel also runs (x86 on
 * x86_64): a filter without it would kill every 32-bit program, and one
 * with it filters them by the same names. x32 stays out: Debian's kernels
 * disable it, and libseccomp's x86_64 filter refuses its calls outright.
 */
static void default_arches(struct problems *pb, struct sc_policy *p, const struct sysg_node *where)
{
	add_arch(pb, p, where, seccomp_arch_native());
	if (seccomp_arch_native() == SCMP_ARCH_X86_64)
		add_arch(pb, p, where, SCMP_ARCH_X86);
}

static void parse_arches(struct problems *pb, struct sc_policy *p, const struct sysg_node *list)
{
	struct sysg_error e = {0};
	bool native = false;

	if (sysg_node_kind(list) != SYSG_NODE_SEQUENCE || sysg_node_count(list) == 0) {
		problem(pb, list, "expected a list of architectures, e.g. [native, x86]");
		return;
	}
	for (size_t i = 0; i < sysg_node_count(list); i++) {
		const struct sysg_node *item = sysg_node_at(list, i);
		const char *name;
		uint32_t arch;

		if (sysg_node_kind(item) != SYSG_NODE_SCALAR || sysg_node_string(item, &name, &e) < 0) {
			problem(pb, item, "expected an architecture name");
			continue;
		}
		arch = !strcmp(name, "native") ? seccomp_arch_native() : seccomp_arch_resolve_name(name);
		if (!arch) {
			problem(pb, item,
				"unknown architecture '%s' (native, or a libseccomp name: x86_64, x86, "
				"x32, aarch64, arm, ...)",
				name);
			continue;
		}
		native |= arch == seccomp_arch_native();
		add_arch(pb, p, item, arch);
	}
	if (!native && pb->count == 0)
		problem(pb, list,
			"the native architecture must be listed (add native): without it the "
			"service could not make a single system call");
}

static int parse_action(const char *text, enum sc_action *ret)
{
	for (size_t i = 0; i <= SC_TRAP; i++)
		if (!strcmp(text, action_names[i])) {
			*ret = (enum sc_action)i;
			return 0;
		}
	return -EINVAL;
}

static void add_profile(struct problems *pb, struct rules *rs, const struct sysg_node *node,
			const char *name)
{
	const struct sc_profile *prof = sc_profile_find(name);

	if (!prof) {
		problem(pb, node, "unknown seccomp profile '%s' (built in: %s; or a map with allow, "
			"deny, default_action)", name, sc_profile_names());
		return;
	}
	for (const char *const *s = prof->allow; *s; s++) {
		struct sc_rule *r;

		/* A name this libseccomp does not know cannot be allowed: the
		 * call stays denied, which is the safe side. */
		if (!known_syscall(*s) || !(r = rules_add(rs)))
			continue;
		snprintf(r->name, sizeof r->name, "%s", *s);
		r->action = SC_ALLOW;
	}
	for (size_t i = 0; i < prof->n_rules; i++) {
		struct sc_rule *r;

		if (!known_syscall(prof->rules[i].name) || !(r = rules_add(rs)))
			continue;
		*r = prof->rules[i];
	}
}

static bool same_rule(const struct sc_rule *a, const struct sc_rule *b)
{
	return !strcmp(a->name, b->name) && a->action == b->action &&
	       (a->action != SC_ERRNO || a->errno_value == b->errno_value) &&
	       a->n_args == b->n_args && !memcmp(a->args, b->args, a->n_args * sizeof a->args[0]);
}

/*
 * Make the rule set exact: drop what equals the default, what a plain deny
 * overrides, and duplicates; rules then never contradict each other.
 */
static void settle(struct sc_policy *p, struct rules *rs, size_t first_deny)
{
	size_t n = 0;

	for (size_t i = 0; i < rs->n; i++) {
		struct sc_rule *r = &rs->v[i];
		bool drop = false;

		if (r->action == p->default_action &&
		    (r->action != SC_ERRNO || r->errno_value == p->errno_value))
			drop = true;
		if (i < first_deny)
			for (size_t j = first_deny; j < rs->n && !drop; j++)
				drop = !strcmp(rs->v[j].name, r->name) && rs->v[j].n_args == 0;
		for (size_t j = 0; j < n && !drop; j++)
			drop = same_rule(&rs->v[j], r);
		if (!drop)
			rs->v[n++] = *r;
	}
	rs->n = n;
}

/*
 * After the filter is loaded, sysg's own exec step still runs: it marks
 * stray descriptors close-on-exec (close_range), re-arms the parent-death
 * signal (prctl), checks its parent (getppid) and calls execve. A filter
 * that forbids one of them could never start the service: say so now,
 * rather than at every start as an odd failure or a SIGSYS.
 */
static const char *const exec_step_calls[] = {"execve", "close_range", "prctl", "getppid", NULL};

static bool allows(const struct sc_policy *p, const struct rules *rs, const char *name)
{
	if (p->default_action == SC_ALLOW || p->default_action == SC_LOG) {
		for (size_t i = 0; i < rs->n; i++)
			if (!strcmp(rs->v[i].name, name))
				return false;
		return true;
	}
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->v[i].name, name) && rs->v[i].action == SC_ALLOW && !rs->v[i].n_args)
			return true;
	return false;
}

static void check_exec_step(struct problems *pb, const struct sysg_node *node,
			    const struct sc_policy *p, const struct rules *rs)
{
	char missing[128] = "";
	size_t len = 0;

	for (const char *const *c = exec_step_calls; *c; c++)
		if (!allows(p, rs, *c) && len < sizeof missing)
			len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%s",
						len ? ", " : "", *c);
	if (len)
		problem(pb, node,
			"the filter forbids %s, which sysg's exec step makes after loading it "
			"(execve, close_range, prctl, getppid): the service could never start",
			missing);
}

static void make_key(struct sc_policy *p, struct rules *rs)
{
	size_t size = 64 + p->n_arches * 12 + p->n_rules * (SC_NAME_MAX + 16 + SC_MAX_ARGS * 48);
	char *k = malloc(size);
	size_t len = 0;

	if (!k) {
		rs->failed = true;
		return;
	}
	len += (size_t)snprintf(k + len, size - len, "%d/%d|", p->default_action, p->errno_value);
	for (size_t i = 0; i < p->n_arches; i++)
		len += (size_t)snprintf(k + len, size - len, "%x,", p->arches[i]);
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sc_rule *r = &p->rules[i];

		len += (size_t)snprintf(k + len, size - len, "|%s:%d/%d", r->name, r->action,
					r->errno_value);
		for (unsigned a = 0; a < r->n_args; a++)
			len += (size_t)snprintf(k + len, size - len, ":%u%d%llx&%llx",
						r->args[a].index, r->args[a].op,
						(unsigned long long)r->args[a].value,
						(unsigned long long)r->args[a].mask);
	}
	p->key = k;
}

/* The text of a scalar node, or NULL for a list or a map. */
static const char *word(const struct sysg_node *node)
{
	struct sysg_error ignored;
	const char *text;

	if (sysg_node_kind(node) != SYSG_NODE_SCALAR || sysg_node_string(node, &text, &ignored) < 0)
		return NULL;
	return text;
}

static void parse_map(struct problems *pb, const struct sysg_node *node, struct sc_policy *p,
		      struct rules *rs, size_t *first_deny)
{
	static const char *const keys[] = {"profile",	"default_action", "errno", "allow",
					   "deny",	"architectures",  NULL};
	const struct sysg_node *profile = sysg_node_get(node, "profile");
	const struct sysg_node *def = sysg_node_get(node, "default_action");
	const struct sysg_node *errno_node = sysg_node_get(node, "errno");
	const struct sysg_node *allow = sysg_node_get(node, "allow");
	const struct sysg_node *deny = sysg_node_get(node, "deny");
	const struct sysg_node *arches = sysg_node_get(node, "architectures");
	struct sysg_error e = {0};
	enum sc_action deny_action;
	bool lets_through;
	const char *text;

	if (sysg_node_check_keys(node, keys, &e) < 0) {
		/* Keep going: the other keys may hold more mistakes. */
		const char *u = strstr(e.message, "unknown key");

		problem(pb, node, "%s", u ? u : e.message);
	}
	p->default_action = profile || allow ? SC_ERRNO : SC_ALLOW;
	if (def) {
		text = word(def);
		if (!text || parse_action(text, &p->default_action) < 0)
			problem(pb, def,
				"unknown action '%s' (expected one of allow, errno, kill, log, trap)",
				text ? text : "(not a word)");
	}
	if (errno_node) {
		text = word(errno_node);
		if (!text || parse_errno(text, &p->errno_value) < 0)
			problem(pb, errno_node,
				"unknown errno '%s' (a name from errno(3) such as EPERM, or a number "
				"from 1 to 4095)",
				text ? text : "(not a word)");
	}
	if (profile) {
		if (sysg_node_kind(profile) != SYSG_NODE_SCALAR ||
		    sysg_node_string(profile, &text, &e) < 0)
			problem(pb, profile, "expected a profile name (%s)", sc_profile_names());
		else
			add_profile(pb, rs, profile, text);
	}
	lets_through = p->default_action == SC_ALLOW || p->default_action == SC_LOG;
	if (profile && lets_through)
		problem(pb, profile, "a profile has no effect when default_action is %s (it lists "
			"what to allow)", sc_action_name(p->default_action));
	if (allow) {
		if (p->default_action == SC_ALLOW)
			problem(pb, allow, "allow has no effect when default_action is allow");
		else
			parse_list(pb, rs, allow, SC_ALLOW, 0, !lets_through,
				   "default_action already lets these calls through");
	}
	*first_deny = rs->n;
	deny_action = lets_through ? SC_ERRNO : p->default_action;
	if (deny)
		parse_list(pb, rs, deny, deny_action, p->errno_value, lets_through,
			   "a denied call with arguments needs default_action allow or log "
			   "(otherwise the call is denied whatever its arguments)");
	if (!deny && p->default_action == SC_ALLOW)
		problem(pb, node, "this filter allows every system call: list what to deny "
			"(deny: [...]), or start from a profile (profile: baseline)");
	if (!profile && !allow && !lets_through)
		problem(pb, node, "this filter allows no system call, not even the execve that "
			"starts the service: add allow: [...] or profile: baseline");
	if (arches)
		parse_arches(pb, p, arches);
	else
		default_arches(pb, p, node);
	/* The errno a user gave outside errno actions would be ignored: say so. */
	if (errno_node && p->default_action != SC_ERRNO && !(deny && deny_action == SC_ERRNO) &&
	    pb->count == 0)
		problem(pb, errno_node, "errno is only used by errno actions (default_action: errno, "
			"or deny with default_action allow or log)");
}

int sc_policy_parse(const struct sysg_node *node, struct sc_policy *ret, struct sysg_error *err)
{
	struct problems pb = {.err = err};
	struct sc_policy p = {.errno_value = EPERM};
	struct rules rs = {0};
	size_t first_deny = 0;
	const char *text;

	if (sysg_node_kind(node) == SYSG_NODE_SCALAR && sysg_node_string(node, &text, err) == 0) {
		p.default_action = SC_ERRNO;
		add_profile(&pb, &rs, node, text);
		first_deny = rs.n;
		default_arches(&pb, &p, node);
	} else if (sysg_node_kind(node) == SYSG_NODE_MAPPING) {
		parse_map(&pb, node, &p, &rs, &first_deny);
	} else {
		problem(&pb, node,
			"expected a profile name (%s) or a map (default_action, errno, allow, deny, "
			"architectures, profile)",
			sc_profile_names());
	}
	if (pb.count) {
		free(rs.v);
		return pb.code;
	}
	settle(&p, &rs, first_deny);
	check_exec_step(&pb, node, &p, &rs);
	if (pb.count) {
		free(rs.v);
		return pb.code;
	}
	p.rules = rs.v;
	p.n_rules = rs.n;
	if (!rs.failed)
		make_key(&p, &rs);
	if (rs.failed) {
		free(rs.v);
		free(p.key);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	*ret = p;
	return 0;
}

void sc_policy_free(struct sc_policy *p)
{
	if (!p)
		return;
	free(p->rules);
	free(p->key);
	p->rules = NULL;
	p->key = NULL;
}
