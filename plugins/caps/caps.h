/* SPDX-License-Identifier: MIT */
/* The caps plugin's state, shared with its Check suite. */
#ifndef SYSG_CAPS_H
#define SYSG_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "capnames.h"

/* sysg's own capability sets: what the hooks will be able to pass on. */
struct own_caps {
	uint64_t permitted, effective, bounding;
};

/* The plugin's, from init: the kernel's capabilities and their names, and
 * sysg's own sets (which do not change while it runs). */
struct caps_state {
	struct capnames names;
	struct own_caps own;
};

/* A configured service's, from configure; NULL for a service that keeps
 * sysg's own capabilities. */
struct caps_service {
	uint64_t keep;          /* the capabilities the service ends with */
	bool keep_over_setuid;  /* PR_SET_KEEPCAPS before the core's setresuid */
	char keep_text[512];    /* keep, as names, for messages */
	char lacking_text[256]; /* what of keep sysg itself does not hold */
};

#endif
