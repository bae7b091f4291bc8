/* SPDX-License-Identifier: MIT */
/* The command line: global options, then one command. */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"

#define SYS_CONFIG "/etc/sysg/sysg.yaml"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: sysg [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Commands:\n"
		"  start [--daemonize]    start every service and supervise them (in the\n"
		"                         foreground, or detached once all have started)\n"
		"  start SERVICE          start a stopped service of the running supervisor\n"
		"  stop [SERVICE]         stop one service, or all of them and the supervisor\n"
		"  restart [SERVICE]      restart one service, or re-read the config and apply\n"
		"                         exactly what changed\n"
		"  status [SERVICE] [--format json]\n"
		"                         the services' state; exit 0 all running, 1 not all,\n"
		"                         2 no supervisor answers\n"
		"  logs SERVICE [-n N] [-f] [--stderr]\n"
		"                         a service's output, from its log file\n"
		"  validate               check the config and report every error with its\n"
		"                         position\n"
		"  plugins                list the plugins found and the pre-exec hooks in\n"
		"                         run order\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE      the config (default: ./sysg.yaml, else ./systemg.yaml;\n"
		"                         with --sys: " SYS_CONFIG ")\n"
		"      --sys              system mode (root only): /run/sysg, /var/lib/sysg,\n"
		"                         /var/log/sysg; user mode uses $XDG_RUNTIME_DIR/sysg\n"
		"                         and $XDG_STATE_HOME/sysg (~/.local/state/sysg)\n"
		"      --drop-privileges  as root, run services that have no user: as nobody\n"
		"      --log-level LEVEL  error, warn, info (default) or debug\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n"
		"\n"
		"Exit status: 0 success, 1 failure (bad config, a service failed), 2 usage.\n");
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	const char *command = NULL;
	char **args = calloc((size_t)argc + 1, sizeof *args);
	int n_args = 0, r;

	if (!args)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			free(args);
			return 0;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("sysg %s (plugin ABI %d)\n", PACKAGE_VERSION, SYSG_PLUGIN_ABI);
			free(args);
			return 0;
		} else if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
			if (++i == argc)
				goto missing;
			cli.config = argv[i];
		} else if (!strncmp(a, "--config=", 9)) {
			cli.config = a + 9;
		} else if (!strcmp(a, "--sys")) {
			cli.sys = cli.opts.sys = true;
		} else if (!strcmp(a, "--drop-privileges")) {
			cli.opts.drop_privileges = true;
		} else if (!strcmp(a, "--log-level") || !strncmp(a, "--log-level=", 12)) {
			const char *level = a[11] == '=' ? a + 12 : (++i < argc ? argv[i] : NULL);
			enum log_level l;

			if (!level)
				goto missing;
			if (log_parse_level(level, &l) < 0) {
				fprintf(stderr, "sysg: --log-level: '%s' is not error, warn, info or debug\n",
					level);
				free(args);
				return 2;
			}
			log_set_level(l);
		} else if (a[0] == '-' && a[1] && !command) {
			fprintf(stderr, "sysg: unknown option '%s' (see sysg --help)\n", a);
			free(args);
			return 2;
		} else if (!command) {
			command = a;
		} else {
			args[n_args++] = argv[i];
		}
	}
	if (!command) {
		usage(stderr);
		free(args);
		return 2;
	}
	if (cli.sys && geteuid() != 0) {
		fprintf(stderr, "sysg: --sys (system mode) needs root; without it sysg runs in user "
				"mode\n");
		free(args);
		return 1;
	}
	if (!cli.config)
		cli.config = cli.sys ? SYS_CONFIG : config_default_file();
	if (cli.opts.drop_privileges && !strcmp(command, "status"))
		fprintf(stderr, "sysg: status is read-only and never changes privileges: "
				"--drop-privileges has no effect\n");
	cli.args = args;
	cli.n_args = n_args;
	if (!strcmp(command, "start"))
		r = cmd_start(&cli);
	else if (!strcmp(command, "validate"))
		r = cmd_validate(&cli);
	else if (!strcmp(command, "plugins"))
		r = cmd_plugins(&cli);
	else if (!strcmp(command, "status"))
		r = cmd_status(&cli);
	else if (!strcmp(command, "stop"))
		r = cmd_stop(&cli);
	else if (!strcmp(command, "restart"))
		r = cmd_restart(&cli);
	else if (!strcmp(command, "logs"))
		r = cmd_logs(&cli);
	else {
		fprintf(stderr, "sysg: unknown command '%s' (see sysg --help)\n", command);
		r = 2;
	}
	free(args);
	return r;
missing:
	fprintf(stderr, "sysg: option '%s' needs a value\n", argv[argc - 1]);
	free(args);
	return 2;
}
