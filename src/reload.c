/* SPDX-License-Identifier: MIT */
/*
 * `sysg restart` without a service: re-read the config and apply exactly
 * what changed. The new file is loaded and validated completely first, so an
 * invalid config changes nothing. A service counts as changed when its own
 * section or the plugins section differs (compared as canonical text, so
 * comments and formatting do not count); unchanged services keep running
 * untouched, on the definition (and the plugin instances) they started with.
 */
#include "build-config.h"

#include <string.h>

#include "log.h"
#include "spawn.h"
#include "supervisor.h"

int sv_reload(struct supervisor *sv, struct strbuf *out)
{
	struct config_options opts = sv->cfg->opts;
	struct strbuf added = {0}, removed = {0}, restarted = {0}, unchanged = {0};
	struct config *next;

	opts.errors = out;
	if (config_load(sv->cfg->path, &opts, false, &next) < 0) {
		log_error("%s: not reloaded: the config has errors", sv->cfg->file);
		return -EINVAL;
	}
	next->opts.errors = NULL;
	/* The new config's plugins were initialized: their signal settings too. */
	spawn_note_signal_dispositions();
	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *u = sv->units[i];
		struct sysg_service *ns = config_service(next, u->name);

		if (u->remove_requested)
			continue;
		if (!ns) {
			u->remove_requested = true;
			strbuf_addf(&removed, " %s", u->name);
			continue;
		}
		if (!strcmp(ns->fingerprint, u->svc->fingerprint)) {
			strbuf_addf(&unchanged, " %s", u->name);
			continue;
		}
		config_unref(u->next_cfg);
		u->next_svc = ns;
		u->next_cfg = config_ref(next);
		strbuf_addf(&restarted, " %s", u->name);
		if (u->state == U_STOPPED && u->stop_requested)
			unit_adopt_next(u); /* stopped by its operator: stays stopped */
		else
			sv_restart(sv, u);
	}
	for (size_t i = 0; i < next->n_services; i++)
		if (!sv_find(sv, next->services[i]->name)) {
			if (!sv_add_unit(sv, next->services[i], next)) {
				strbuf_addf(out, "out of memory adding %s\n", next->services[i]->name);
				continue;
			}
			strbuf_addf(&added, " %s", next->services[i]->name);
		}
	config_unref(sv->cfg);
	sv->cfg = next;
	strbuf_addf(out, "added:%s\nremoved:%s\nrestarted:%s\nunchanged:%s\n",
		    added.s ? added.s : "", removed.s ? removed.s : "",
		    restarted.s ? restarted.s : "", unchanged.s ? unchanged.s : "");
	log_info("%s: reloaded: added:%s; removed:%s; restarted:%s", sv->cfg->file,
		 added.s ? added.s : "", removed.s ? removed.s : "", restarted.s ? restarted.s : "");
	strbuf_free(&added);
	strbuf_free(&removed);
	strbuf_free(&restarted);
	strbuf_free(&unchanged);
	return 0;
}
