/* SPDX-License-Identifier: MIT */
/* A configured service: what the config says, resolved and ready to spawn.
 * This is the SDK's opaque struct sysg_service. Runtime state (pids, restart
 * counters) lives in the supervisor's struct unit, not here. */
#ifndef SYSG_SERVICE_H
#define SYSG_SERVICE_H

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#include "plugin.h"

enum restart_policy { RESTART_NEVER, RESTART_ON_FAILURE, RESTART_ALWAYS };

#define MAX_RESTARTS_UNLIMITED UINT_MAX

/* A plugin that configured this service, with what configure returned. */
struct service_plugin {
	struct plugin *plugin;
	void *svc_state;
};

/* One pre-exec step for this service, in run order. */
struct bound_hook {
	const struct sysg_hook *hook;
	struct plugin *plugin;
	void *svc_state;
};

struct sysg_service {
	char *name;
	const struct sysg_node *node; /* valid while the config is loaded */
	char *fingerprint;  /* canonical text of its section and the plugins section */

	/* What to run. */
	char **argv;        /* exec: as given; command: /bin/sh -c COMMAND */
	char *command;      /* for display */
	char **envp;
	char *exec_path;    /* argv[0] resolved through PATH, before fork (heap:
	                     * PATH_MAX inline cost 4 KiB per service) */

	/* Credentials (core step at 500). */
	bool set_credentials;
	bool changes_credentials;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t n_groups;
	char *user; /* name for display */

	char *working_dir;
	bool no_new_privs;
	bool listen_fds;          /* pass sysg's activation sockets */
	char *listen_pid_env;     /* envp's "LISTEN_PID=...", completed in the child */
	uint64_t log_max_bytes;
	unsigned log_max_files;
	unsigned long clone_flags;

	/* Supervision. */
	enum restart_policy restart;
	uint64_t backoff_ms, backoff_max_ms;
	unsigned max_restarts;
	char **depends_on;
	int stop_signal;
	uint64_t stop_timeout_ms;

	struct service_plugin *plugins; /* the core first, then by name */
	size_t n_plugins;
	struct bound_hook *hooks;       /* in run order */
	size_t n_hooks;
	/* hooks[vfork_safe_from..] all belong to plugins with
	 * SYSG_PLUGIN_VFORK_SAFE (0: every hook; n_hooks: not the last). */
	size_t vfork_safe_from;
};

/* 1-64 of [A-Za-z0-9-_.@], not starting with '.' or '-': never a path. */
bool service_name_valid(const char *name);

#endif
