/* SPDX-License-Identifier: MIT */
/* The foreground supervisor: start services in dependency order, restart
 * them by policy, stop them all on SIGTERM/SIGINT. */
#ifndef SYSG_SUPERVISE_H
#define SYSG_SUPERVISE_H

#include "config.h"

/* Runs until every service has stopped for good. Returns the exit code for
 * sysg: 0 after a requested stop or when every service ended well, 1 when a
 * service failed for good. */
struct supervisor_options;
int supervise_run(struct config *cfg, const struct supervisor_options *opts);

#endif
