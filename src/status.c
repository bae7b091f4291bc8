/* SPDX-License-Identifier: MIT */
/* What `sysg status` shows: one row (or JSON object) per service. */
#include "build-config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "supervisor.h"

#define STATUS_SCHEMA_VERSION 1

struct row {
	const char *name, *state, *user, *last_exit;
	long pid;
	unsigned long long uptime_ms;
	unsigned restarts;
	char plugins[256];
};

static void fill(const struct unit *u, struct row *r)
{
	size_t len = 0;

	r->name = u->name;
	r->state = unit_state_name(u->state);
	r->pid = u->pid;
	r->user = u->svc->user ? u->svc->user : "";
	r->last_exit = u->last_exit;
	r->uptime_ms = u->state == U_RUNNING ? now_ms() - u->started_at : 0;
	r->restarts = u->restarts;
	r->plugins[0] = '\0';
	/* Comma-separated, cut at a name that would not fit. */
	for (size_t i = 0; i < u->svc->n_plugins; i++) {
		const char *name = u->svc->plugins[i].plugin->api.name;
		size_t n = strlen(name);

		if (!strcmp(name, "core"))
			continue;
		if (len + !!len + n >= sizeof r->plugins)
			break;
		if (len)
			r->plugins[len++] = ',';
		memcpy(r->plugins + len, name, n + 1);
		len += n;
	}
}

/* Tabs and newlines would break the rows: fields never hold them (names
 * are checked, texts are ours), but keep it true whatever comes. */
static void add_field(struct strbuf *out, const char *s, char end)
{
	while (*s) {
		size_t n = strcspn(s, "\t\n");

		strbuf_add(out, s, n);
		s += n;
		if (*s) {
			strbuf_add(out, " ", 1);
			s++;
		}
	}
	strbuf_add(out, &end, 1);
}

unsigned status_rows(struct supervisor *sv, const char *only, struct strbuf *out)
{
	unsigned not_running = 0;

	for (size_t i = 0; i < sv->n_units; i++) {
		struct row r;
		char num[64];

		if (*only && strcmp(only, sv->units[i]->name))
			continue;
		fill(sv->units[i], &r);
		not_running += sv->units[i]->state != U_RUNNING;
		add_field(out, r.name, '\t');
		add_field(out, r.state, '\t');
		snprintf(num, sizeof num, "%ld", r.pid);
		add_field(out, r.pid ? num : "-", '\t');
		add_field(out, *r.user ? r.user : "-", '\t');
		snprintf(num, sizeof num, "%llu", r.uptime_ms / 1000);
		add_field(out, num, '\t');
		snprintf(num, sizeof num, "%u", r.restarts);
		add_field(out, num, '\t');
		add_field(out, *r.last_exit ? r.last_exit : "-", '\t');
		add_field(out, *r.plugins ? r.plugins : "-", '\n');
	}
	return not_running;
}

unsigned status_json(struct supervisor *sv, const char *only, struct strbuf *out)
{
	unsigned not_running = 0;
	bool first = true;

	strbuf_addf(out, "{\"schema_version\":%d,\"supervisor\":{\"pid\":%d,\"config\":",
		    STATUS_SCHEMA_VERSION, (int)getpid());
	strbuf_add_json(out, sv->cfg->path);
	strbuf_add_lit(out, "},\"services\":[");
	for (size_t i = 0; i < sv->n_units; i++) {
		struct row r;

		if (*only && strcmp(only, sv->units[i]->name))
			continue;
		fill(sv->units[i], &r);
		not_running += sv->units[i]->state != U_RUNNING;
		if (!first)
			strbuf_add_lit(out, ",");
		strbuf_add_lit(out, "{\"name\":");
		first = false;
		strbuf_add_json(out, r.name);
		strbuf_add_lit(out, ",\"state\":");
		strbuf_add_json(out, r.state);
		if (r.pid)
			strbuf_addf(out, ",\"pid\":%ld", r.pid);
		else
			strbuf_add_lit(out, ",\"pid\":null");
		strbuf_add_lit(out, ",\"user\":");
		if (*r.user)
			strbuf_add_json(out, r.user);
		else
			strbuf_add_lit(out, "null");
		strbuf_addf(out, ",\"uptime_seconds\":%llu,\"restarts\":%u,\"last_exit\":",
			    r.uptime_ms / 1000, r.restarts);
		if (*r.last_exit)
			strbuf_add_json(out, r.last_exit);
		else
			strbuf_add_lit(out, "null");
		strbuf_add_lit(out, ",\"plugins\":[");
		for (char *p = r.plugins, *end; *p; p = *end ? end + 1 : end) {
			char name[64];

			end = strchrnul(p, ',');
			snprintf(name, sizeof name, "%.*s", (int)(end - p), p);
			if (p != r.plugins)
				strbuf_add_lit(out, ",");
			strbuf_add_json(out, name);
		}
		strbuf_add_lit(out, "]}");
	}
	strbuf_add_lit(out, "]}\n");
	return not_running;
}
