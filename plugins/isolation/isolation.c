/* SPDX-License-Identifier: MIT */
/*
 * The isolation plugin: isolation.{network,pid,mount,user,user_map,
 * group_map,uts,hostname,ipc,cgroup}, one Linux namespace each.
 *
 *   configure (parent)    config.c: values, maps and hostname checked with
 *                         positions; CLONE_NEWUSER / CLONE_NEWPID asked of
 *                         the core, which creates the child with them;
 *   before_spawn          refuse a PID or user namespace sysg cannot make
 *                         (with the reason, rather than a bare "clone:
 *                         EPERM"), open the socket pair on which the child
 *                         waits for its maps;
 *   after_spawn           once the child is ready, idmap.c writes
 *                         uid_map/gid_map, then the child is released;
 *   hook at 300 (child)   namespaces.c: the other namespaces, then the PID
 *                         namespace's init (pidinit.c);
 *   exit_status           give the core the service's own wait status, which
 *                         its init could only pass on as 128 + its signal.
 *
 * A namespace that cannot be made fails the hook, and the service does not
 * run (never outside the namespace it asked for).
 */
#include "build-config.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "isolation.h"

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];
	struct iso_state *st;

	if (settings)
		return sysg_node_error(err, settings, -EINVAL,
				       "the isolation plugin takes no settings; namespaces are set per "
				       "service (isolation: { network: true, ... })");
	if (syscall(SYS_capget, &h, d) < 0)
		return sysg_error_set(err, -errno, "isolation: capget: %s", strerror(errno));
	st = calloc(1, sizeof *st);
	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	st->cap_sys_admin = d[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN);
	st->cap_setgid = d[CAP_TO_INDEX(CAP_SETGID)].effective & CAP_TO_MASK(CAP_SETGID);
	*ret_state = st;
	return 0;
}

static void fini(void *state)
{
	iso_slots_free(state);
	free(state);
}

static void release(void *state, void *svc_state)
{
	struct iso_service *s = svc_state;

	if (!s)
		return;
	for (int i = 0; i < 2; i++)
		if (s->maps_sock[i] >= 0)
			close(s->maps_sock[i]);
	if (s->shared)
		iso_slot_put(state, s->shared);
	free(s->uid_map.ext);
	free(s->gid_map.ext);
	free(s);
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	struct iso_service *s = calloc(1, sizeof *s);
	int r;

	if (!s)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	s->maps_sock[0] = s->maps_sock[1] = -1;
	r = iso_parse(state, svc, node, s, err);
	if (r < 0) {
		release(state, s);
		return r;
	}
	if (s->pid) {
		/* Shared with the children: the init leaves the service's wait
		 * status here. */
		r = iso_slot_get(state, &s->shared);
		if (r < 0) {
			r = sysg_error_set(err, r, "isolation.pid: a slot for the init's wait status: %s",
					   strerror(-r));
			release(state, s);
			return r;
		}
	}
	*ret_svc_state = s;
	return 0;
}

static void close_maps_sock(struct iso_service *s)
{
	for (int i = 0; i < 2; i++)
		if (s->maps_sock[i] >= 0) {
			close(s->maps_sock[i]);
			s->maps_sock[i] = -1;
		}
}

/* A sysctl as a number, or -1 when it cannot be read. */
static long read_sysctl(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * The core's clone() would fail with a bare "No space left on device" or
 * "Operation not permitted" where the machine forbids user namespaces: say
 * which setting does it.
 */
static int check_user_namespaces(const struct iso_state *st, struct sysg_error *err)
{
	if (read_sysctl("/proc/sys/user/max_user_namespaces") == 0)
		return sysg_error_set(err, -ENOSPC,
				      "isolation.user: cannot create a new user namespace: this "
				      "machine allows none (/proc/sys/user/max_user_namespaces is 0; "
				      "raise it with sysctl user.max_user_namespaces)");
	/* Debian's own switch for unprivileged users (older kernels). */
	if (!st->cap_sys_admin &&
	    read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return sysg_error_set(err, -EPERM,
				      "isolation.user: cannot create a new user namespace: this "
				      "machine allows it only to privileged processes "
				      "(/proc/sys/kernel/unprivileged_userns_clone is 0): add "
				      "CAP_SYS_ADMIN, or run sysg as root");
	return 0;
}

static int before_spawn(void *state, void *svc_state, struct sysg_error *err)
{
	const struct iso_state *st = state;
	struct iso_service *s = svc_state;

	/* The kernel has the last word (clone fails the same way), but the
	 * core's message would not say which key or what to do. */
	if (s->clone_key && !st->cap_sys_admin)
		return sysg_error_set(err, -EPERM, "%s: cannot create a new PID namespace: %s",
				      s->clone_key, ISO_EPERM_HINT);
	if (s->shared) {
		/* Read at each start: the sysctl may change while sysg runs. */
		long dumpable = read_sysctl("/proc/sys/fs/suid_dumpable");

		s->shared->valid = 0;
		s->setuid_dumpable = dumpable != 0 && dumpable != 2;
	}
	if (s->user) {
		int r = check_user_namespaces(st, err);

		if (r < 0)
			return r;
		close_maps_sock(s);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s->maps_sock) < 0) {
			s->maps_sock[0] = s->maps_sock[1] = -1;
			return sysg_error_set(err, -errno, "isolation.user: socketpair: %s",
					      strerror(errno));
		}
	}
	return 0;
}

/* How long the parent waits for the child to reach its namespace step
 * (only the cgroup join and setrlimit come before it). */
#define MAPS_READY_TIMEOUT_MS 5000

static int after_spawn(void *state, void *svc_state, pid_t pid, struct sysg_error *err)
{
	struct iso_service *s = svc_state;
	struct pollfd p;
	char ready;
	ssize_t n;
	int r;

	if (!s->user)
		return 0;
	close(s->maps_sock[1]);
	s->maps_sock[1] = -1;
	p = (struct pollfd){.fd = s->maps_sock[0], .events = POLLIN};
	do
		r = poll(&p, 1, MAPS_READY_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r == 0) {
		r = sysg_error_set(err, -ETIMEDOUT,
				   "isolation.user: the child did not reach its namespace step "
				   "within %d ms",
				   MAPS_READY_TIMEOUT_MS);
		goto out;
	}
	n = read(s->maps_sock[0], &ready, 1);
	if (n != 1) {
		r = sysg_error_set(err, n < 0 ? -errno : -ECHILD,
				   "isolation.user: the child ended before its uid and gid maps "
				   "were written");
		goto out;
	}
	r = iso_write_maps(state, s, pid, err);
	/* One byte says "written"; closing without it, "do not go on". */
	if (r == 0 && write(s->maps_sock[0], "1", 1) != 1)
		r = sysg_error_set(err, -errno, "isolation.user: releasing the child: %s",
				   strerror(errno));
out:
	close_maps_sock(s);
	return r;
}

/* The init exits with the service's exit code, or 128 + N when the service
 * died of signal N (the kernel will not let the init die of it); the real
 * wait status is in the shared page. SIGKILL at the stop timeout ends the
 * init itself: that status stands as it is. */
static int exit_status(void *state, void *svc_state, pid_t pid, int wait_status)
{
	const struct iso_service *s = svc_state;
	int status;

	(void)state;
	(void)pid;
	if (!s->shared || !s->shared->valid || !WIFEXITED(wait_status))
		return wait_status;
	status = s->shared->status;
	if (WIFSIGNALED(status) && WEXITSTATUS(wait_status) == 128 + WTERMSIG(status))
		return status;
	return wait_status;
}

static int after_run(void *state, void *svc_state, struct sysg_error *err)
{
	(void)state;
	(void)err;
	close_maps_sock(svc_state);
	return 0;
}

static const char *const keys[] = {
	"isolation.network", "isolation.pid",       "isolation.mount",    "isolation.user",
	"isolation.user_map", "isolation.group_map", "isolation.uts",      "isolation.hostname",
	"isolation.ipc",     "isolation.cgroup",    NULL,
};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_NAMESPACES, "namespaces", iso_step_namespaces},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "isolation",
	.version = PACKAGE_VERSION,
	.description = "namespaces: network, pid (with an init), mount, user, uts, ipc, cgroup",
	.keys = keys,
	.init = init,
	.fini = fini,
	.configure = configure,
	.release = release,
	.hooks = hooks,
	.before_spawn = before_spawn,
	.after_spawn = after_spawn,
	.exit_status = exit_status,
	.after_run = after_run,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
