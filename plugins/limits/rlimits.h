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

/* The hook's work: setrlimit each, in the child. */
int limits_apply(const struct limits_service *s, struct sysg_error *err);

#endif
