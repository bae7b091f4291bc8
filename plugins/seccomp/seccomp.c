/* SPDX-License-Identifier: MIT */
/*
 * The seccomp plugin: isolation.seccomp, a system call filter.
 *
 *   configure  (parent, config load) parse the policy, resolve every name,
 *              compile it with libseccomp into a BPF program; services with
 *              the same policy share one program. Ask the core for
 *              no_new_privs (prio 700), without which an unprivileged
 *              process may not install a filter, and which keeps a setuid
 *              program from running with more privilege under a filter it
 *              could confuse.
 *   hook 800   (child) prctl(PR_SET_SECCOMP) with the ready program: no
 *              libseccomp, no allocation. It runs last but for the core's
 *              exec step, so sysg's own set-up is filtered as little as
 *              possible; the exec step's few calls (close_range, prctl,
 *              getppid, execve) must then be allowed, which baseline does.
 *   after_exit (parent) a service killed by SIGSYS gets a note that says
 *              why, when its filter can send one.
 */
#include "build-config.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "sysg/plugin.h"

#include "compile.h"
#include "policy.h"

/* A compiled program, shared by every service whose policy has its key. */
struct sc_program {
	char *key;
	struct sock_fprog prog;
	bool signals;  /* some rule kills or traps: SIGSYS is ours */
	unsigned refs;
	struct sc_program *next;
};

struct sc_state {
	struct sc_program *programs;
};

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	struct sc_state *st;

	if (settings)
		return sysg_node_error(err, settings, -EINVAL,
				       "the seccomp plugin takes no settings; filters are set per "
				       "service (isolation.seccomp)");
	st = calloc(1, sizeof *st);
	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	*ret_state = st;
	return 0;
}

static void fini(void *state)
{
	struct sc_state *st = state;

	/* release has normally emptied the list already. */
	while (st && st->programs) {
		struct sc_program *p = st->programs;

		st->programs = p->next;
		sc_program_free(&p->prog);
		free(p->key);
		free(p);
	}
	free(st);
}

static bool sends_sigsys(const struct sc_policy *p)
{
	if (p->default_action == SC_KILL || p->default_action == SC_TRAP)
		return true;
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].action == SC_KILL || p->rules[i].action == SC_TRAP)
			return true;
	return false;
}

/* The shared program for p, compiled now if no service has it yet. */
static int program_for(struct sc_state *st, struct sc_policy *p, struct sc_program **ret,
		       struct sysg_error *err)
{
	struct sc_program *prog;
	int r;

	for (prog = st->programs; prog; prog = prog->next)
		if (!strcmp(prog->key, p->key)) {
			prog->refs++;
			*ret = prog;
			return 0;
		}
	prog = calloc(1, sizeof *prog);
	if (!prog)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	r = sc_compile(p, &prog->prog, err);
	if (r < 0) {
		free(prog);
		return r;
	}
	prog->key = p->key;
	p->key = NULL;
	prog->signals = sends_sigsys(p);
	prog->refs = 1;
	prog->next = st->programs;
	st->programs = prog;
	*ret = prog;
	return 0;
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	const struct sysg_node *value = sysg_node_get_path(node, "isolation.seccomp");
	struct sc_policy policy;
	struct sc_program *prog = NULL;
	struct sysg_error e = {0};
	int r;

	if (!value)
		return sysg_node_error(err, node, -EINVAL, "isolation.seccomp: missing");
	r = sc_policy_parse(value, &policy, err);
	if (r < 0)
		return r;
	r = program_for(state, &policy, &prog, &e);
	sc_policy_free(&policy);
	if (r < 0)
		return sysg_node_error(err, value, r, "cannot compile the filter: %s", e.message);
	sysg_node_note(value, "compiled into a filter of %u BPF instructions", prog->prog.len);
	sysg_service_require_no_new_privs(svc);
	*ret_svc_state = prog;
	return 0;
}

static void release(void *state, void *svc_state)
{
	struct sc_state *st = state;
	struct sc_program *prog = svc_state, **pp;

	if (!prog || --prog->refs)
		return;
	for (pp = &st->programs; *pp; pp = &(*pp)->next)
		if (*pp == prog) {
			*pp = prog->next;
			break;
		}
	sc_program_free(&prog->prog);
	free(prog->key);
	free(prog);
}

/* 800, in the child: the core set no_new_privs at 700. */
static int step_filter(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		       struct sysg_error *err)
{
	const struct sc_program *prog = svc_state;

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog->prog, 0, 0) < 0)
		return sysg_error_set(err, -errno,
				      "prctl(PR_SET_SECCOMP) loading a filter of %u instructions "
				      "(isolation.seccomp)",
				      (unsigned)prog->prog.len);
	return 0;
}

static void after_exit(void *state, void *svc_state, pid_t pid, int wait_status, char *note,
		       size_t note_size)
{
	const struct sc_program *prog = svc_state;

	if (prog && prog->signals && WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGSYS)
		/* The exit line already says "killed by SIGSYS": say why. */
		snprintf(note, note_size,
			 "a system call its seccomp filter forbids (isolation.seccomp)");
}

static const char *const keys[] = {"isolation.seccomp", NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_SECCOMP, "seccomp-filter", step_filter},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "seccomp",
	.version = PACKAGE_VERSION,
	.description = "isolation.seccomp: a system call filter, compiled at config load",
	.keys = keys,
	.init = init,
	.fini = fini,
	.configure = configure,
	.release = release,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
	.after_exit = after_exit,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
