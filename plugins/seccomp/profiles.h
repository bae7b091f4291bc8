/* SPDX-License-Identifier: MIT */
/*
 * The built-in, named seccomp profiles (isolation.seccomp: baseline).
 * A released profile never changes: a service that runs under it today runs
 * under exactly the same filter after an upgrade. A better list ships under
 * a new name.
 */
#ifndef SYSG_SECCOMP_PROFILES_H
#define SYSG_SECCOMP_PROFILES_H

#include <stddef.h>

#include "policy.h"

struct sc_profile {
	const char *name;
	/* Allowed unconditionally; NULL-terminated. Names libseccomp does not
	 * know on an architecture are simply absent there. */
	const char *const *allow;
	/* Rules with arguments or another action than allow. */
	const struct sc_rule *rules;
	size_t n_rules;
};

const struct sc_profile *sc_profile_find(const char *name);
/* "baseline" (the names, comma-separated, for messages). */
const char *sc_profile_names(void);

#endif
