/* SPDX-License-Identifier: MIT */
/* The limits plugin's parts, shared with its Check suite. */
#ifndef SYSG_RLIMITS_H
#define SYSG_RLIMITS_H

#include <sys/resource.h>

#include "sysg/plugin.h"

enum limit_unit {
	LIMIT_COUNT,      /* a whole number */
	LIMIT_BYTES,      /* a size: 64K, 100M, ... */
	LIMIT_SECONDS,    /* CPU seconds: a number or a duration */
	LIMIT_NICE,       /* a nice value -20..19, stored as 20 - nice */
	LIMIT_RTPRIO,     /* 0..99 */
	LIMIT_UNENFORCED, /* refused: the kernel ignores it */
};

struct limit_def {
	const char *key;   /* below limits.: "nofile" */
	int resource;      /* RLIMIT_NOFILE */
	const char *name;  /* for messages: "NOFILE" */
	enum limit_unit unit;
	/* What it counts, for messages ("open files"); for LIMIT_UNENFORCED,
	 * why it is refused. */
	const char *what;
};

/* Every key the plugin owns, in the order the hook applies them; ends with
 * a NULL key. */
extern const struct limit_def limit_defs[];

/* One limit to set, ready for the child. */
struct limit {
	int resource;
	const char *name;
	rlim_t soft, hard;
	rlim_t nr_open; /* fs.nr_open at load, to explain a refused nofile */
};

struct limits_service {
	size_t count;
	struct limit items[16];
};

/* Parse a limit's node: a value for both soft and hard, or {soft, hard}. */
int limit_parse(const struct limit_def *def, const struct sysg_node *node, rlim_t *ret_soft,
		rlim_t *ret_hard, struct sysg_error *err);

/*
 * The hooks' work, in the child. RLIMIT_NOFILE is set last (LIMITS_NOFILE, at
 * SYSG_PRIO_FD_LIMIT): until then the child holds all of sysg's descriptors,
 * and a lower limit would leave the hooks in between (a network namespace's
 * socket, a Landlock ruleset) no descriptor to open. LIMITS_EARLY sets every
 * other limit, and raises NOFILE's hard limit if asked, while the child still
 * has the capabilities that takes.
 */
enum limits_step { LIMITS_EARLY, LIMITS_NOFILE };
int limits_apply(const struct limits_service *s, enum limits_step step, struct sysg_error *err);

#endif
