/* SPDX-License-Identifier: MIT */
/*
 * The pre-exec step at SYSG_PRIO_NAMESPACES (300), in the child: system
 * calls only, nothing allocated, every message prepared from constants.
 *
 * Order:
 *   1. user: the core made the user namespace with clone(); wait here until
 *      the parent has written its uid/gid maps (before them the child has no
 *      ids inside, and its capabilities there are of no use for the rest);
 *   2. mount, uts (+ hostname), ipc, network (+ lo up), cgroup: unshare(2)
 *      each, one at a time so that a failure names its namespace. Inside a
 *      user namespace of its own the child holds every capability, so an
 *      unprivileged sysg can make them all. The cgroup namespace comes after
 *      the cgroup plugin's join (100), so the service sees its cgroup as /;
 *   3. pid: the core made the PID namespace with clone() and this child is
 *      its PID 1. With mount too, a fresh /proc of the namespace is mounted
 *      over the host's; then the service is made as PID 2 and this
 *      process becomes its init (pidinit.c).
 */
#include "build-config.h"

#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "isolation.h"

/*
 * Block until the parent has written the maps. The core made this process
 * non-dumpable, which makes its /proc files root's: an unprivileged sysg
 * could not open /proc/PID/uid_map then. So the child is dumpable again
 * while the parent writes (it still runs as sysg's own user, whom nothing
 * more is exposed to than sysg itself), and says when it is: only then
 * does the parent open the files. The parent answers one byte when the maps
 * are written, and closes without it when they could not be.
 */
static int wait_for_maps(struct iso_service *s, struct sysg_error *err)
{
	int fd = s->maps_sock[1], e = 0;
	char ok = 'r';
	ssize_t n;

	close(s->maps_sock[0]);
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) {
		e = errno;
		close(fd);
		return sysg_error_set(err, -e, "isolation.user: prctl(PR_SET_DUMPABLE, 1) while the "
					       "maps are written");
	}
	do
		n = write(fd, &ok, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1) {
		do
			n = read(fd, &ok, 1);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0)
		e = errno;
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	close(fd);
	if (n != 1)
		return sysg_error_set(err, e ? -e : -EPIPE,
				      "isolation.user: the parent did not write the uid and gid "
				      "maps of the new user namespace");
	return 0;
}

static int new_namespace(int flag, const char *key, const char *what, struct sysg_error *err)
{
	int e;

	if (unshare(flag) == 0)
		return 0;
	e = errno;
	if (e == EPERM)
		return sysg_error_set(err, -e, "%s: cannot create a new %s namespace: %s", key, what,
				      ISO_EPERM_HINT);
	return sysg_error_set(err, -e, "%s: cannot create a new %s namespace", key, what);
}

/* The new network namespace has only lo, down: bring it up. */
static int loopback_up(struct sysg_error *err)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return sysg_error_set(err, -errno, "isolation.network: socket for bringing lo up");
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		int e = errno;

		close(fd);
		return sysg_error_set(err, -e, "isolation.network: SIOCGIFFLAGS lo");
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		int e = errno;

		close(fd);
		return sysg_error_set(err, -e, "isolation.network: SIOCSIFFLAGS lo up");
	}
	close(fd);
	return 0;
}

int iso_step_namespaces(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			struct sysg_error *err)
{
	struct iso_service *s = svc_state;
	int r;

	(void)state;
	if (s->user && (r = wait_for_maps(s, err)) < 0)
		return r;
	if (s->mount) {
		r = new_namespace(CLONE_NEWNS, "isolation.mount", "mount", err);
		if (r < 0)
			return r;
		/* Nothing mounted inside propagates back to the host's mounts. */
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			return sysg_error_set(err, -errno,
					      "isolation.mount: making every mount private "
					      "(MS_REC|MS_PRIVATE on /)");
	}
	if (s->uts) {
		r = new_namespace(CLONE_NEWUTS, "isolation.uts", "UTS", err);
		if (r < 0)
			return r;
		if (s->hostname[0] && sethostname(s->hostname, strlen(s->hostname)) < 0)
			return sysg_error_set(err, -errno, "isolation.hostname: sethostname '%s'",
					      s->hostname);
	}
	if (s->ipc && (r = new_namespace(CLONE_NEWIPC, "isolation.ipc", "IPC", err)) < 0)
		return r;
	if (s->network) {
		r = new_namespace(CLONE_NEWNET, "isolation.network", "network", err);
		if (r < 0)
			return r;
		r = loopback_up(err);
		if (r < 0)
			return r;
	}
	if (s->cgroup && (r = new_namespace(CLONE_NEWCGROUP, "isolation.cgroup", "cgroup", err)) < 0)
		return r;
	if (!s->pid)
		return 0;
	if (s->mount &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return sysg_error_set(err, -errno,
				      "isolation.pid with isolation.mount: mounting the PID "
				      "namespace's own /proc");
	return iso_pid_init_fork(s, ctx, err);
}
