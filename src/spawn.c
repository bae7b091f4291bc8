/* SPDX-License-Identifier: MIT */
/*
 * Spawning a service. The parent prepares everything; the child only makes
 * system calls: reset signals, new session, stdio, then each pre-exec hook
 * in order, the last of which is exec. A failing hook's error travels back
 * over a close-on-exec pipe, so the parent reads end-of-file exactly when
 * exec succeeded.
 */
#include "build-config.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "env.h"
#include "listen_fds.h"
#include "spawn.h"

static rlim_t child_nofile_soft = RLIM_INFINITY;

/*
 * Where each child is in its hook chain, in memory it shares with sysg: the
 * child stores the number of the hook it is about to run (a plain store, no
 * system call). The report pipe reads end-of-file both when exec succeeds and
 * when the child dies; this tells the two apart, and names the hook that
 * crashed.
 */
#define PROGRESS_SLOTS 65536
static volatile unsigned *progress;

int spawn_progress_init(void)
{
	void *p;

	if (progress)
		return 0;
	p = mmap(NULL, PROGRESS_SLOTS * sizeof *progress, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	progress = p;
	return 0;
}

const struct bound_hook *spawn_last_hook(const struct sysg_service *svc, unsigned slot)
{
	unsigned n = progress && slot < PROGRESS_SLOTS ? progress[slot] : 0;

	return n >= 1 && n <= svc->n_hooks ? &svc->hooks[n - 1] : NULL;
}

bool spawn_reached_exec(const struct sysg_service *svc, unsigned slot)
{
	const struct bound_hook *last = spawn_last_hook(svc, slot);

	/* Without the shared page, trust end-of-file as before. */
	return !progress || (last && last == &svc->hooks[svc->n_hooks - 1]);
}
/* sysg's pid, recorded before fork: the child's parent must still be it. */
static pid_t supervisor_pid;

pid_t spawn_expected_parent(const struct sysg_service *svc)
{
	/* In a new PID namespace the process that execs is a child of the
	 * namespace's init, PID 1 there (see the isolation plugin). */
	return svc->clone_flags & CLONE_NEWPID ? 1 : supervisor_pid;
}

/*
 * The signals whose disposition in sysg is not the default (ignored, or
 * caught), which the child sets back. Found when supervision starts, so
 * that a child makes a system call for each of these (SIGPIPE, and what
 * sysg's own parent left ignored) rather than for all 64: on a VM every
 * system call counts. -1: not known, reset them all.
 */
static unsigned char not_default[NSIG];
static int n_not_default = -1;

void spawn_note_signal_dispositions(void)
{
	int n = 0;

	/* glibc's sigaction refuses its own two (SIGCANCEL, SIGSETXID): they
	 * are reset whatever they are. */
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction sa;

		if (sigaction(sig, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
			not_default[n++] = (unsigned char)sig;
	}
	n_not_default = n;
}

/* The raw system call, which takes every signal: an all-zero kernel
 * sigaction is SIG_DFL, no flags, an empty mask, whatever the architecture's
 * field order. SIGKILL and SIGSTOP refuse it, and are always default. */
static void set_default_action(int sig)
{
	unsigned long dfl[8] = {0};

	(void)syscall(SYS_rt_sigaction, sig, dfl, NULL, (NSIG - 1) / 8);
}

void spawn_set_child_nofile(unsigned long soft)
{
	child_nofile_soft = soft;
}

int spawn_restore_nofile(struct sysg_error *err)
{
	struct rlimit nofile;

	if (child_nofile_soft == RLIM_INFINITY)
		return 0;
	if (getrlimit(RLIMIT_NOFILE, &nofile) < 0)
		return sysg_error_set(err, -errno, "getrlimit NOFILE");
	nofile.rlim_cur = child_nofile_soft < nofile.rlim_max ? child_nofile_soft : nofile.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &nofile) < 0)
		return sysg_error_set(err, -errno,
				      "setrlimit NOFILE soft (back to the limit sysg was started with)");
	return 0;
}

/* argv[0] through the service's PATH, in the parent. A name with a slash is
 * used as is (relative to working_dir, where the child will be). */
static int resolve_program(struct sysg_service *svc, struct sysg_error *err)
{
	const char *prog = svc->argv[0], *path = NULL;
	char buf[PATH_MAX];
	bool found = false;

	if (strchr(prog, '/')) {
		if ((size_t)snprintf(buf, sizeof buf, "%s", prog) >= sizeof buf)
			return sysg_error_set(err, -ENAMETOOLONG, "program path too long");
		found = true;
	}
	for (char **e = svc->envp; !found && e && *e; e++)
		if (!strncmp(*e, "PATH=", 5))
			path = *e + 5;
	if (!found && !path)
		path = DEFAULT_PATH;
	while (!found && *path) {
		size_t n = strcspn(path, ":");

		if (n && path[0] == '/' &&
		    (size_t)snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, prog) < sizeof buf &&
		    access(buf, X_OK) == 0)
			found = true;
		else
			path += n + (path[n] == ':');
	}
	if (!found)
		return sysg_error_set(err, -ENOENT,
				      "exec: '%s' is not an executable in the service's PATH", prog);
	/* Kept between spawns: a restart finds the same program without a
	 * new allocation. */
	if (!svc->exec_path || strcmp(svc->exec_path, buf)) {
		char *copy = strdup(buf);

		if (!copy)
			return sysg_error_set(err, -ENOMEM, "out of memory");
		free(svc->exec_path);
		svc->exec_path = copy;
	}
	return 0;
}

static void report_failure(int fd, const struct bound_hook *b, const struct sysg_error *e)
{
	struct spawn_report rep;

	memset(&rep, 0, sizeof rep);
	snprintf(rep.plugin, sizeof rep.plugin, "%s", b->plugin->api.name);
	snprintf(rep.step, sizeof rep.step, "%s", b->hook->name);
	rep.priority = b->hook->priority;
	rep.code = e->code < 0 ? e->code : -EIO;
	memcpy(rep.message, e->message, sizeof rep.message);
	rep.message[sizeof rep.message - 1] = '\0';
	(void)!write(fd, &rep, sizeof rep);
}

/* In the child. Never returns. */
static void __attribute__((noreturn))
child(struct sysg_service *svc, const struct spawn_io *io, int report_fd, unsigned slot,
      bool shares_memory)
{
	struct sysg_exec_ctx ctx = {
		.size = sizeof ctx,
		.service = svc->name,
		.uid = svc->uid,
		.gid = svc->gid,
		.changes_credentials = svc->changes_credentials,
		.report_fd = report_fd,
	};
	sigset_t none;

	/*
	 * A service dies with its supervisor (SIGKILL), so a supervisor that is
	 * killed leaves nothing behind to be started twice. The check after
	 * the prctl closes the race with sysg dying just before it.
	 */
	/*
	 * Not dumpable while sysg's hooks run: no core file if one crashes,
	 * and no ptrace by the service's user between the credential change
	 * and exec. execve makes the program dumpable again. A vfork child
	 * would set it on sysg's own memory, and keeps sysg's credentials.
	 */
	if (!shares_memory)
		(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
	    (!(svc->clone_flags & CLONE_NEWPID) && getppid() != supervisor_pid))
		_exit(SPAWN_EXIT_BASE);

	/* sysg blocks the signals it reads from a signalfd and ignores
	 * SIGPIPE; a service starts with neither. */
	if (n_not_default < 0)
		for (int sig = 1; sig < NSIG; sig++)
			set_default_action(sig);
	for (int i = 0; i < n_not_default; i++)
		set_default_action(not_default[i]);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Its own session and process group: stop signals reach everything it
	 * starts, and no terminal signal of sysg's reaches it. */
	(void)setsid();
	if (dup2(io->in, 0) < 0 || dup2(io->out, 1) < 0 || dup2(io->err, 2) < 0)
		_exit(SPAWN_EXIT_BASE);
	for (size_t i = 0; i < svc->n_hooks; i++) {
		const struct bound_hook *b = &svc->hooks[i];
		struct sysg_error e = {0};
		int r;

		if (progress && slot < PROGRESS_SLOTS)
			progress[slot] = (unsigned)i + 1;
		ctx.later_hooks_vfork_safe = i + 1 >= svc->vfork_safe_from;
		r = b->hook->fn(b->plugin->state, b->svc_state, &ctx, &e);

		if (r < 0) {
			if (!e.code)
				e.code = r;
			report_failure(report_fd, b, &e);
			_exit(SPAWN_EXIT_BASE + b->hook->priority / 100);
		}
	}
	/* The exec step returned success without exec'ing: never run a
	 * service half-configured. */
	_exit(SPAWN_EXIT_BASE + SYSG_PRIO_EXEC / 100);
}

/*
 * vfork() when it is safe: the child then shares sysg's memory instead of a
 * copy of its page tables, which makes a start several times cheaper where
 * page-table updates are costly (virtual machines), and sysg is suspended
 * until the child has exec'd or died. Safe when every plugin with a hook on
 * the service says its hooks write nothing but their stack (see
 * SYSG_PLUGIN_VFORK_SAFE), no namespace must exist from the child's first
 * instruction, and the child keeps sysg's uid and gid: a child that ran as
 * another user could be stopped by that user's processes, and sysg with it.
 */
static bool child_may_share_memory(const struct sysg_service *svc)
{
	return !svc->clone_flags && !svc->changes_credentials && svc->vfork_safe_from == 0;
}

/* In a function of its own, so that nothing of spawn_service's frame lives
 * across vfork's second return. */
static pid_t __attribute__((noinline))
vfork_child(struct sysg_service *svc, const struct spawn_io *io, const int pipefd[2],
	    unsigned slot)
{
	pid_t pid = vfork();

	if (pid == 0) {
		close(pipefd[0]);
		child(svc, io, pipefd[1], slot, true);
	}
	return pid;
}

int spawn_service(struct sysg_service *svc, const struct spawn_io *io, unsigned slot,
		  pid_t *ret_pid, int *ret_report_fd, struct sysg_error *err)
{
	int pipefd[2];
	pid_t pid;
	int r;

	*ret_pid = 0;
	*ret_report_fd = -1;
	/* First what can fail without side effects, then the plugins' setup. */
	if (svc->listen_fds && listen_fds_count() == 0)
		return sysg_error_set(err, -EBADF,
				      "listen_fds: sysg holds no sockets to pass (start it with "
				      "socket activation: LISTEN_FDS and LISTEN_PID)");
	r = resolve_program(svc, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		if (!p->api.before_spawn)
			continue;
		err->message[0] = '\0';
		r = p->api.before_spawn(p->state, svc->plugins[i].svc_state, err);
		if (r < 0) {
			if (!err->message[0])
				sysg_error_set(err, r, "%s: before_spawn failed: %s", p->api.name,
					       strerror(-r));
			return r;
		}
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return sysg_error_set(err, -errno, "pipe: %s", strerror(errno));
	supervisor_pid = getpid();
	if (progress && slot < PROGRESS_SLOTS)
		progress[slot] = 0;
	if (svc->clone_flags)
		/* fork() with namespaces: a new PID or user namespace must exist
		 * from the child's first instruction. */
		pid = (pid_t)syscall(SYS_clone, SIGCHLD | svc->clone_flags, NULL, NULL, NULL, NULL);
	else if (child_may_share_memory(svc))
		pid = vfork_child(svc, io, pipefd, slot);
	else
		pid = fork();
	if (pid < 0) {
		r = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return sysg_error_set(err, r, "%s: %s", svc->clone_flags ? "clone" : "fork",
				      strerror(-r));
	}
	if (pid == 0) {
		close(pipefd[0]);
		child(svc, io, pipefd[1], slot, false);
	}
	close(pipefd[1]);
	/* Non-blocking: the supervisor polls it with everything else. */
	(void)fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
	*ret_pid = pid;
	*ret_report_fd = pipefd[0];
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		if (!p->api.after_spawn)
			continue;
		err->message[0] = '\0';
		r = p->api.after_spawn(p->state, svc->plugins[i].svc_state, pid, err);
		if (r < 0) {
			/* The child must not go on without what the plugin
			 * failed to do; the caller reaps it. */
			kill(pid, SIGKILL);
			if (!err->message[0])
				sysg_error_set(err, r, "%s: after_spawn failed: %s", p->api.name,
					       strerror(-r));
			return r;
		}
	}
	return 0;
}

int spawn_read_report(int fd, struct spawn_report *ret)
{
	ssize_t n;

	do
		n = read(fd, ret, sizeof *ret);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? -EAGAIN : -errno;
	if (n == 0)
		return 0;
	if ((size_t)n != sizeof *ret) {
		memset(ret, 0, sizeof *ret);
		snprintf(ret->plugin, sizeof ret->plugin, "core");
		snprintf(ret->message, sizeof ret->message, "truncated failure report from the child");
		ret->code = -EIO;
	}
	ret->plugin[sizeof ret->plugin - 1] = '\0';
	ret->step[sizeof ret->step - 1] = '\0';
	ret->message[sizeof ret->message - 1] = '\0';
	return 1;
}

void spawn_format_report(const struct spawn_report *rep, char *buf, size_t size)
{
	snprintf(buf, size, "%s (prio %d, %s): %s: %s", rep->plugin, rep->priority, rep->step,
		 rep->message, strerror(-rep->code));
}
