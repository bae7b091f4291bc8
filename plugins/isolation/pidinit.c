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
 * Why the service is made with CLONE_VM | CLONE_VFORK, and why the init moves
 * to a stack of its own first.
 *
 * This process is a copy of sysg. A fork() would copy sysg's page tables
 * once more, and the service's exec would tear that copy down again: with
 * many services that is most of what a PID namespace costs. Sharing the
 * memory instead is safe here: it is this process's own copy, not sysg's,
 * and the init needs nothing from it but what is in `init_*` below and on
 * its own stack, which the service never touches.
 *
 * The service must go on with the rest of the pre-exec steps, that is,
 * return from this hook on the stack it was called on; the init waits
 * (CLONE_VFORK) until the service has exec'd or died. Two processes cannot
 * use one stack, so the init leaves it first: it switches to init_stack
 * (setcontext), makes the service there, and the service, on a small
 * stack of its own for two calls, switches back to the saved context,
 * which returns from getcontext below a second time, as the service. This
 * is what posix_spawn does, with the roles of the stacks swapped.
 *
 * Once the service changes user (500) it shares memory with a root init
 * until exec. The memory is not dumpable (the core cleared that for the
 * whole copy), so the service's user cannot ptrace it or read its
 * /proc/PID/mem. That user's processes could stop it with SIGSTOP before
 * exec; then this init waits, but sysg does not: sysg's SIGKILL at the stop
 * timeout ends the init (a vfork wait is killable) and the namespace.
 */
#define INIT_STACK_SIZE (64 * 1024)
#define SERVICE_TRAMPOLINE_SIZE (16 * 1024)

static char init_stack[INIT_STACK_SIZE] __attribute__((aligned(16)));
static char service_trampoline[SERVICE_TRAMPOLINE_SIZE] __attribute__((aligned(16)));
static ucontext_t init_ctx, service_ctx;
static const struct iso_service *init_for;
static sigset_t init_waits_for, service_mask;
static int clone_errno;
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
			  CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);

	if (pid < 0) {
		/* Back to the hook, which reports it. */
		clone_errno = errno;
		setcontext(&service_ctx);
		_exit(127);
	}
	/* The service has exec'd (or died): this stack is ours alone again.
	 * Also here: the init may relay a signal before the service ran. */
	(void)setpgid(pid, pid);
	run_init(init_for, pid, &init_waits_for);
}

int iso_pid_init_fork(const struct iso_service *s, const struct sysg_exec_ctx *ctx,
		      struct sysg_error *err)
{
	(void)ctx;
	/* Blocked before the clone: nothing sent in between is lost, and the
	 * init takes them with sigwaitinfo (a blocked signal is queued even
	 * for a namespace's init). */
	sigfillset(&init_waits_for);
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&init_waits_for, faults[i]);
	if (sigprocmask(SIG_BLOCK, &init_waits_for, &service_mask) < 0)
		return sysg_error_set(err, -errno, "isolation.pid: blocking signals for the init");
	init_for = s;
	clone_errno = 0;
	if (getcontext(&init_ctx) < 0)
		return sysg_error_set(err, -errno, "isolation.pid: getcontext");
	init_ctx.uc_stack.ss_sp = init_stack;
	init_ctx.uc_stack.ss_size = sizeof init_stack;
	init_ctx.uc_link = NULL;
	makecontext(&init_ctx, init_entry, 0);
	/* getcontext returns twice: now, and as the service (PID 2), or as
	 * this process if the clone failed. (Not swapcontext: sanitizers
	 * would write a warning into the service's stderr.) */
	switched = false;
	if (getcontext(&service_ctx) < 0)
		return sysg_error_set(err, -errno, "isolation.pid: getcontext");
	if (!switched) {
		switched = true;
		setcontext(&init_ctx);
		return sysg_error_set(err, -errno, "isolation.pid: setcontext");
	}
	sigprocmask(SIG_SETMASK, &service_mask, NULL);
	if (clone_errno)
		return sysg_error_set(err, -clone_errno, "isolation.pid: forking the service off the "
							 "namespace's init");
	/* Its own process group. The exec step checks that its parent is PID 1. */
	(void)setpgid(0, 0);
	return 0;
}
