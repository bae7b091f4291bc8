/* SPDX-License-Identifier: MIT */
/* sysg validate: load and configure everything, start nothing. */
#include "build-config.h"

#include <stdio.h>

#include "commands.h"

int cmd_validate(const struct cli *cli)
{
	struct config *cfg;
	int r = cli_no_args(cli, "validate");

	if (r)
		return r;
	/* Explaining values is validate's job; start stays quiet. */
	node_notes_shown = true;
	if (config_load(cli->config, &cli->opts, false, &cfg) < 0)
		return 1;
	printf("%s: valid: %zu service%s, %zu plugin%s loaded%s\n", cli->config, cfg->n_services,
	       cfg->n_services == 1 ? "" : "s", cfg->plugins.count - 1,
	       cfg->plugins.count == 2 ? "" : "s",
	       node_warning_count ? " (see the warnings above)" : "");
	config_unref(cfg);
	return 0;
}
