/* SPDX-License-Identifier: MIT */
/* One supervisor per mode (a lock on its pid file), and detaching. */
#ifndef SYSG_DAEMON_H
#define SYSG_DAEMON_H

#include "paths.h"

/* Lock the pid file. -EBUSY, with the running supervisor's pid in the
 * message, when another holds it. The lock lives as long as *ret_fd. */
int daemon_lock(const struct paths *p, int *ret_fd, struct sysg_error *err);
/* Write our pid into the locked file. */
int daemon_write_pid(int fd);

/*
 * Detach: fork, new session, stdio to the supervisor's log. The parent waits
 * until the child reports that every service has started or failed, prints
 * the failures and exits (0 or 1); it never returns. The child returns 0
 * with *ret_notify_fd, where it reports (see supervise.c).
 */
int daemon_detach(const char *log_path, int *ret_notify_fd, struct sysg_error *err);

#endif
