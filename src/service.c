/* SPDX-License-Identifier: MIT */
/*
 * The core's service keys: what to run, as whom, where, with which
 * environment, and how to supervise it. Everything is resolved here, in the
 * parent, so the child only makes system calls.
 */
#include "build-config.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "creds.h"
#include "env.h"
#include "listen_fds.h"
#include "logfile.h"
#include "signals.h"

const char *const core_keys[] = {
	"command", "exec", "env", "working_dir", "user", "group", "supplementary_groups",
	"restart_policy", "backoff", "max_restarts", "depends_on", "stop_signal", "stop_timeout",
	"no_new_privs", "logs", "listen_fds", NULL,
};

#define DEFAULT_BACKOFF_MS 1000
#define DEFAULT_BACKOFF_MAX_MS 60000
#define DEFAULT_MAX_RESTARTS 5
#define DEFAULT_STOP_TIMEOUT_MS 10000

/*
 * A command that is nothing but plain words ("./server --port 8080") means
 * the same with or without a shell, and runs without one: /bin/sh (dash)
 * would fork it instead of exec'ing it, leaving a shell as the service's
 * main process, a process more per service, and the program out of reach
 * of the parent-death signal. Anything a shell would interpret (quotes,
 * variables, globs, redirections, separators, assignments, ~) keeps the
 * shell. Returns 1 with *ret set, 0 when a shell is needed.
 */
static int plain_words(const char *cmd, char ***ret)
{
	size_t n = 0;
	char **argv;

	/* Words the shell itself acts on, not programs to exec. */
	static const char *const shell_words[] = {
		".", ":", "alias", "bg", "break", "case", "cd", "command", "continue", "do",
		"done", "elif", "else", "esac", "eval", "exec", "exit", "export", "fc", "fg",
		"fi", "for", "getopts", "hash", "if", "jobs", "local", "read", "readonly",
		"return", "set", "shift", "source", "then", "times", "trap", "type", "ulimit",
		"umask", "unalias", "unset", "until", "wait", "while", NULL,
	};
	size_t first;

	for (const char *c = cmd; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-./:,@+% ", *c))
			return 0;
	cmd += strspn(cmd, " ");
	first = strcspn(cmd, " ");
	for (const char *const *w = shell_words; *w; w++)
		if (strlen(*w) == first && !strncmp(cmd, *w, first))
			return 0;
	for (const char *c = cmd; *c;) {
		while (*c == ' ')
			c++;
		if (!*c)
			break;
		n++;
		c += strcspn(c, " ");
	}
	if (n == 0)
		return 0;
	argv = calloc(n + 1, sizeof *argv);
	if (!argv)
		return -ENOMEM;
	n = 0;
	for (const char *c = cmd; *c;) {
		size_t len;

		while (*c == ' ')
			c++;
		if (!*c)
			break;
		len = strcspn(c, " ");
		if (!(argv[n++] = strndup(c, len))) {
			sysg_strv_free(argv);
			return -ENOMEM;
		}
		c += len;
	}
	*ret = argv;
	return 1;
}

static int parse_command(struct sysg_service *svc, const struct sysg_node *node,
			 struct sysg_error *err)
{
	const struct sysg_node *command = sysg_node_get(node, "command");
	const struct sysg_node *exec = sysg_node_get(node, "exec");
	const char *s;
	int r;

	if (command && exec)
		return sysg_node_error(err, exec, -EINVAL,
				       "give either command (run by /bin/sh -c) or exec (an argv "
				       "list), not both");
	if (!command && !exec)
		return sysg_node_error(err, node, -EINVAL,
				       "service '%s' needs command (run by /bin/sh -c) or exec (an "
				       "argv list)",
				       svc->name);
	if (command) {
		r = sysg_node_string(command, &s, err);
		if (r < 0)
			return r;
		if (!*s)
			return sysg_node_error(err, command, -EINVAL, "command is empty");
		r = plain_words(s, &svc->argv);
		if (r < 0)
			return sysg_error_set(err, r, "out of memory");
		if (r == 0) {
			svc->argv = calloc(4, sizeof *svc->argv);
			if (!svc->argv || !(svc->argv[0] = strdup("/bin/sh")) ||
			    !(svc->argv[1] = strdup("-c")) || !(svc->argv[2] = strdup(s)))
				return sysg_error_set(err, -ENOMEM, "out of memory");
		}
	} else {
		if (sysg_node_kind(exec) != SYSG_NODE_SEQUENCE)
			return sysg_node_error(err, exec, -EINVAL,
					       "exec is an argv list, e.g. [/usr/bin/server, "
					       "--port, \"80\"]; use command for a shell line");
		r = sysg_node_string_list(exec, &svc->argv, err);
		if (r < 0)
			return r;
		if (!svc->argv[0] || !*svc->argv[0])
			return sysg_node_error(err, exec, -EINVAL, "exec needs at least a program");
	}
	if (!command)
		s = svc->argv[0];
	svc->command = strdup(s);
	return svc->command ? 0 : sysg_error_set(err, -ENOMEM, "out of memory");
}

static int parse_credentials(const struct config *cfg, struct sysg_service *svc,
			     const struct sysg_node *node, struct user_info *user,
			     struct sysg_error *err)
{
	const struct sysg_node *u = sysg_node_get(node, "user");
	const struct sysg_node *g = sysg_node_get(node, "group");
	const struct sysg_node *sg = sysg_node_get(node, "supplementary_groups");
	const char *spec = NULL;
	char **names = NULL;
	int r;

	svc->uid = geteuid();
	svc->gid = getegid();
	if (u) {
		r = sysg_node_string(u, &spec, err);
		if (r < 0)
			return r;
	} else if (cfg->opts.drop_privileges && geteuid() == 0) {
		spec = "nobody";
	}
	if (spec) {
		r = creds_lookup_user(spec, user);
		if (r == -ENOENT)
			return sysg_node_error(err, u ? u : node, r, "no such user '%s'%s", spec,
					       u ? "" : " (--drop-privileges runs services without "
						    "user: as nobody)");
		if (r < 0)
			return sysg_node_error(err, u ? u : node, r, "looking up user '%s': %s", spec,
					       strerror(-r));
		svc->uid = user->uid;
		svc->gid = user->gid;
		svc->user = strdup(user->name);
		if (!svc->user)
			return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	if (g) {
		r = sysg_node_string(g, &spec, err);
		if (r < 0)
			return r;
		r = creds_lookup_group(spec, &svc->gid);
		if (r < 0)
			return sysg_node_error(err, g, r, "no such group '%s'", spec);
	}
	if (sg) {
		r = sysg_node_string_list(sg, &names, err);
		if (r < 0)
			return r;
		for (svc->n_groups = 0; names[svc->n_groups]; svc->n_groups++)
			;
		svc->groups = calloc(svc->n_groups ? svc->n_groups : 1, sizeof *svc->groups);
		if (!svc->groups) {
			sysg_strv_free(names);
			return sysg_error_set(err, -ENOMEM, "out of memory");
		}
		for (size_t i = 0; i < svc->n_groups; i++)
			if (creds_lookup_group(names[i], &svc->groups[i]) < 0) {
				r = sysg_node_error(err, sysg_node_at(sg, i), -ENOENT,
						    "no such group '%s'", names[i]);
				sysg_strv_free(names);
				return r;
			}
		sysg_strv_free(names);
	}
	if (!svc->user) {
		/* For status: the user it runs as, named even when not chosen. */
		struct user_info self;
		char id[16];

		snprintf(id, sizeof id, "%u", (unsigned)geteuid());
		if (creds_lookup_user(id, &self) == 0)
			svc->user = strdup(self.name);
		creds_user_free(&self);
	}
	/*
	 * The credentials step runs when the config names any of them; it
	 * always sets the supplementary groups (to the list, empty by
	 * default), so a service never inherits root's.
	 */
	svc->set_credentials = spec || g || sg;
	svc->changes_credentials =
		svc->set_credentials && (svc->uid != geteuid() || svc->gid != getegid());
	return 0;
}

static int parse_env(const struct config *cfg, struct sysg_service *svc,
		     const struct sysg_node *node, const struct user_info *user,
		     struct sysg_error *err)
{
	static const char *const env_keys[] = {"vars", "file", "inherit_env", NULL};
	const struct sysg_node *envn = sysg_node_get(node, "env");
	const struct sysg_node *vars = sysg_node_get(envn, "vars");
	const struct sysg_node *file = sysg_node_get(envn, "file");
	struct envlist env = {0};
	bool inherit = !svc->changes_credentials;
	int r = 0;

	if (envn && (r = sysg_node_check_keys(envn, env_keys, err)) < 0)
		return r;
	if (sysg_node_get(envn, "inherit_env") &&
	    (r = sysg_node_bool(sysg_node_get(envn, "inherit_env"), &inherit, err)) < 0)
		return r;
	/* A service that changes user starts from a clean environment, so
	 * nothing of root's (tokens, paths, sockets) leaks to it by default. */
	r = inherit ? env_inherit(&env) : env_set(&env, "PATH", DEFAULT_PATH);
	if (r == 0 && !env_get(&env, "PATH"))
		r = env_set(&env, "PATH", DEFAULT_PATH);
	if (r == 0 && user->name) {
		r = env_set(&env, "HOME", user->home);
		if (r == 0)
			r = env_set(&env, "USER", user->name);
		if (r == 0)
			r = env_set(&env, "LOGNAME", user->name);
		if (r == 0)
			r = env_set(&env, "SHELL", user->shell);
	}
	if (r < 0) {
		env_free(&env);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	if (file) {
		const char *path;
		char *abs = NULL;

		r = sysg_node_string(file, &path, err);
		if (r == 0 && *path != '/' && asprintf(&abs, "%s/%s", cfg->dir, path) < 0)
			r = sysg_error_set(err, -ENOMEM, "out of memory");
		if (r == 0) {
			struct sysg_error ferr;

			r = env_read_file(&env, abs ? abs : path, cfg->opts.sys, &ferr);
			if (r < 0)
				sysg_node_error(err, file, r, "%s", ferr.message);
		}
		free(abs);
	}
	if (vars && r == 0 && sysg_node_kind(vars) != SYSG_NODE_MAPPING)
		r = sysg_node_error(err, vars, -EINVAL, "expected a mapping of NAME: value");
	for (size_t i = 0; r == 0 && i < sysg_node_count(vars); i++) {
		const char *key = sysg_node_key_at(vars, i), *value;

		if (!env_valid_name(key)) {
			r = sysg_node_error(err, sysg_node_at(vars, i), -EINVAL,
					    "'%s' is not a valid variable name", key);
			break;
		}
		r = sysg_node_string(sysg_node_at(vars, i), &value, err);
		if (r == 0 && env_set(&env, key, value) < 0)
			r = sysg_error_set(err, -ENOMEM, "out of memory");
	}
	if (r == 0 && svc->listen_fds) {
		char n[16];

		/* LISTEN_PID is the service's own pid, known only in the child:
		 * room for it here, written there (listen_fds_pass). */
		snprintf(n, sizeof n, "%d", listen_fds_count());
		if (env_set(&env, "LISTEN_FDS", n) < 0 ||
		    (*listen_fds_names() && env_set(&env, "LISTEN_FDNAMES", listen_fds_names()) < 0) ||
		    env_set(&env, "LISTEN_PID", "00000000000000000000") < 0)
			r = sysg_error_set(err, -ENOMEM, "out of memory");
		for (size_t i = 0; r == 0 && i < env.n; i++)
			if (!strncmp(env.v[i], "LISTEN_PID=", 11))
				svc->listen_pid_env = env.v[i];
	}
	if (r < 0) {
		env_free(&env);
		return r;
	}
	if (!env.v && env_set(&env, "PATH", DEFAULT_PATH) < 0)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	svc->envp = env.v;
	return 0;
}

static int parse_restart_policy(struct sysg_service *svc, const struct sysg_node *n,
				struct sysg_error *err)
{
	const char *s;
	int r = sysg_node_string(n, &s, err);

	if (r < 0)
		return r;
	if (!strcmp(s, "always"))
		svc->restart = RESTART_ALWAYS;
	else if (!strcmp(s, "on-failure"))
		svc->restart = RESTART_ON_FAILURE;
	else if (!strcmp(s, "never"))
		svc->restart = RESTART_NEVER;
	else
		return sysg_node_error(err, n, -EINVAL,
				       "restart_policy is always, on-failure or never, not '%s'", s);
	return 0;
}

static int parse_backoff(struct sysg_service *svc, const struct sysg_node *n,
			 struct sysg_error *err)
{
	static const char *const backoff_keys[] = {"initial", "max", NULL};
	int r;

	if (sysg_node_kind(n) == SYSG_NODE_MAPPING) {
		r = sysg_node_check_keys(n, backoff_keys, err);
		if (r == 0 && sysg_node_get(n, "initial"))
			r = sysg_node_duration_ms(sysg_node_get(n, "initial"), &svc->backoff_ms, err);
		if (r == 0 && sysg_node_get(n, "max"))
			r = sysg_node_duration_ms(sysg_node_get(n, "max"), &svc->backoff_max_ms, err);
	} else {
		r = sysg_node_duration_ms(n, &svc->backoff_ms, err);
	}
	if (svc->backoff_max_ms < svc->backoff_ms)
		svc->backoff_max_ms = svc->backoff_ms;
	return r;
}

static int parse_max_restarts(struct sysg_service *svc, const struct sysg_node *n,
			      struct sysg_error *err)
{
	const char *s;
	long long v;

	if (sysg_node_string(n, &s, NULL) == 0 && !strcmp(s, "unlimited")) {
		svc->max_restarts = MAX_RESTARTS_UNLIMITED;
		return 0;
	}
	if (sysg_node_int(n, 0, 1000000, &v, err) < 0)
		return sysg_node_error(err, n, -EINVAL,
				       "max_restarts is a number of restarts (0 to 1000000) or "
				       "'unlimited'");
	svc->max_restarts = (unsigned)v;
	return 0;
}

static int parse_depends_on(struct sysg_service *svc, const struct sysg_node *n,
			    struct sysg_error *err)
{
	int r = sysg_node_string_list(n, &svc->depends_on, err);

	if (r < 0)
		return r;
	for (char **d = svc->depends_on; *d; d++)
		if (!strcmp(*d, svc->name))
			return sysg_node_error(err, n, -ELOOP, "service '%s' depends on itself",
					       svc->name);
	return 0;
}

static int parse_stop_signal(struct sysg_service *svc, const struct sysg_node *n,
			     struct sysg_error *err)
{
	const char *s;
	int r = sysg_node_string(n, &s, err);

	if (r < 0)
		return r;
	if (signal_parse(s, &svc->stop_signal) < 0 || svc->stop_signal == SIGKILL ||
	    svc->stop_signal == SIGSTOP)
		return sysg_node_error(err, n, -EINVAL,
				       "stop_signal '%s' is not a signal that can ask a process to "
				       "stop (e.g. SIGTERM, SIGINT, SIGQUIT)",
				       s);
	return 0;
}

static int parse_stop_timeout(struct sysg_service *svc, const struct sysg_node *n,
			      struct sysg_error *err)
{
	return sysg_node_duration_ms(n, &svc->stop_timeout_ms, err);
}

static int parse_no_new_privs(struct sysg_service *svc, const struct sysg_node *n,
			      struct sysg_error *err)
{
	bool v;
	int r = sysg_node_bool(n, &v, err);

	/* A plugin that needs it (seccomp, Landlock) sets it regardless. */
	if (r == 0)
		svc->no_new_privs |= v;
	return r;
}

static int parse_working_dir(const struct config *cfg, struct sysg_service *svc,
			     const struct sysg_node *n, struct sysg_error *err)
{
	const char *s;
	int r;

	if (!n) {
		svc->working_dir = strdup(cfg->dir);
	} else {
		r = sysg_node_string(n, &s, err);
		if (r < 0)
			return r;
		if (*s == '/')
			svc->working_dir = strdup(s);
		else if (asprintf(&svc->working_dir, "%s/%s", cfg->dir, s) < 0)
			svc->working_dir = NULL;
	}
	return svc->working_dir ? 0 : sysg_error_set(err, -ENOMEM, "out of memory");
}

static int parse_logs(struct sysg_service *svc, const struct sysg_node *n, struct sysg_error *err)
{
	static const char *const keys[] = {"max_bytes", "max_files", NULL};
	const struct sysg_node *v;
	long long files;
	int r = sysg_node_check_keys(n, keys, err);

	if (r == 0 && (v = sysg_node_get(n, "max_bytes"))) {
		r = sysg_node_size(v, &svc->log_max_bytes, err);
		if (r == 0 && svc->log_max_bytes < 4096)
			r = sysg_node_error(err, v, -EINVAL, "max_bytes must be at least 4K");
	}
	if (r == 0 && (v = sysg_node_get(n, "max_files"))) {
		r = sysg_node_int(v, 1, 1000, &files, err);
		if (r == 0)
			svc->log_max_files = (unsigned)files;
	}
	return r;
}

static int parse_listen_fds(struct sysg_service *svc, const struct sysg_node *n,
			    struct sysg_error *err)
{
	return sysg_node_bool(n, &svc->listen_fds, err);
}

unsigned core_configure_service(struct config *cfg, struct sysg_service *svc)
{
	static const struct {
		const char *key;
		int (*parse)(struct sysg_service *, const struct sysg_node *, struct sysg_error *);
	} keys[] = {
		{"restart_policy", parse_restart_policy}, {"backoff", parse_backoff},
		{"max_restarts", parse_max_restarts},     {"depends_on", parse_depends_on},
		{"stop_signal", parse_stop_signal},       {"stop_timeout", parse_stop_timeout},
		{"no_new_privs", parse_no_new_privs},     {"logs", parse_logs},
	};
	const struct sysg_node *node = svc->node;
	struct user_info user = {0};
	struct sysg_error e;
	unsigned errors = 0;

	svc->restart = RESTART_ON_FAILURE;
	svc->backoff_ms = DEFAULT_BACKOFF_MS;
	svc->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
	svc->max_restarts = DEFAULT_MAX_RESTARTS;
	svc->stop_signal = SIGTERM;
	svc->stop_timeout_ms = DEFAULT_STOP_TIMEOUT_MS;
	svc->log_max_bytes = LOG_DEFAULT_MAX_BYTES;
	svc->log_max_files = LOG_DEFAULT_MAX_FILES;

	/* listen_fds first: the environment depends on it. */
	if (sysg_node_get(node, "listen_fds") &&
	    parse_listen_fds(svc, sysg_node_get(node, "listen_fds"), &e) < 0)
		errors += config_report(cfg, &e);
	if (svc->listen_fds && listen_fds_count() == 0)
		sysg_node_warn(sysg_node_get(node, "listen_fds"),
			       "sysg was not started with sockets to pass (LISTEN_FDS); '%s' will not "
			       "start without them",
			       svc->name);

	/* Each key on its own, so every mistake is reported at once. */
	if (parse_command(svc, node, &e) < 0)
		errors += config_report(cfg, &e);
	if (parse_credentials(cfg, svc, node, &user, &e) < 0)
		errors += config_report(cfg, &e);
	else if (parse_env(cfg, svc, node, &user, &e) < 0)
		errors += config_report(cfg, &e);
	creds_user_free(&user);
	if (parse_working_dir(cfg, svc, sysg_node_get(node, "working_dir"), &e) < 0)
		errors += config_report(cfg, &e);
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const struct sysg_node *n = sysg_node_get(node, keys[i].key);

		if (n && keys[i].parse(svc, n, &e) < 0)
			errors += config_report(cfg, &e);
	}
	return errors;
}

/* Names are used as file names (logs) and in the control protocol: letters,
 * digits and - _ . @, never a path. */
bool service_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64 || name[0] == '.' || name[0] == '-')
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_' || *c == '.' || *c == '@'))
			return false;
	return true;
}

/* The SDK's view of a service. */

const char *sysg_service_name(const struct sysg_service *svc)
{
	return svc->name;
}

const struct sysg_node *sysg_service_node(const struct sysg_service *svc)
{
	return svc->node;
}

bool sysg_service_credentials(const struct sysg_service *svc, uid_t *ret_uid, gid_t *ret_gid)
{
	if (ret_uid)
		*ret_uid = svc->uid;
	if (ret_gid)
		*ret_gid = svc->gid;
	return svc->changes_credentials;
}

void sysg_service_add_clone_flags(struct sysg_service *svc, unsigned long flags)
{
	svc->clone_flags |= flags;
}

void sysg_service_require_no_new_privs(struct sysg_service *svc)
{
	svc->no_new_privs = true;
}
