/* SPDX-License-Identifier: MIT */
/*
 * Mount steps shared by the private-tmp and private-devices plugins, for
 * their hooks in the child: system calls only (no allocation, no stdio), so
 * every function here is safe between fork and exec. Each fills err with
 * the config key it serves (`isolation.private_tmp: ...`) and what it tried;
 * the core adds the errno text.
 */
#ifndef SYSG_PLUGINS_COMMON_MOUNTS_H
#define SYSG_PLUGINS_COMMON_MOUNTS_H

#include "sysg/plugin.h"

/* Unshare a mount namespace of the service's own and make every mount in it
 * private, so that nothing mounted afterwards propagates to the host. */
int mounts_private_namespace(const char *key, const char *what, struct sysg_error *err);

/* A fresh tmpfs on target with mount flags and options ("mode=1777"). */
int mounts_tmpfs(const char *key, const char *target, unsigned long flags, const char *options,
		 struct sysg_error *err);

/* A filesystem of another type (devpts) on target. */
int mounts_fs(const char *key, const char *type, const char *target, unsigned long flags,
	      const char *options, struct sysg_error *err);

/* A detached bind mount of source (open_tree OPEN_TREE_CLONE), to attach
 * with mounts_attach once source itself may be covered. */
int mounts_clone(const char *key, const char *source, int *ret_fd, struct sysg_error *err);

/* Attach a detached mount (from mounts_clone) on target, and close it. */
int mounts_attach(const char *key, int fd, const char *target, struct sysg_error *err);

/* An empty regular file, a directory, a symbolic link target -> link. */
int mounts_make_file(const char *key, const char *path, struct sysg_error *err);
int mounts_make_dir(const char *key, const char *path, struct sysg_error *err);
int mounts_make_symlink(const char *key, const char *target, const char *link,
			struct sysg_error *err);

/* Change the flags of the mount on target (MS_RDONLY, MS_NOSUID, ...),
 * that mount only: the mounts below it keep theirs. */
int mounts_remount(const char *key, const char *target, unsigned long flags,
		   struct sysg_error *err);

/*
 * Parent side, from a plugin's configure: warn (with the key's position)
 * when sysg lacks CAP_SYS_ADMIN and the service gets no user namespace of
 * its own (isolation.user), because the hook will then be refused.
 */
void mounts_warn_unprivileged(const struct sysg_service *svc, const struct sysg_node *node);

#endif
