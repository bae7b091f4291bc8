/* SPDX-License-Identifier: MIT */
/*
 * The supervisor's state, shared by the modules that make it up: the loop
 * and state machine (supervise.c), the control socket (control.c), status
 * replies (status.c) and config reloads (reload.c). Not for plugins.
 */
#ifndef SYSG_SUPERVISOR_H
#define SYSG_SUPERVISOR_H

#include <stdint.h>

#include "config.h"
#include "logfile.h"
#include "output.h"
#include "paths.h"
#include "strbuf.h"

enum unit_state {
	U_WAITING,  /* for its dependencies */
	U_STARTING, /* forked, pre-exec hooks running */
	U_RUNNING,  /* exec'd */
	U_STOPPING, /* signalled, or its main process gone: waiting for its group */
	U_BACKOFF,  /* waiting to restart */
	U_EXITED,   /* ended, and the policy does not restart it */
	U_FAILED,   /* ended badly for good: start failure, breaker, dependency */
	U_STOPPED,  /* stopped on request */
};

enum watch_kind { W_SIGNAL, W_REPORT, W_OUTPUT, W_LISTEN, W_CLIENT };

/* What an epoll event points at. */
struct watch {
	enum watch_kind kind;
	void *obj;
};

struct unit {
	char name[65];
	struct sysg_service *svc;
	struct config *cfg;      /* holds a reference: svc lives in it */
	struct sysg_service *next_svc; /* after a reload changed it */
	struct config *next_cfg;
	enum unit_state state;
	pid_t pid;               /* main process, 0 when none */
	pid_t pgid;              /* its process group, watched until empty */
	int report_fd;           /* open while STARTING */
	unsigned slot;           /* its progress slot (spawn.h) */
	const struct bound_hook *crashed_in; /* the hook its child died in */
	struct watch report_w;
	bool stop_requested;     /* by a stop: no restart */
	bool restart_requested;  /* by a restart: start again once down */
	bool remove_requested;   /* by a reload that dropped it */
	bool signalled, killed;  /* this run got stop_signal / SIGKILL */
	bool ever_started;
	bool start_failed;
	bool first_done;         /* its first start has succeeded or failed */
	int wait_status;
	uint64_t started_at, deadline;
	unsigned failures_in_row, restarts;
	struct logfile out_log, err_log;
	char last_exit[96];      /* "exited with status 1", "" before any */
	char last_error[512];    /* why the last start failed */
};

struct stream {
	struct watch w;
	struct output out;
	struct unit *owner;
	struct stream *next;
};

struct control;

struct supervisor_options {
	const struct paths *paths;
	bool echo;           /* foreground: copy service output to sysg's stdout/stderr */
	bool exit_when_done; /* foreground: exit once every service has ended */
	int notify_fd;       /* --daemonize: the waiting parent's pipe, or -1 */
	int lock_fd;         /* held for the supervisor's life, or -1 */
};

struct supervisor {
	struct config *cfg; /* the current config (a reference) */
	struct supervisor_options opts;
	struct unit **units;
	size_t n_units;
	int epfd, sigfd, devnull;
	struct watch sig_w;
	struct stream *streams;
	struct control *control;
	bool shutting_down;
	unsigned shutdown_signals;
};

uint64_t now_ms(void);
const char *unit_state_name(enum unit_state s);
bool unit_final(enum unit_state s);
bool unit_alive(enum unit_state s);
struct unit *sv_find(struct supervisor *sv, const char *name);

int sv_watch(struct supervisor *sv, int fd, struct watch *w, uint32_t events);
void sv_unwatch(struct supervisor *sv, int fd);

/* A reload changed the service: from now on run the new definition. */
void unit_adopt_next(struct unit *u);

/* Operations the control socket and reloads ask for. */
struct unit *sv_add_unit(struct supervisor *sv, struct sysg_service *svc, struct config *cfg);
/* A stopped, failed or ended service: start it again (counters reset). */
void sv_start(struct supervisor *sv, struct unit *u);
/* Stop it; it stays stopped. */
void sv_stop(struct supervisor *sv, struct unit *u);
/* Stop it if it runs, then start it again. */
void sv_restart(struct supervisor *sv, struct unit *u);
/* Stop everything; the supervisor exits when all is down. */
void sv_shutdown(struct supervisor *sv, const char *why);

/* control.c */
int control_open(struct supervisor *sv, struct sysg_error *err);
void control_on_listen(struct supervisor *sv);
void control_on_client(struct supervisor *sv, void *client, uint32_t events);
/* After every batch of events: answer what waited on a state. */
void control_settle(struct supervisor *sv);
uint64_t control_next_deadline(struct supervisor *sv);
void control_on_deadlines(struct supervisor *sv);
/* At exit: answer everything still waiting, remove the socket. */
void control_close(struct supervisor *sv, const char *final_reply);

/* status.c */
/* Rows "NAME\tSTATE\tPID\tUSER\tUPTIME\tRESTARTS\tLAST EXIT\tPLUGINS\n" for
 * one service or all; returns how many are not running. */
unsigned status_rows(struct supervisor *sv, const char *only, struct strbuf *out);
unsigned status_json(struct supervisor *sv, const char *only, struct strbuf *out);

/* reload.c */
/* Re-read the config, validate all of it, then apply exactly the
 * differences. On error nothing changes; the messages are in out. */
int sv_reload(struct supervisor *sv, struct strbuf *out);

#endif
