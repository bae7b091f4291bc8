/* SPDX-License-Identifier: MIT */
/*
 * isolation.pid: the init of the service's PID namespace.
 *
 * The core creates the child with clone(CLONE_NEWPID), so sysg's child is
 * PID 1 of the new namespace. The service does not stay PID 1: the kernel
 * gives a namespace's PID 1 no default signal action (SIGTERM without a
 * handler would do nothing, so `sysg stop` would always wait for SIGKILL),
 * and PID 1 inherits every orphan, which an ordinary program never reaps.
 * So the child makes one more process: the service goes on as PID 2 (the
 * rest of the pre-exec steps, then exec), and PID 1 stays behind as a small
 * init (how, without another copy of sysg's memory: iso_pid_init_fork):
 *
 *   - it relays every signal it gets (SIGTERM, SIGINT, SIGHUP, SIGUSR1,
 *     SIGUSR2, whatever stop_signal is, SIGCONT, which sysg sends after a
 *     stop signal, ...) but SIGCHLD to the service's process group; the
 *     service gets its own group, so it receives each of sysg's group
 *     signals once, through the init, as without the namespace;
 *   - it reaps every process that ends up as its child;
 *   - when the service ends, it exits with the service's exit code; the
 *     kernel then kills whatever else is left in the namespace.
 *
 * A signal death cannot be passed on as such: the kernel protects a
 * namespace's init from every signal but SIGKILL and SIGSTOP from an
 * ancestor namespace, even one it raises itself. The init exits with
 * 128 + the signal number instead (the shell's convention) and leaves the
 * service's real wait status in memory shared with sysg, which the plugin's
 * exit_status hands to the core: restart policy, the exit line and `sysg
 * status` see the service's own signal, as without the namespace. sysg's own SIGKILL
 * (the stop timeout) does end the init with SIGKILL, and the namespace with
 * it.
 *
 * Everything here runs between fork and exec: system calls and the
 * ucontext functions only (no allocation, no stdio, no glibc fork or raise,
 * which consult state that a raw clone() leaves stale).
 */
#include "build-config.h"

#include <linux/close_range.h>
#include <sched.h>
#include <stddef.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "isolation.h"

/* Not blocked, so not relayed: what the kernel sends a process for its own
 * faults (a fault in the init must end it, not hang it). SIGKILL and
 * SIGSTOP cannot be blocked. */
static const int faults[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};

static void __attribute__((noreturn)) finish(const struct iso_service *s, int status)
{
	if (s->shared) {
		s->shared->status = status;
		s->shared->valid = 1;
	}
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	_exit(128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
}

static void __attribute__((noreturn)) run_init(const struct iso_service *s, pid_t service,
					       const sigset_t *set)
{
	/* The init needs no descriptor; holding none keeps every pipe's
	 * end-of-file (the report pipe's first) exactly where it belongs. */
	if (syscall(SYS_close_range, 0U, ~0U, 0U) < 0)
		for (int fd = 0; fd < 65536; fd++)
			(void)close(fd);
	for (;;) {
		siginfo_t info;
		int sig = sigwaitinfo(set, &info);

		if (sig < 0)
			continue;
		if (sig == SIGCHLD) {
			int status;
			pid_t p;

			while ((p = waitpid(-1, &status, WNOHANG)) > 0)
				if (p == service)
					finish(s, status);
			continue;
		}
		/* Its group; the service itself if it left the group. */
		if (kill(-service, sig) < 0)
			(void)kill(service, sig);
	}
}

/*
 * Why the service is made with CLONE_VM | CLONE_VFORK when it may be, and
 * why the init moves to a stack of its own first.
 *
 * This process is a copy of sysg. A fork() would copy sysg's page tables
 * once more, and the service's exec would tear that copy down again: with
 * many services that is most of what a PID namespace costs. Sharing the
 * memory instead touches only this process's own copy, not sysg's. After
 * the service has exec'd, the init uses its own stack, the statics below,
 * the service's iso_service and slot, and libc's code: what a hook of a
 * plugin with SYSG_PLUGIN_VFORK_SAFE leaves alone. So the memory is
 * shared only when every later hook is of such a plugin
 * (ctx->later_hooks_vfork_safe), and otherwise the service is forked.
 *
 * It is not shared either when fs.suid_dumpable is 1 and the service
 * changes user (500): the kernel would then make the memory dumpable, and
 * the service's user could ptrace it, or write /proc/PID/mem, and so write
 * into a root init. With 0 or 2 it stays not dumpable (the core cleared
 * that before the hooks) and nothing of that user's can reach it; a
 * SIGSTOP from that user before exec suspends this init, not sysg, whose
 * SIGKILL at the stop timeout still ends the init (a vfork wait is killable
 * since Linux 4.7) and the namespace. While the init waits, what sysg
 * sends it is queued and relayed once the service has exec'd.
 *
 * The service must go on with the rest of the pre-exec steps, that is,
 * return from this hook on the stack it was called on, while the init
 * waits (CLONE_VFORK) until it has exec'd or died. Two processes cannot
 * use one stack, so the init leaves it first: it switches to init_stack
 * (setcontext), makes the service there, and the service, on a small
 * stack of its own for two calls, switches back to the saved context,
 * which returns from getcontext below a second time, as the service. This
 * is what posix_spawn does, with the roles of the stacks swapped. When the
 * service is forked, the same path gives each process its own copy.
 */
#define INIT_STACK_SIZE (64 * 1024)
#define SERVICE_TRAMPOLINE_SIZE (16 * 1024)

static char init_stack[INIT_STACK_SIZE] __attribute__((aligned(16)));
static char service_trampoline[SERVICE_TRAMPOLINE_SIZE] __attribute__((aligned(16)));
static ucontext_t init_ctx, service_ctx;
static const struct iso_service *init_for;
static sigset_t init_waits_for, service_mask;
static int clone_flags, clone_errno;
static volatile bool switched;

static int service_entry(void *unused)
{
	(void)unused;
	setcontext(&service_ctx);
	_exit(127); /* setcontext does not return on success */
}

static void init_entry(void)
{
	pid_t pid = clone(service_entry, service_trampoline + sizeof service_trampoline,
			  clone_flags, NULL);

	if (pid < 0) {
		/* Back to the hook, which reports it. */
		clone_errno = errno;
		setcontext(&service_ctx);
		_exit(127);
	}
	/* A forked service may not have run yet when the init relays its
	 * first signal: the group is made on both sides. (After an exec the
	 * kernel refuses it; the service made it itself.) */
	if (!(clone_flags & CLONE_VFORK))
		(void)setpgid(pid, pid);
	run_init(init_for, pid, &init_waits_for);
}

bool iso_pid_may_share_memory(const struct iso_service *s, const struct sysg_exec_ctx *ctx)
{
	if (ctx->size < offsetof(struct sysg_exec_ctx, later_hooks_vfork_safe) +
				sizeof ctx->later_hooks_vfork_safe ||
	    !ctx->later_hooks_vfork_safe)
		return false;
	return !ctx->changes_credentials || !s->setuid_dumpable;
}

int iso_pid_init_fork(const struct iso_service *s, const struct sysg_exec_ctx *ctx,
		      struct sysg_error *err)
{
	int r;

	/* Blocked before the clone: nothing sent in between is lost, and the
	 * init takes them with sigwaitinfo (a blocked signal is queued even
	 * for a namespace's init). */
	sigfillset(&init_waits_for);
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&init_waits_for, faults[i]);
	if (sigprocmask(SIG_BLOCK, &init_waits_for, &service_mask) < 0)
		return sysg_error_set(err, -errno, "isolation.pid: blocking signals for the init");
	init_for = s;
	clone_flags = SIGCHLD | (iso_pid_may_share_memory(s, ctx) ? CLONE_VM | CLONE_VFORK : 0);
	clone_errno = 0;
	if (getcontext(&init_ctx) < 0) {
		r = sysg_error_set(err, -errno, "isolation.pid: getcontext");
		goto fail;
	}
	init_ctx.uc_stack.ss_sp = init_stack;
	init_ctx.uc_stack.ss_size = sizeof init_stack;
	init_ctx.uc_link = NULL;
	makecontext(&init_ctx, init_entry, 0);
	/* getcontext returns twice: now, and as the service (PID 2), or as
	 * this process if the clone failed. (Not swapcontext: sanitizers
	 * would write a warning into the service's stderr.) */
	switched = false;
	if (getcontext(&service_ctx) < 0) {
		r = sysg_error_set(err, -errno, "isolation.pid: getcontext");
		goto fail;
	}
	if (!switched) {
		switched = true;
		setcontext(&init_ctx);
		r = sysg_error_set(err, -errno, "isolation.pid: setcontext");
		goto fail;
	}
	if (clone_errno) {
		r = sysg_error_set(err, -clone_errno, "isolation.pid: forking the service off the "
						      "namespace's init");
		goto fail;
	}
	sigprocmask(SIG_SETMASK, &service_mask, NULL);
	/* Its own process group. The exec step checks that its parent is PID 1. */
	(void)setpgid(0, 0);
	return 0;
fail:
	sigprocmask(SIG_SETMASK, &service_mask, NULL);
	return r;
}
