/* SPDX-License-Identifier: MIT */
/*
 * sysg start [--daemonize]: take the mode's lock, load the config, and
 * supervise (in the foreground, or detached once every service has started
 * or failed). sysg start SERVICE: ask the running supervisor to start a
 * stopped service.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "daemon.h"
#include "listen_fds.h"
#include "log.h"
#include "service.h"
#include "supervise.h"
#include "supervisor.h"

int cli_no_args(const struct cli *cli, const char *command)
{
	if (cli->n_args == 0)
		return 0;
	fprintf(stderr, "sysg: %s takes no arguments, got '%s'\n", command, cli->args[0]);
	return 2;
}

int cmd_start(const struct cli *cli)
{
	struct supervisor_options opts = {.notify_fd = -1, .lock_fd = -1};
	const char *service = NULL;
	bool daemonize = false;
	struct sysg_error err;
	struct config *cfg;
	struct paths p;
	char log_path[PATH_MAX + 16];
	int r;

	/* Before anything opens a descriptor: sockets sysg was handed. */
	listen_fds_take();
	for (int i = 0; i < cli->n_args; i++) {
		const char *a = cli->args[i];

		if (!strcmp(a, "--daemonize") || !strcmp(a, "-d")) {
			daemonize = true;
		} else if (a[0] == '-') {
			fprintf(stderr, "sysg: start: unknown option '%s'\n", a);
			return 2;
		} else if (service || !service_name_valid(a)) {
			fprintf(stderr, "sysg: start: '%s' is not a valid service name, or one too many\n",
				a);
			return 2;
		} else {
			service = a;
		}
	}
	if (service)
		return daemonize ? (fprintf(stderr, "sysg: start SERVICE takes no --daemonize\n"), 2)
				 : cmd_start_service(cli, service);

	if (paths_init(&p, cli->sys, &err) < 0 || paths_create(&p, &err) < 0 ||
	    daemon_lock(&p, &opts.lock_fd, &err) < 0) {
		log_error("%s", err.message);
		return 1;
	}
	if (config_load(cli->config, &cli->opts, false, &cfg) < 0) {
		log_error("%s: not starting: the config has errors (sysg validate -c %s)", cli->config,
			  cli->config);
		close(opts.lock_fd);
		return 1;
	}
	snprintf(log_path, sizeof log_path, "%s/sysg.log", p.logs);
	if (daemonize && daemon_detach(log_path, &opts.notify_fd, &err) < 0) {
		log_error("%s", err.message);
		config_unref(cfg);
		close(opts.lock_fd);
		return 1;
	}
	if (daemon_write_pid(opts.lock_fd) < 0)
		log_warn("%s: cannot write the pid: %s", p.pidfile, strerror(errno));
	opts.paths = &p;
	opts.echo = !daemonize;
	opts.exit_when_done = !daemonize;
	r = supervise_run(cfg, &opts);
	config_unref(cfg);
	/* Still holding the lock: no other supervisor can have written it. */
	(void)unlink(p.pidfile);
	close(opts.lock_fd);
	return r;
}
