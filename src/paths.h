/* SPDX-License-Identifier: MIT */
/* Where sysg keeps its socket, pid file, state and logs, by mode. */
#ifndef SYSG_PATHS_H
#define SYSG_PATHS_H

#include <limits.h>
#include <stdbool.h>

#include "sysg/plugin.h"

struct paths {
	bool sys;
	char runtime[PATH_MAX]; /* socket and pid file */
	char state[PATH_MAX];
	char logs[PATH_MAX];
	char socket[108];       /* sizeof(sockaddr_un.sun_path) */
	char pidfile[PATH_MAX];
};

/*
 * User mode: runtime $XDG_RUNTIME_DIR/sysg (else STATE/run), state
 * $XDG_STATE_HOME/sysg (else ~/.local/state/sysg), logs STATE/logs.
 * System mode (--sys): /run/sysg, /var/lib/sysg, /var/log/sysg.
 */
int paths_init(struct paths *p, bool sys, struct sysg_error *err);

/* Create the directories, mode 0700; an existing one must be ours and is
 * made 0700. */
int paths_create(const struct paths *p, struct sysg_error *err);

/* Create one directory (and its missing parents) mode 0700. */
int paths_mkdir(const char *dir, struct sysg_error *err);

#endif
