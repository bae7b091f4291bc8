/* SPDX-License-Identifier: MIT */
/*
 * Mount steps for the hooks of private-tmp and private-devices. They run in
 * the child between fork and exec: raw system calls and sysg_error_set
 * (vsnprintf with %s only) and nothing else, no allocation.
 *
 * Why open_tree + move_mount for device nodes rather than a plain bind
 * mount: private-devices covers /dev with a tmpfs and then needs the host's
 * /dev/null under it. open_tree(OPEN_TREE_CLONE) takes a detached bind
 * mount of the node while the host's /dev is still visible, and move_mount
 * attaches it after the tmpfs is in place; no staging directory on the
 * host, no dependence on /proc being mounted.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysg/plugin.h"

#include "mounts.h"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

/* What the operator can do about EPERM from unshare: the seed's advice
 * (CAP_SYS_ADMIN), in the two forms sysg offers. */
#define NEEDS_SYS_ADMIN                                                                     \
	"a mount namespace needs CAP_SYS_ADMIN, which sysg lacks: run sysg as root, or give " \
	"the service a user namespace with isolation.user: true"

int mounts_private_namespace(const char *key, const char *what, struct sysg_error *err)
{
	if (unshare(CLONE_NEWNS) < 0) {
		int r = -errno;

		if (r == -EPERM)
			return sysg_error_set(err, r, "%s: unshare(CLONE_NEWNS) for %s (%s)", key,
					      what, NEEDS_SYS_ADMIN);
		return sysg_error_set(err, r, "%s: unshare(CLONE_NEWNS) for %s", key, what);
	}
	/* The new namespace starts as a copy whose mounts still share
	 * propagation with the host's (systemd makes / shared): without this
	 * the tmpfs mounted next would appear on the host too. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sysg_error_set(err, -errno,
				      "%s: making every mount private (mount / MS_REC|MS_PRIVATE)", key);
	return 0;
}

int mounts_tmpfs(const char *key, const char *target, unsigned long flags, const char *options,
		 struct sysg_error *err)
{
	return mounts_fs(key, "tmpfs", target, flags, options, err);
}

int mounts_fs(const char *key, const char *type, const char *target, unsigned long flags,
	      const char *options, struct sysg_error *err)
{
	if (mount(type, target, type, flags, options) < 0)
		return sysg_error_set(err, -errno, "%s: mount %s on %s (%s)", key, type, target,
				      options);
	return 0;
}

int mounts_clone(const char *key, const char *source, int *ret_fd, struct sysg_error *err)
{
	long fd = syscall(SYS_open_tree, AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

	if (fd < 0) {
		int r = -errno;

		if (r == -ENOSYS)
			return sysg_error_set(err, r,
					      "%s: open_tree %s (bind mounts of device nodes need "
					      "Linux 5.2 or later)",
					      key, source);
		return sysg_error_set(err, r, "%s: open_tree %s (a bind mount of the host's node)",
				      key, source);
	}
	*ret_fd = (int)fd;
	return 0;
}

int mounts_attach(const char *key, int fd, const char *target, struct sysg_error *err)
{
	int r = 0;

	if (syscall(SYS_move_mount, fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		r = sysg_error_set(err, -errno, "%s: bind mount of the host's node on %s (move_mount)",
				   key, target);
	close(fd);
	return r;
}

int mounts_make_file(const char *key, const char *path, struct sysg_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0)
		return sysg_error_set(err, -errno, "%s: creating %s", key, path);
	close(fd);
	return 0;
}

int mounts_make_dir(const char *key, const char *path, struct sysg_error *err)
{
	if (mkdir(path, 0755) < 0)
		return sysg_error_set(err, -errno, "%s: mkdir %s", key, path);
	return 0;
}

int mounts_make_symlink(const char *key, const char *target, const char *link,
			struct sysg_error *err)
{
	if (symlink(target, link) < 0)
		return sysg_error_set(err, -errno, "%s: symlink %s -> %s", key, link, target);
	return 0;
}

int mounts_remount(const char *key, const char *target, unsigned long flags,
		   struct sysg_error *err)
{
	/* MS_BIND with MS_REMOUNT changes the flags of this mount only, not of
	 * the filesystem, and leaves the mounts below it alone. */
	if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
		return sysg_error_set(err, -errno, "%s: remount %s%s", key, target,
				      (flags & MS_RDONLY) ? " read-only" : "");
	return 0;
}

/* Parent side. */
static bool sysg_has_sys_admin(void)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	return d[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

void mounts_warn_unprivileged(const struct sysg_service *svc, const struct sysg_node *node)
{
	const struct sysg_node *user =
		sysg_node_get_path(sysg_service_node(svc), "isolation.user");
	bool userns = false;

	if (user && sysg_node_bool(user, &userns, NULL) == 0 && userns)
		return;
	if (sysg_has_sys_admin())
		return;
	sysg_node_warn(node, "%s: '%s' will be refused at start", NEEDS_SYS_ADMIN,
		       sysg_service_name(svc));
}
