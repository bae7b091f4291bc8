/* SPDX-License-Identifier: MIT */
/*
 * Socket activation: sockets handed to sysg by its own launcher
 * (LISTEN_FDS/LISTEN_PID, as systemd and systemd-socket-activate do), passed
 * on to the services that set listen_fds: true.
 */
#ifndef SYSG_LISTEN_FDS_H
#define SYSG_LISTEN_FDS_H

#define LISTEN_FDS_START 3

/* At start, before anything opens a descriptor: when LISTEN_PID is sysg's
 * own pid, keep fds 3..3+LISTEN_FDS-1 (close-on-exec, so no service sees
 * them by accident) and remove the variables from sysg's environment. */
void listen_fds_take(void);
/* How many sysg holds (0 when not socket-activated). */
int listen_fds_count(void);
/* The colon-separated names (LISTEN_FDNAMES), "" when none were given. */
const char *listen_fds_names(void);

/* In the child, after every descriptor was marked close-on-exec: let the
 * n sockets at 3.. survive exec, and write the child's own pid after the
 * "LISTEN_PID=" prefix of pid_env (which has room for it). */
int listen_fds_pass(int n, char *pid_env);

#endif
