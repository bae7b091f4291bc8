/* The floor: the least a supervisor can do. It forks and execs N services
 * (/bin/sleep PREFIX<i>), respawns one as soon as it dies, and ends them all
 * on SIGTERM. With options it makes, in the child, the same system calls a
 * confining supervisor makes, so that confinement is compared with its own
 * cost and not with a bare fork+exec:
 *
 *   -u UID     setgroups(0), setgid(UID), setuid(UID)
 *   -c         drop every capability from the bounding set, clear the sets
 *   -l         setrlimit NOFILE, NPROC, MEMLOCK
 *   -g DIR     a cgroup per service under DIR (repeatable: one per v1
 *              hierarchy); the parent makes it and opens cgroup.procs, the
 *              child writes itself in; removed when the service is gone
 *   -p -m -n   new pid / mount / network namespace (clone flags); with -p
 *              the child stays as the namespace's init and forks the
 *              service (PID 2), with -m the mounts are made private, with
 *              -p -m /proc is remounted
 *   -s         no_new_privs and a seccomp filter (a small deny list)
 *   -b         run each service under `bwrap --unshare-all` instead
 *   -v         vfork() instead of fork() (without clone flags): the child
 *              borrows the parent's memory rather than a copy of its page
 *              tables, as sysg does for a service whose plugins allow it
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CG 8

static int n_services, uid = -1, caps, limits, clone_flags, seccomp_on, bwrap, use_vfork;
static const char *prefix;
static const char *cg_dirs[MAX_CG];
static int n_cg;
static pid_t *pids;
static int (*cg_fds)[MAX_CG];
static volatile sig_atomic_t stopping;

static struct sock_filter filter[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_kexec_load, 8, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_init_module, 7, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_finit_module, 6, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_delete_module, 5, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_reboot, 4, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_swapon, 3, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_swapoff, 2, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ptrace, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
};

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Between fork and exec: system calls only. */
static void __attribute__((noreturn)) child(int i)
{
	char arg[64];
	int l = snprintf(arg, sizeof arg, "%s%04d", prefix, i);
	char *argv[] = {"/bin/sleep", arg, NULL};
	char *bwrap_argv[] = {"/usr/bin/bwrap", "--unshare-all", "--ro-bind", "/", "/",
			      "/bin/sleep", arg, NULL};
	struct rlimit rl = {1024, 1024};

	(void)l;
	for (int k = 0; k < n_cg; k++)
		if (write(cg_fds[i][k], "0", 1) != 1)
			_exit(120);
	setsid();
	if (limits && (setrlimit(RLIMIT_NOFILE, &rl) || setrlimit(RLIMIT_NPROC, &rl) ||
		       setrlimit(RLIMIT_MEMLOCK, &rl)))
		_exit(121);
	/* A PID namespace needs an init that reaps, as sysg's isolation plugin
	 * has: the service runs as PID 2 under it, and the init ends with it
	 * (the floor stops services with SIGKILL, which reaches the init). */
	if (clone_flags & CLONE_NEWPID) {
		pid_t service = fork();

		if (service < 0)
			_exit(128);
		if (service > 0) {
			int status;
			pid_t p;

			while ((p = wait(&status)) != service)
				if (p < 0 && errno != EINTR)
					_exit(129);
			_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		}
	}
	if ((clone_flags & CLONE_NEWNS) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		_exit(122);
	if ((clone_flags & CLONE_NEWNS) && (clone_flags & CLONE_NEWPID) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		_exit(123);
	if (caps)
		for (int c = 0; c <= CAP_LAST_CAP; c++)
			prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
	if (uid >= 0 && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
		_exit(124);
	if (caps) {
		struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
		struct __user_cap_data_struct d[2] = {{0}};
		if (syscall(SYS_capset, &h, d))
			_exit(125);
	}
	if (seccomp_on) {
		struct sock_fprog prog = {sizeof filter / sizeof *filter, filter};
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			_exit(126);
	}
	if (bwrap)
		execv(bwrap_argv[0], bwrap_argv);
	else
		execv(argv[0], argv);
	_exit(127);
}

static void cg_open(int i)
{
	for (int k = 0; k < n_cg; k++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s%04d", cg_dirs[k], prefix, i);
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			perror(path), exit(1);
		snprintf(path, sizeof path, "%s/%s%04d/cgroup.procs", cg_dirs[k], prefix, i);
		cg_fds[i][k] = open(path, O_WRONLY | O_CLOEXEC);
		if (cg_fds[i][k] < 0)
			perror(path), exit(1);
	}
}

static void cg_remove(int i)
{
	for (int k = 0; k < n_cg; k++) {
		char path[512];
		close(cg_fds[i][k]);
		snprintf(path, sizeof path, "%s/%s%04d", cg_dirs[k], prefix, i);
		rmdir(path);
	}
}

static void spawn(int i)
{
	pid_t pid;

	if (n_cg)
		cg_open(i);
	if (clone_flags)
		pid = (pid_t)syscall(SYS_clone, clone_flags | SIGCHLD, NULL, NULL, NULL, NULL);
	else if (use_vfork)
		pid = vfork();
	else
		pid = fork();
	if (pid < 0)
		perror("fork"), exit(1);
	if (pid == 0)
		child(i);
	pids[i] = pid;
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "u:clg:pmnsbv")) != -1) {
		switch (opt) {
		case 'u': uid = atoi(optarg); break;
		case 'c': caps = 1; break;
		case 'l': limits = 1; break;
		case 'g':
			if (n_cg < MAX_CG)
				cg_dirs[n_cg++] = optarg;
			break;
		case 'p': clone_flags |= CLONE_NEWPID; break;
		case 'm': clone_flags |= CLONE_NEWNS; break;
		case 'n': clone_flags |= CLONE_NEWNET; break;
		case 's': seccomp_on = 1; break;
		case 'b': bwrap = 1; break;
		case 'v': use_vfork = 1; break;
		default: return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: floor [-u UID] [-c] [-l] [-g DIR]... [-p] [-m] [-n] [-s] [-b] [-v] N PREFIX\n");
		return 2;
	}
	n_services = atoi(argv[optind]);
	prefix = argv[optind + 1];
	pids = calloc((size_t)n_services, sizeof *pids);
	cg_fds = calloc((size_t)n_services, sizeof *cg_fds);
	if (!pids || !cg_fds)
		return 1;
	struct sigaction sa = {.sa_handler = on_term};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (int i = 0; i < n_services; i++)
		spawn(i);
	while (!stopping) {
		int st;
		pid_t pid = wait(&st);
		if (pid < 0)
			continue;
		for (int i = 0; i < n_services; i++)
			if (pids[i] == pid) {
				if (n_cg)
					cg_remove(i);
				spawn(i);
				break;
			}
	}
	for (int i = 0; i < n_services; i++)
		kill(pids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	for (int i = 0; i < n_services && n_cg; i++)
		cg_remove(i);
	return 0;
}
