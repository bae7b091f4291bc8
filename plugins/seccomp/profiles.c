/* SPDX-License-Identifier: MIT */
/*
 * Built-in profiles. FROZEN: a released profile's lists never change, so
 * that an upgrade of sysg never changes what a running service may do. A
 * better list ships under a new name (baseline-2, ...), and the man page
 * says what each one holds.
 *
 * baseline (released with sysg 0.1): what ordinary daemons need, shells,
 * coreutils, interpreters, network servers, and nothing of system
 * administration. Everything not listed fails with EPERM. It allows:
 * memory, processes and threads (without new namespaces), signals, timers,
 * files and directories (including the chmod and chown families: cp -p,
 * install, tar and servers that set their sockets' modes need them, and
 * no_new_privs already makes a setuid bit useless to the service), pipes,
 * polling, SysV and POSIX IPC, sockets, credentials (changing them still
 * takes the capabilities), and self-restriction (seccomp, landlock).
 * It denies, among others: mount and every new-mount-API call, pivot_root,
 * chroot, unshare and setns, new namespaces through clone,
 * ptrace and process_vm_*, bpf, perf_event_open, kernel modules, kexec,
 * reboot, swap, the clocks' setters, sethostname, keyrings, io_uring (its
 * operations would bypass this filter), userfaultfd, open_by_handle_at,
 * syslog, acct, quotactl, iopl/ioperm, modify_ldt, personality.
 *
 * sysg's own last step (close stray descriptors, prctl(PR_SET_PDEATHSIG),
 * getppid, execve) runs after the filter is loaded: every call it makes is
 * in the list, which the unit suite checks.
 */
#include "build-config.h"

#include <errno.h>
#include <string.h>

#include "profiles.h"

static const char *const baseline_allow[] = {
	/* memory */
	"brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise", "mincore", "msync",
	"mlock", "mlock2", "munlock", "mlockall", "munlockall", "membarrier", "pkey_alloc",
	"pkey_free", "pkey_mprotect", "memfd_create",
	/* process and thread life */
	"arch_prctl", "set_thread_area", "get_thread_area", "set_tid_address", "set_robust_list",
	"get_robust_list", "rseq", "futex", "futex_time64", "futex_waitv", "fork", "vfork",
	"execve", "execveat", "exit", "exit_group", "wait4", "waitid", "waitpid", "prctl",
	"capget", "capset", "getpid", "getppid", "gettid", "getpgid", "getpgrp", "setpgid",
	"getsid", "setsid", "restart_syscall", "pidfd_open", "pidfd_send_signal",
	/* scheduling and resources */
	"sched_yield", "sched_getaffinity", "sched_setaffinity", "sched_getparam",
	"sched_setparam", "sched_getscheduler", "sched_setscheduler", "sched_getattr",
	"sched_setattr", "sched_get_priority_max", "sched_get_priority_min",
	"sched_rr_get_interval", "sched_rr_get_interval_time64", "getpriority", "setpriority",
	"nice", "getrlimit", "ugetrlimit", "setrlimit", "prlimit64", "getrusage", "times",
	"ioprio_get", "ioprio_set", "getcpu", "uname", "sysinfo", "getrandom",
	/* credentials (changing them still takes CAP_SETUID / CAP_SETGID) */
	"getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid", "getgroups",
	"getuid32", "geteuid32", "getgid32", "getegid32", "getresuid32", "getresgid32",
	"getgroups32", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"setgroups", "setfsuid", "setfsgid", "setuid32", "setgid32", "setreuid32", "setregid32",
	"setresuid32", "setresgid32", "setgroups32", "setfsuid32", "setfsgid32", "umask",
	/* signals */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigpending", "rt_sigsuspend",
	"rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
	"sigaction", "sigprocmask", "sigreturn", "sigpending", "sigsuspend", "signal",
	"sigaltstack", "signalfd", "signalfd4", "kill", "tkill", "tgkill", "pause",
	/* time */
	"alarm", "setitimer", "getitimer", "timer_create", "timer_settime", "timer_settime64",
	"timer_gettime", "timer_gettime64", "timer_getoverrun", "timer_delete", "timerfd_create",
	"timerfd_settime", "timerfd_settime64", "timerfd_gettime", "timerfd_gettime64",
	"nanosleep", "clock_nanosleep", "clock_nanosleep_time64", "clock_gettime",
	"clock_gettime64", "clock_getres", "clock_getres_time64", "gettimeofday", "time",
	/* descriptors and I/O */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
	"preadv2", "pwritev2", "close", "close_range", "dup", "dup2", "dup3", "fcntl", "fcntl64",
	"ioctl", "lseek", "_llseek", "pipe", "pipe2", "sendfile", "sendfile64", "splice", "tee",
	"vmsplice", "copy_file_range", "readahead", "fadvise64", "fadvise64_64", "fsync",
	"fdatasync", "sync_file_range", "syncfs", "sync", "flock", "eventfd", "eventfd2",
	"inotify_init", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
	"select", "_newselect", "pselect6", "pselect6_time64", "poll", "ppoll", "ppoll_time64",
	"epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"epoll_pwait2", "io_setup", "io_destroy", "io_submit", "io_getevents", "io_pgetevents",
	"io_pgetevents_time64", "io_cancel",
	/* files and directories */
	"open", "openat", "openat2", "creat", "stat", "fstat", "lstat", "newfstatat", "statx",
	"stat64", "fstat64", "lstat64", "fstatat64", "statfs", "fstatfs", "statfs64",
	"fstatfs64", "access", "faccessat", "faccessat2", "readlink", "readlinkat", "getdents",
	"getdents64", "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "rmdir", "unlink",
	"unlinkat", "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat",
	"mknod", "mknodat", "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown",
	"fchownat", "chown32", "fchown32", "lchown32", "truncate", "ftruncate", "truncate64",
	"ftruncate64", "fallocate", "utime", "utimes", "utimensat", "utimensat_time64",
	"futimesat", "getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr",
	"flistxattr", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
	"fremovexattr",
	/* IPC */
	"shmget", "shmat", "shmdt", "shmctl", "semget", "semop", "semtimedop",
	"semtimedop_time64", "semctl", "msgget", "msgsnd", "msgrcv", "msgctl", "ipc", "mq_open",
	"mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive",
	"mq_timedreceive_time64", "mq_notify", "mq_getsetattr",
	/* sockets */
	"socket", "socketpair", "bind", "listen", "accept", "accept4", "connect", "getsockname",
	"getpeername", "sendto", "recvfrom", "send", "recv", "sendmsg", "recvmsg", "sendmmsg",
	"recvmmsg", "recvmmsg_time64", "shutdown", "setsockopt", "getsockopt", "socketcall",
	/* self-restriction */
	"seccomp", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self",
	NULL,
};

/* Namespace flags a plain clone could carry (CLONE_NEWNS, NEWCGROUP, NEWUTS,
 * NEWIPC, NEWUSER, NEWPID, NEWNET). */
#define NAMESPACE_FLAGS 0x7E020000ULL

static const struct sc_rule baseline_rules[] = {
	/* fork and threads, but no new namespace. */
	{.name = "clone",
	 .action = SC_ALLOW,
	 .n_args = 1,
	 .args = {{.index = 0, .op = SC_MASKED_EQ, .mask = NAMESPACE_FLAGS, .value = 0}}},
	/* clone3's flags are behind a pointer the filter cannot read: ENOSYS
	 * makes glibc fall back to clone, which the rule above checks. */
	{.name = "clone3", .action = SC_ERRNO, .errno_value = ENOSYS},
};

static const struct sc_profile profiles[] = {
	{"baseline", baseline_allow, baseline_rules, sizeof baseline_rules / sizeof baseline_rules[0]},
};

const struct sc_profile *sc_profile_find(const char *name)
{
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

const char *sc_profile_names(void)
{
	return "baseline";
}
