/* SPDX-License-Identifier: MIT */
/* The isolation plugin's shared types: what configure decides for a service
 * (isolation.*), and the pieces the parent and the child hand each other. */
#ifndef SYSG_ISOLATION_H
#define SYSG_ISOLATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysg/plugin.h"

/* The kernel takes at most 340 lines in a uid_map or gid_map (Linux 4.15+). */
#define ISO_MAX_EXTENTS 340
/* HOST_NAME_MAX on Linux. */
#define ISO_HOSTNAME_MAX 64

/* One line of a uid_map or gid_map: ids [inside, inside+count) in the
 * service's user namespace are [outside, outside+count) outside it. */
struct iso_extent {
	uint32_t inside, outside, count;
};

/* Allocated in configure, only for services with isolation.user. */
struct iso_map {
	struct iso_extent *ext;
	size_t n;
};

/* What the pid namespace's init leaves for the parent: the service's own
 * wait status, which the init can only pass on as an exit code when the
 * service died of a signal (see pidinit.c). In memory shared with sysg. */
struct iso_shared {
	volatile int valid;
	volatile int status;
};

struct iso_slot_chunk;

/* Plugin-wide: what sysg itself may do, read once at init; the shared
 * slots of the PID-isolated services (slots.c). */
struct iso_state {
	bool cap_sys_admin; /* may create namespaces without a user namespace */
	bool cap_setgid;    /* may write a gid_map without denying setgroups */
	struct iso_slot_chunk *slot_chunks;
};

struct iso_service {
	bool network, pid, mount, user, uts, ipc, cgroup;
	char hostname[ISO_HOSTNAME_MAX + 1]; /* "" when isolation.hostname is unset */
	/* isolation.user: the maps the parent writes in after_spawn, and the
	 * socket pair on which parent ([0]) and child ([1]) take turns: the
	 * child says it is ready, the parent that the maps are written
	 * ({-1, -1} when not open). */
	struct iso_map uid_map, gid_map;
	int maps_sock[2];
	/* isolation.pid: this service's slot */
	struct iso_shared *shared;
	/* fs.suid_dumpable is 1 (or unreadable) at this spawn: a process that
	 * changes user stays dumpable, so the service must not share the
	 * init's memory (pidinit.c). */
	bool setuid_dumpable;
	/* Which keys asked for the namespaces sysg may not make on its own,
	 * for the message ("isolation.pid"). */
	const char *clone_key;
};

/* config.c: parse and validate a service's isolation.* (parent, configure). */
int iso_parse(const struct iso_state *st, struct sysg_service *svc, const struct sysg_node *node,
	      struct iso_service *s, struct sysg_error *err);
/* "inside outside count" -> extent; 0 or -EINVAL (message without position). */
int iso_parse_extent(const char *text, struct iso_extent *ret, char *why, size_t why_size);
/* A hostname the kernel and resolvers accept: 1-64 of [A-Za-z0-9-.], labels
 * neither empty nor starting or ending with '-'. */
bool iso_hostname_valid(const char *name);
/* Does the map take `id` (outside) to itself inside? */
bool iso_map_identity(const struct iso_map *map, uint32_t id);

/* idmap.c: the parent writes a child's maps (after_spawn). */
int iso_write_maps(const struct iso_state *st, const struct iso_service *s, pid_t pid,
		   struct sysg_error *err);
/* "0 1000 1\n..." into buf; the length, or -ENOSPC. */
int iso_map_format(const struct iso_map *map, char *buf, size_t size);

/* namespaces.c: the pre-exec step (child). */
int iso_step_namespaces(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			struct sysg_error *err);

/* pidinit.c: make the service off PID 1 of a new pid namespace; the parent
 * side becomes its init and never returns, the child returns 0. */
int iso_pid_init_fork(const struct iso_service *s, const struct sysg_exec_ctx *ctx,
		      struct sysg_error *err);
/* May the service share the init's memory (CLONE_VM) rather than a copy? */
bool iso_pid_may_share_memory(const struct iso_service *s, const struct sysg_exec_ctx *ctx);

/* slots.c: a slot for a service's init (valid = 0), or -ENOMEM / -errno of
 * mmap; back to the pool; every chunk unmapped (fini). */
int iso_slot_get(struct iso_state *st, struct iso_shared **ret);
void iso_slot_put(struct iso_state *st, struct iso_shared *slot);
void iso_slots_free(struct iso_state *st);

/* The seed's troubleshooting hint for EPERM on namespace creation. */
#define ISO_EPERM_HINT                                                                        \
	"Permission denied on namespace creation: add CAP_SYS_ADMIN, or run sysg as root, or " \
	"set isolation.user: true to make the namespaces inside a user namespace of its own"

#endif
