/* SPDX-License-Identifier: MIT */
/* The selinux plugin's parts, shared by its files and its unit suite. */
#ifndef SYSG_SELINUX_H
#define SYSG_SELINUX_H

#include <limits.h>
#include <stddef.h>

#include "sysg/plugin.h"

/* What the parent asks the kernel, through libselinux on a real system;
 * the unit suite answers from a fake tree instead. */
struct se_ops {
	int (*enabled)(void);                  /* is_selinux_enabled(): 1, 0, -1 */
	int (*enforcing)(void);                /* security_getenforce(): 1, 0, -1 */
	int (*check_context)(const char *ctx); /* security_check_context(): 0 valid */
};

/*
 * The plugin's state: the parent's questions, and the root below which the
 * child finds /proc ("" on a real system; the unit suite sets both, nothing
 * else can: the plugin takes no settings).
 */
struct se_state {
	struct se_ops ops;
	char root[PATH_MAX / 2];
};

struct se_service {
	char attr[PATH_MAX];  /* the exec attribute file the child writes */
	char context[1024];   /* the context, NUL-terminated */
	size_t length;        /* bytes written: the context and its NUL */
};

extern const struct se_ops se_libselinux_ops;

/* The exec attribute of the calling thread, below root. */
void se_exec_attr(const char *root, char *out, size_t size);
/* In the child: write the context (no allocation). */
int se_write_exec(const struct se_service *s, struct sysg_error *err);

#endif
