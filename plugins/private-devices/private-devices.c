/* SPDX-License-Identifier: MIT */
/*
 * The private-devices plugin: `isolation.private_devices: true` gives the
 * service a /dev of its own that holds only what ordinary programs need:
 *
 *   null zero full random urandom tty   bind mounts of the host's nodes
 *   pts/                                a new devpts instance (its own ptys)
 *   ptmx -> pts/ptmx
 *   shm/                                a fresh tmpfs, mode 1777
 *   fd -> /proc/self/fd, stdin, stdout, stderr -> /proc/self/fd/0, 1, 2
 *
 * No disk, no /dev/mem, /dev/kmsg, console or other host terminal is
 * reachable, and CAP_MKNOD and CAP_SYS_RAWIO leave the bounding set (and
 * the inheritable and ambient sets), so that not even a root service can
 * make a device node or do raw I/O after exec.
 *
 * Decisions, with their reasons:
 *   - The nodes are bind mounts of the host's, not mknod: mknod needs
 *     CAP_MKNOD, which a service in a user namespace never has. A bind
 *     mount carries its own mount flags, so the /dev tmpfs itself can be
 *     nodev as well as nosuid and noexec: a node created there by any means
 *     opens nothing.
 *   - /dev is remounted read-only once populated: the service cannot add
 *     entries (sockets, files, links) to it. /dev/shm and /dev/pts are
 *     mounts of their own and stay writable.
 *   - pts is always a new devpts instance (newinstance,ptmxmode=0666,
 *     mode=0620). There is no fallback to binding the host's /dev/pts: that
 *     would hand the service the host's terminals, and there is no case to
 *     fall back for: every devpts mount has been a new instance since Linux
 *     4.7 and devpts may be mounted wherever tmpfs may, user namespaces
 *     included. If the kernel refuses, the service is refused.
 *   - A mount namespace of the plugin's own (unshare, then every mount made
 *     private), nested inside the isolation plugin's when isolation.mount
 *     is also set: harmless, and no dependence on another plugin.
 *
 * The hook runs at 400 (mounts), before the credentials step, while sysg's
 * privileges allow mounting and dropping from the bounding set. Every path
 * is a constant; the hook only makes system calls.
 */
#include "build-config.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysg/plugin.h"

#include "../common/mounts.h"

#define KEY "isolation.private_devices"

/* The host's nodes the service keeps, bound in by name. */
static const char *const host_nodes[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
};
#define N_NODES (sizeof host_nodes / sizeof host_nodes[0])

/* The capabilities no service with a private /dev keeps. */
static const struct {
	unsigned cap;
	const char *name;
} dropped[] = {
	{CAP_MKNOD, "CAP_MKNOD"},
	{CAP_SYS_RAWIO, "CAP_SYS_RAWIO"},
};
#define N_DROPPED (sizeof dropped / sizeof dropped[0])

static const int enabled = 1;

/* "CAP_MKNOD", "cap_mknod" or "mknod", as the caps plugin reads names. */
static bool names_cap(const char *text, const char *name)
{
	if (!strncasecmp(text, "CAP_", 4))
		text += 4;
	return !strcasecmp(text, name + 4);
}

/* capabilities: [CAP_MKNOD] and a private /dev contradict each other: the
 * caps plugin could not give what this one takes away. Say so now. */
static int check_capabilities(const struct sysg_node *svc_node, struct sysg_error *err)
{
	const struct sysg_node *list = sysg_node_get(svc_node, "capabilities");

	if (sysg_node_kind(list) != SYSG_NODE_SEQUENCE)
		return 0; /* the caps plugin reports what is wrong with it */
	for (size_t i = 0; i < sysg_node_count(list); i++) {
		const struct sysg_node *item = sysg_node_at(list, i);
		const char *text;

		if (sysg_node_string(item, &text, NULL) < 0)
			continue;
		for (size_t d = 0; d < N_DROPPED; d++)
			if (names_cap(text, dropped[d].name))
				return sysg_node_error(err, item, -EINVAL,
						       "%s cannot be kept with %s: true, which "
						       "drops it from the bounding set",
						       dropped[d].name, KEY);
	}
	return 0;
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	const struct sysg_node *n = sysg_node_get_path(node, KEY);
	bool on;
	int r = sysg_node_bool(n, &on, err);

	if (r < 0)
		return r;
	if (!on) {
		*ret_svc_state = NULL;
		return 0;
	}
	r = check_capabilities(node, err);
	if (r < 0)
		return r;
	mounts_warn_unprivileged(svc, n);
	*ret_svc_state = (void *)&enabled;
	return 0;
}

/* Bind the host's nodes (cloned before /dev was covered) into the new /dev.
 * On failure the clones not yet attached are closed. */
static int bind_nodes(int fds[N_NODES], struct sysg_error *err)
{
	int r = 0;

	for (size_t i = 0; i < N_NODES; i++) {
		if (r == 0)
			r = mounts_make_file(KEY, host_nodes[i], err);
		if (r == 0)
			r = mounts_attach(KEY, fds[i], host_nodes[i], err);
		else
			close(fds[i]);
	}
	return r;
}

static int populate(struct sysg_error *err)
{
	static const char *const links[][2] = {
		{"pts/ptmx", "/dev/ptmx"},
		{"/proc/self/fd", "/dev/fd"},
		{"/proc/self/fd/0", "/dev/stdin"},
		{"/proc/self/fd/1", "/dev/stdout"},
		{"/proc/self/fd/2", "/dev/stderr"},
	};
	int r = mounts_make_dir(KEY, "/dev/pts", err);

	if (r == 0)
		r = mounts_fs(KEY, "devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC,
			      "newinstance,ptmxmode=0666,mode=0620", err);
	if (r == 0)
		r = mounts_make_dir(KEY, "/dev/shm", err);
	if (r == 0)
		r = mounts_tmpfs(KEY, "/dev/shm", MS_NOSUID | MS_NODEV, "mode=1777", err);
	for (size_t i = 0; r == 0 && i < sizeof links / sizeof links[0]; i++)
		r = mounts_make_symlink(KEY, links[i][0], links[i][1], err);
	return r;
}

/* Out of the bounding set (no exec can gain them back), and out of the
 * inheritable and ambient sets (which the bounding set does not limit). */
static int drop_caps(struct sysg_error *err)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	for (size_t i = 0; i < N_DROPPED; i++) {
		int in = prctl(PR_CAPBSET_READ, dropped[i].cap, 0, 0, 0);

		if (in < 0)
			return sysg_error_set(err, -errno, "%s: prctl(PR_CAPBSET_READ, %s)", KEY,
					      dropped[i].name);
		if (in && prctl(PR_CAPBSET_DROP, dropped[i].cap, 0, 0, 0) < 0)
			return sysg_error_set(err, -errno,
					      "%s: prctl(PR_CAPBSET_DROP, %s) (needs CAP_SETPCAP)",
					      KEY, dropped[i].name);
		/* Lowering needs no privilege; EINVAL only on kernels without
		 * ambient capabilities (before 4.3), which have none to lower. */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, dropped[i].cap, 0, 0) < 0 &&
		    errno != EINVAL)
			return sysg_error_set(err, -errno, "%s: prctl(PR_CAP_AMBIENT_LOWER, %s)",
					      KEY, dropped[i].name);
	}
	if (syscall(SYS_capget, &h, d) < 0)
		return sysg_error_set(err, -errno, "%s: capget", KEY);
	for (size_t i = 0; i < N_DROPPED; i++)
		d[dropped[i].cap / 32].inheritable &= ~(1u << (dropped[i].cap % 32));
	if (syscall(SYS_capset, &h, d) < 0)
		return sysg_error_set(err, -errno, "%s: capset (clearing CAP_MKNOD and CAP_SYS_RAWIO "
					      "from the inheritable set)", KEY);
	return 0;
}

/* 400: the new /dev in a mount namespace of the service's own. */
static int step_private_devices(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
				struct sysg_error *err)
{
	int fds[N_NODES];
	size_t cloned = 0;
	int r;

	if (!svc_state)
		return 0;
	r = mounts_private_namespace(KEY, "a private /dev", err);
	/* Clone the host's nodes while the host's /dev is still visible. */
	for (; r == 0 && cloned < N_NODES; cloned++)
		r = mounts_clone(KEY, host_nodes[cloned], &fds[cloned], err);
	if (r < 0) {
		for (size_t i = 0; i + 1 < cloned; i++)
			close(fds[i]);
		return r;
	}
	r = mounts_tmpfs(KEY, "/dev", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			 "mode=0755,size=64k,nr_inodes=64", err);
	if (r < 0) {
		for (size_t i = 0; i < N_NODES; i++)
			close(fds[i]);
		return r;
	}
	r = bind_nodes(fds, err);
	if (r == 0)
		r = populate(err);
	if (r == 0)
		r = mounts_remount(KEY, "/dev", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, err);
	if (r == 0)
		r = drop_caps(err);
	return r;
}

static const char *const keys[] = {KEY, NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_MOUNTS, "dev-mounts", step_private_devices},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "private-devices",
	.version = PACKAGE_VERSION,
	.description = "isolation.private_devices: a minimal private /dev, no CAP_MKNOD or "
		       "CAP_SYS_RAWIO",
	.keys = keys,
	.configure = configure,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
