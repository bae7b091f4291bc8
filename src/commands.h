/* SPDX-License-Identifier: MIT */
/* One function per command, each in its own file. */
#ifndef SYSG_COMMANDS_H
#define SYSG_COMMANDS_H

#include "config.h"

struct cli {
	const char *config;
	bool sys;
	struct config_options opts;
	char **args; /* the command's own arguments */
	int n_args;
};

int cmd_start(const struct cli *cli);
int cmd_validate(const struct cli *cli);
int cmd_plugins(const struct cli *cli);
int cmd_status(const struct cli *cli);
int cmd_stop(const struct cli *cli);
int cmd_restart(const struct cli *cli);
int cmd_logs(const struct cli *cli);
/* start SERVICE, when a supervisor runs. */
int cmd_start_service(const struct cli *cli, const char *service);

/* Commands that take no arguments: print an error and return 2 if given. */
int cli_no_args(const struct cli *cli, const char *command);

#endif
