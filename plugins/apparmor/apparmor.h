/* SPDX-License-Identifier: MIT */
/* The apparmor plugin's parts, shared by its files and its unit suite. */
#ifndef SYSG_APPARMOR_H
#define SYSG_APPARMOR_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "sysg/plugin.h"

/*
 * The plugin's state: where the kernel's interfaces are. `root` is ""
 * for the real system; the unit suite points it at a fake tree in a
 * temporary directory (nothing else can set it: the plugin takes no
 * settings).
 */
struct aa_state {
	char root[PATH_MAX / 2];
};

struct aa_service {
	char attr[PATH_MAX];   /* the exec attribute file the child writes */
	char command[512];     /* "exec PROFILE" */
	size_t length;
};

/* kernel.c: is AppArmor enabled? 0, or -EOPNOTSUPP with the reason. */
int aa_enabled(const char *root, char *why, size_t size);
/* Is the profile loaded? 1 yes (mode set to "enforce", "complain", ...),
 * 0 no, negative errno when the list cannot be read. */
int aa_profile_loaded(const char *root, const char *name, char *mode, size_t mode_size);
/* The exec attribute: the AppArmor-specific file (Linux 5.8+) when the
 * kernel has it, else the shared one. */
void aa_exec_attr(const char *root, char *out, size_t size);
/* In the child: write "exec PROFILE" (no allocation). */
int aa_write_exec(const struct aa_service *s, struct sysg_error *err);

#endif
