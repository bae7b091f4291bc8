/* SPDX-License-Identifier: MIT */
#ifndef SYSG_SIGNALS_H
#define SYSG_SIGNALS_H

/* "SIGTERM", "TERM", "term" or "15" to 15; -EINVAL otherwise. */
int signal_parse(const char *s, int *ret);
/* "SIGTERM" for 15; a static string, "SIG?" when unknown. */
const char *signal_name(int sig);

#endif
