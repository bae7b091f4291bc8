/* SPDX-License-Identifier: MIT */
/* sysg plugins: what is installed, what each owns, and the hook order. */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "commands.h"
#include "hooks.h"
#include "log.h"

static void print_keys(const struct plugin *p)
{
	const char *const *k = p->api.keys;

	if (!k || !*k) {
		printf("    keys: (none)\n");
		return;
	}
	printf("    keys:");
	for (; *k; k++)
		printf(" %s%s", *k, k[1] ? "," : "");
	printf("\n");
}

int cmd_plugins(const struct cli *cli)
{
	struct config *cfg = NULL;
	struct bound_hook *hooks;
	size_t n_hooks;
	int r = cli_no_args(cli, "plugins");

	if (r)
		return r;
	/* Without a config file, list what the default search path finds. */
	if (access(cli->config, F_OK) == 0)
		r = config_load(cli->config, &cli->opts, true, &cfg);
	else
		r = config_load(NULL, &cli->opts, true, &cfg);
	if (r < 0)
		return 1;
	printf("Plugins (searched:");
	for (size_t i = 0; i < cfg->plugins.n_searched; i++)
		printf(" %s", cfg->plugins.searched[i]);
	printf(")\n");
	for (size_t i = 0; i < cfg->plugins.count; i++) {
		const struct plugin *p = cfg->plugins.items[i];

		printf("  %s %s  %s\n    %s\n", p->api.name, p->api.version, p->file,
		       p->api.description);
		print_keys(p);
	}
	if (hooks_all(&cfg->plugins, &hooks, &n_hooks) < 0) {
		config_unref(cfg);
		log_error("out of memory");
		return 1;
	}
	printf("\nPre-exec hooks, in run order:\n  %4s  %-16s %s\n", "PRIO", "PLUGIN", "STEP");
	for (size_t i = 0; i < n_hooks; i++)
		printf("  %4d  %-16s %s\n", hooks[i].hook->priority, hooks[i].plugin->api.name,
		       hooks[i].hook->name);
	free(hooks);
	config_unref(cfg);
	return 0;
}
