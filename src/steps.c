/* SPDX-License-Identifier: MIT */
/*
 * The core's own pre-exec steps, registered as the built-in plugin "core" so
 * that they sort with every other plugin's hooks and `sysg plugins` shows
 * them in place. They run in the child: system calls only.
 */
#include "build-config.h"

#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "config.h"
#include "listen_fds.h"
#include "spawn.h"

/*
 * Groups first, then gid, then uid: once the uid is not 0 the others can no
 * longer be changed. Raw system calls set all three ids of this one task;
 * glibc's wrappers would try to signal other threads, and after a raw clone()
 * its thread list is not to be trusted.
 */
static int step_credentials(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			    struct sysg_error *err)
{
	const struct sysg_service *svc = svc_state;

	if (!svc->set_credentials)
		return 0;
	if (syscall(SYS_setgroups, svc->n_groups, svc->groups) < 0)
		return sysg_error_set(err, -errno, "setgroups (%lu groups)",
				      (unsigned long)svc->n_groups);
	if (syscall(SYS_setresgid, svc->gid, svc->gid, svc->gid) < 0)
		return sysg_error_set(err, -errno, "setresgid %u", (unsigned)svc->gid);
	if (syscall(SYS_setresuid, svc->uid, svc->uid, svc->uid) < 0)
		return sysg_error_set(err, -errno, "setresuid %u", (unsigned)svc->uid);
	return 0;
}

static int step_chdir(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		      struct sysg_error *err)
{
	const struct sysg_service *svc = svc_state;

	if (chdir(svc->working_dir) < 0)
		return sysg_error_set(err, -errno, "chdir %s (working_dir)", svc->working_dir);
	return 0;
}

static int step_no_new_privs(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			     struct sysg_error *err)
{
	const struct sysg_service *svc = svc_state;

	if (svc->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return sysg_error_set(err, -errno, "prctl(PR_SET_NO_NEW_PRIVS)");
	return 0;
}

/*
 * Stray descriptors (anything sysg or whoever started sysg left open without
 * close-on-exec) must not reach the service. Marking them close-on-exec
 * rather than closing keeps the report descriptor usable until exec.
 */
static int step_exec(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		     struct sysg_error *err)
{
	const struct sysg_service *svc = svc_state;

	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		/* Kernels before 5.11: mark them one by one. */
		long max = sysconf(_SC_OPEN_MAX);

		int first = 3 + (svc->listen_fds ? listen_fds_count() : 0);

		for (int fd = first; fd < (max > 0 ? max : 65536); fd++)
			if (fd != ctx->report_fd)
				(void)!close(fd);
	}
	/* Changing credentials (500) cleared the parent-death signal: set it
	 * again for the program itself, and make sure the parent still lives. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return sysg_error_set(err, -errno, "prctl(PR_SET_PDEATHSIG)");
	if (getppid() != spawn_expected_parent(svc))
		return sysg_error_set(err, -ESRCH, "the supervisor is gone");
	if (svc->listen_fds && listen_fds_pass(listen_fds_count(), svc->listen_pid_env) < 0)
		return sysg_error_set(err, -errno, "passing %d sockets (listen_fds)",
				      listen_fds_count());
	execve(svc->exec_path, svc->argv, svc->envp);
	return sysg_error_set(err, -errno, "execve %s", svc->exec_path);
}

/*
 * sysg runs with a raised soft RLIMIT_NOFILE, and the child holds all of
 * sysg's descriptors until exec: the soft limit sysg was started with goes
 * back only here, after every hook that may open one (a network namespace's
 * socket, a Landlock ruleset), or with many services the child would have no
 * descriptor number left under it. The limits plugin sets `limits.nofile`
 * right after, at the same priority.
 */
static int step_fd_limit(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			 struct sysg_error *err)
{
	return spawn_restore_nofile(err);
}

static const struct sysg_hook core_hooks[] = {
	{SYSG_PRIO_CREDENTIALS, "credentials", step_credentials},
	{SYSG_PRIO_CHDIR, "working-dir", step_chdir},
	{SYSG_PRIO_NO_NEW_PRIVS, "no-new-privs", step_no_new_privs},
	{SYSG_PRIO_FD_LIMIT, "fd-limit", step_fd_limit},
	{SYSG_PRIO_EXEC, "exec", step_exec},
	{0, NULL, NULL},
};

static const struct sysg_plugin core_descriptor = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "core",
	.version = PACKAGE_VERSION,
	.description = "sysg's own steps: credentials, working directory, no_new_privs, exec",
	.keys = core_keys,
	/* Configured by src/config.c directly, before every other plugin.
	 * The steps make system calls on stack data; the one write to sysg's
	 * memory, LISTEN_PID completed in the environment, is for this child
	 * alone and made again by the next. */
	.flags = SYSG_PLUGIN_VFORK_SAFE,
	.hooks = core_hooks,
};

const struct sysg_plugin *core_plugin(void)
{
	return &core_descriptor;
}
