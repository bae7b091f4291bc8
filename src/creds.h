/* SPDX-License-Identifier: MIT */
#ifndef SYSG_CREDS_H
#define SYSG_CREDS_H

#include <sys/types.h>

/* A user, looked up at config load (never in the child). */
struct user_info {
	uid_t uid;
	gid_t gid;   /* primary group */
	char *name;
	char *home;
	char *shell;
};

/* A name or a number. A number with no passwd entry is accepted as is, with
 * gid = uid, home "/" and shell /bin/sh. -ENOENT for an unknown name. */
int creds_lookup_user(const char *spec, struct user_info *ret);
void creds_user_free(struct user_info *u);
/* A name or a number; -ENOENT for an unknown name. */
int creds_lookup_group(const char *spec, gid_t *ret);

#endif
