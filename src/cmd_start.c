/* SPDX-License-Identifier: MIT */
/* sysg start: load the config and supervise in the foreground. */
#include "build-config.h"

#include <stdio.h>

#include "commands.h"
#include "log.h"
#include "supervise.h"

int cli_no_args(const struct cli *cli, const char *command)
{
	if (cli->n_args == 0)
		return 0;
	fprintf(stderr, "sysg: %s takes no arguments, got '%s'\n", command, cli->args[0]);
	return 2;
}

int cmd_start(const struct cli *cli)
{
	struct config *cfg;
	int r = cli_no_args(cli, "start");

	if (r)
		return r;
	if (config_load(cli->config, &cli->opts, false, &cfg) < 0) {
		log_error("%s: not starting: the config has errors (sysg validate -c %s)", cli->config,
			  cli->config);
		return 1;
	}
	r = supervise_run(cfg);
	config_free(cfg);
	return r;
}
