/* SPDX-License-Identifier: MIT */
/* Starting one run of a service: fork, pre-exec hooks, exec. */
#ifndef SYSG_SPAWN_H
#define SYSG_SPAWN_H

#include <sys/types.h>

#include "service.h"

/* What a failed child sends before it exits; one write, under PIPE_BUF. */
struct spawn_report {
	char plugin[64];
	char step[32];
	int priority;
	int code; /* negative errno */
	char message[SYSG_ERROR_MAX];
};

/* The child's exit code when a hook fails: 200 + priority / 100, so 201 is
 * the cgroup step, 205 credentials, 208 seccomp, 209 exec. */
#define SPAWN_EXIT_BASE 200

struct spawn_io {
	int in, out, err; /* the child's stdin, stdout, stderr */
};

/*
 * Run the plugins' before_spawn, resolve the program, fork (or clone with the
 * service's namespace flags), run after_spawn. On success *ret_pid is the
 * child and *ret_report_fd the read end of its report pipe: end-of-file there
 * means exec succeeded, a struct spawn_report means a hook failed.
 * When an after_spawn callback fails, the child has been sent SIGKILL: the
 * call fails but *ret_pid and *ret_report_fd are set, and the caller reaps
 * the child as a failed start. Otherwise *ret_pid is 0 on failure.
 */
int spawn_service(struct sysg_service *svc, const struct spawn_io *io, unsigned slot,
		  pid_t *ret_pid, int *ret_report_fd, struct sysg_error *err);

/*
 * Progress slots: each running service has one (a number below 65536, its
 * own while it is supervised). spawn_progress_init maps the shared page
 * once; after end-of-file on the report pipe, spawn_reached_exec says
 * whether the child got to exec (else it died in a hook, and
 * spawn_last_hook names that hook).
 */
int spawn_progress_init(void);
bool spawn_reached_exec(const struct sysg_service *svc, unsigned slot);
const struct bound_hook *spawn_last_hook(const struct sysg_service *svc, unsigned slot);

/* 1 with a report, 0 at end-of-file (exec happened), -EAGAIN if nothing yet. */
int spawn_read_report(int fd, struct spawn_report *ret);

/* "caps (prio 480, keep): capset: Operation not permitted" */
void spawn_format_report(const struct spawn_report *rep, char *buf, size_t size);

/* The parent the process that execs must have (for PR_SET_PDEATHSIG). */
pid_t spawn_expected_parent(const struct sysg_service *svc);

/* The soft RLIMIT_NOFILE to give children: sysg raises its own to serve many
 * services, and must not pass that on. Set once at start. */
void spawn_set_child_nofile(unsigned long soft);

/* Note which signals sysg does not leave at their default action, for its
 * children to reset; once supervision has set its own (and again if they
 * change). Until then a child resets every signal. */
void spawn_note_signal_dispositions(void);

/* In the child, the core's step at SYSG_PRIO_FD_LIMIT: that soft limit back,
 * once the hooks that may open descriptors have run. */
int spawn_restore_nofile(struct sysg_error *err);

#endif
