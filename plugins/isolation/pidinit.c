/* SPDX-License-Identifier: MIT */
/*
 * isolation.pid: the init of the service's PID namespace.
 *
 * The core creates the child with clone(CLONE_NEWPID), so sysg's child is
 * PID 1 of the new namespace. The service does not stay PID 1: the kernel
 * gives a namespace's PID 1 no default signal action (SIGTERM without a
 * handler would do nothing, so `sysg stop` would always wait for SIGKILL),
 * and PID 1 inherits every orphan, which an ordinary program never reaps.
 * So the child forks once more: the service goes on as PID 2 (the rest of
 * the pre-exec steps, then exec), and PID 1 stays behind as a small init:
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
 * Everything here runs between fork and exec: system calls only (no
 * allocation, no stdio, no glibc fork or raise, which consult state that a
 * raw clone() leaves stale).
 */
#include "build-config.h"

#include <linux/close_range.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

int iso_pid_init_fork(const struct iso_service *s, const struct sysg_exec_ctx *ctx,
		      struct sysg_error *err)
{
	sigset_t set, old;
	pid_t pid;

	/* Blocked before the fork: nothing sent in between is lost, and the
	 * init takes them with sigwaitinfo (a blocked signal is queued even
	 * for a namespace's init). */
	sigfillset(&set);
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&set, faults[i]);
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		return sysg_error_set(err, -errno, "isolation.pid: blocking signals for the init");
	pid = (pid_t)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0) {
		int e = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		return sysg_error_set(err, -e, "isolation.pid: forking the service off the "
					       "namespace's init");
	}
	if (pid == 0) {
		/* The service: PID 2, its own process group, the signal mask
		 * the core set. The exec step checks that its parent is PID 1. */
		(void)setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 0;
	}
	/* Also here: the init may relay a signal before the child ran. */
	(void)setpgid(pid, pid);
	(void)ctx;
	run_init(s, pid, &set);
}
