/* SPDX-License-Identifier: MIT */
/* The landlock plugin's parts, shared by its files and its unit suite. */
#ifndef SYSG_LANDLOCK_H
#define SYSG_LANDLOCK_H

#include <linux/landlock.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "sysg/plugin.h"

/*
 * Debian 12's <linux/landlock.h> (Linux 6.1) stops at ABI 2; the kernels we
 * run on offer more. The numbers are the kernel's UAPI and never change.
 */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13) /* ABI 2 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#endif

/* The highest ABI whose filesystem rights this plugin knows (a newer kernel
 * is used at this level: ABIs 6 and 7 add no filesystem right). */
#define LANDLOCK_KNOWN_ABI 7
/* Below ABI 3 the kernel cannot deny truncate(2): a file outside rw_paths
 * could be emptied. The plugin refuses to pretend otherwise. */
#define LANDLOCK_MIN_ABI 3

/* Which list a path came from; it decides the rights granted beneath it. */
enum landlock_kind {
	LANDLOCK_RO = 0,   /* read files, list directories */
	LANDLOCK_RW = 1,   /* ro + write, create, remove, rename, truncate */
	LANDLOCK_EXEC = 2, /* ro + execute */
};
#define LANDLOCK_N_KINDS 3

extern const char *const landlock_list_key[LANDLOCK_N_KINDS];

struct landlock_rule {
	int fd;             /* O_PATH|O_CLOEXEC, opened at config load */
	uint64_t allowed;   /* rights beneath it, within the handled set */
	enum landlock_kind kind;
	char *path;         /* as written, for messages */
	char *real;         /* realpath at config load, for the program check */
};

struct landlock_service {
	uint64_t handled;   /* every filesystem right of the kernel's ABI */
	size_t count;
	struct landlock_rule *rules;
};

/* The plugin's state: the kernel's Landlock ABI, probed once at load (a
 * negative errno when Landlock is unavailable). The unit suite sets it. */
struct landlock_state {
	int abi;
};

/* rights.c: what each ABI handles, and what each list grants. */
uint64_t landlock_handled(int abi);
uint64_t landlock_allowed(enum landlock_kind kind, uint64_t handled, bool is_dir);
int landlock_probe_abi(void);
/* 0 when a service can be confined on this ABI, else -EOPNOTSUPP with the
 * reason in buf (no position: the caller adds it). */
int landlock_abi_refusal(int abi, char *buf, size_t size);

/* program.c: would the service's program (and its interpreters) be
 * executable under the rules? 0, or -EACCES with err filled at `where`. */
int landlock_check_program(const struct landlock_service *s, const struct sysg_node *service,
			   const struct sysg_node *where, struct sysg_error *err);

#endif
