/* SPDX-License-Identifier: MIT */
/*
 * A seccomp policy as the config states it, resolved and checked at config
 * load: what isolation.seccomp asked for, in a form the compiler turns into
 * one BPF program without looking at the config again.
 */
#ifndef SYSG_SECCOMP_POLICY_H
#define SYSG_SECCOMP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysg/plugin.h"

enum sc_action {
	SC_ALLOW,
	SC_ERRNO,
	SC_KILL, /* the whole process (SECCOMP_RET_KILL_PROCESS) */
	SC_LOG,
	SC_TRAP,
};

/* One comparison of a system call argument, as seccomp can make it: on the
 * register value only, never on memory a pointer points to. */
enum sc_op { SC_EQ, SC_NE, SC_LT, SC_LE, SC_GT, SC_GE, SC_MASKED_EQ };

#define SC_MAX_ARGS 6
#define SC_MAX_ARCHES 8
#define SC_NAME_MAX 64

struct sc_arg {
	unsigned index; /* 0..5 */
	enum sc_op op;
	uint64_t value;
	uint64_t mask; /* masked_eq only */
};

/* A rule: this system call (when every argument comparison holds) gets this
 * action. */
struct sc_rule {
	char name[SC_NAME_MAX];
	enum sc_action action;
	int errno_value; /* for SC_ERRNO */
	unsigned n_args;
	struct sc_arg args[SC_MAX_ARGS];
};

struct sc_policy {
	enum sc_action default_action;
	int errno_value;              /* for SC_ERRNO, the default action's and deny's */
	uint32_t arches[SC_MAX_ARCHES]; /* libseccomp architecture tokens */
	size_t n_arches;
	struct sc_rule *rules;
	size_t n_rules;
	/* A canonical text of everything above: services whose policies have
	 * equal keys share one compiled program. */
	char *key;
};

/*
 * Parse isolation.seccomp (node: the value of that key) into *ret. Every
 * mistake is reported, not only the first: unknown system call names, bad
 * actions, errnos, architectures, argument rules, each with its position,
 * one per line of err's message.
 */
int sc_policy_parse(const struct sysg_node *node, struct sc_policy *ret, struct sysg_error *err);
void sc_policy_free(struct sc_policy *p);

/* "errno", "kill", ...: the word the config uses for an action. */
const char *sc_action_name(enum sc_action a);

#endif
