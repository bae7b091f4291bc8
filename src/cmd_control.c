/* SPDX-License-Identifier: MIT */
/* sysg status, stop, restart, and start SERVICE: requests to a running
 * supervisor over its control socket. */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "commands.h"
#include "request.h"
#include "service.h"

/* Exit codes of the control commands. */
enum { OK = 0, NOT_OK = 1, NO_SUPERVISOR = 2 };

static int send_request(const struct cli *cli, const char *request, struct strbuf *reply)
{
	struct paths p;
	struct sysg_error err;
	int r = paths_init(&p, cli->sys, &err);

	if (r == 0)
		r = client_request(&p, request, reply, &err);
	if (r < 0) {
		fprintf(stderr, "sysg: %s\n", err.message);
		return r == -ECONNREFUSED || r == -ENOENT ? NO_SUPERVISOR : NOT_OK;
	}
	return OK;
}

/* Print a one-line answer: "ok TEXT" to stdout, "error TEXT" to stderr. */
static int simple(const struct cli *cli, const char *request)
{
	struct strbuf reply = {0};
	const char *rest, *body;
	int r = send_request(cli, request, &reply);
	bool ok;

	if (r != OK) {
		strbuf_free(&reply);
		return r;
	}
	ok = client_reply_ok(&reply, &rest, &body);
	if (ok)
		printf("%.*s\n", (int)strcspn(rest, "\n"), rest);
	else
		fprintf(stderr, "sysg: %.*s\n", (int)strcspn(rest, "\n"), rest);
	fputs(body, ok ? stdout : stderr);
	strbuf_free(&reply);
	return ok ? OK : NOT_OK;
}

/* At most one service name, no other argument. */
static int one_service(const struct cli *cli, const char *command, bool required,
		       const char **ret)
{
	*ret = NULL;
	for (int i = 0; i < cli->n_args; i++) {
		const char *a = cli->args[i];

		if (a[0] == '-') {
			fprintf(stderr, "sysg: %s: unknown option '%s'\n", command, a);
			return 2;
		}
		if (*ret) {
			fprintf(stderr, "sysg: %s takes one service name, got '%s' too\n", command, a);
			return 2;
		}
		if (!service_name_valid(a)) {
			fprintf(stderr, "sysg: %s: '%s' is not a valid service name\n", command, a);
			return 2;
		}
		*ret = a;
	}
	if (required && !*ret) {
		fprintf(stderr, "sysg: %s needs a service name\n", command);
		return 2;
	}
	return 0;
}

int cmd_stop(const struct cli *cli)
{
	const char *svc;
	char req[128];
	int r = one_service(cli, "stop", false, &svc);

	if (r)
		return r;
	snprintf(req, sizeof req, "stop%s%s", svc ? " " : "", svc ? svc : "");
	return simple(cli, req);
}

int cmd_restart(const struct cli *cli)
{
	const char *svc;
	char req[128];
	int r = one_service(cli, "restart", false, &svc);

	if (r)
		return r;
	snprintf(req, sizeof req, "restart%s%s", svc ? " " : "", svc ? svc : "");
	return simple(cli, req);
}

int cmd_start_service(const struct cli *cli, const char *service)
{
	char req[128];

	snprintf(req, sizeof req, "start %s", service);
	return simple(cli, req);
}

static void format_uptime(const char *seconds, char *buf, size_t size)
{
	unsigned long long s = strtoull(seconds, NULL, 10);

	if (s < 60)
		snprintf(buf, size, "%llus", s);
	else if (s < 3600)
		snprintf(buf, size, "%llum%02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lluh%02llum", s / 3600, s % 3600 / 60);
	else
		snprintf(buf, size, "%llud%02lluh", s / 86400, s % 86400 / 3600);
}

static const char *state_colour(const char *state)
{
	if (!strcmp(state, "running"))
		return "\033[32m";
	if (!strcmp(state, "failed"))
		return "\033[31m";
	if (!strcmp(state, "stopped") || !strcmp(state, "exited"))
		return "";
	return "\033[33m";
}

#define COLUMNS 8

struct status_row {
	char *field[COLUMNS];
	char uptime[32];
};

/* One cell: TEXT in colour ON (or ""), padded to WIDTH and two spaces; the
 * last column (width 0) ends the line. fputs, not printf: a thousand
 * services make eight thousand cells. */
static void put_cell(const char *on, const char *text, size_t width)
{
	static const char spaces[] = "                                ";
	size_t pad = width ? width - strlen(text) + 2 : 0;

	fputs(on, stdout);
	fputs(text, stdout);
	if (*on)
		fputs("\033[0m", stdout);
	if (!width)
		putchar('\n');
	for (; pad; pad -= pad < sizeof spaces - 1 ? pad : sizeof spaces - 1)
		fwrite(spaces, 1, pad < sizeof spaces - 1 ? pad : sizeof spaces - 1, stdout);
}

/* The rows of a status answer as a table, in colour on a terminal. */
static int print_table(char *rows)
{
	static const char *const head[COLUMNS] = {"NAME",   "STATE",     "PID",       "USER",
						  "UPTIME", "RESTARTS", "LAST EXIT", "PLUGINS"};
	size_t width[COLUMNS], n = 0, lines = 0;
	struct status_row *row;
	bool colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") &&
		      !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));

	for (const char *p = rows; *p; p++)
		lines += *p == '\n';
	row = calloc(lines + 1, sizeof *row);
	if (!row)
		return -ENOMEM;
	for (size_t c = 0; c < COLUMNS; c++)
		width[c] = strlen(head[c]);
	for (char *line = strtok(rows, "\n"); line && n < lines; line = strtok(NULL, "\n"), n++) {
		char *save = NULL;

		for (size_t c = 0; c < COLUMNS; c++) {
			char *f = strtok_r(c ? NULL : line, "\t", &save);

			row[n].field[c] = f ? f : "-";
		}
		format_uptime(row[n].field[4], row[n].uptime, sizeof row[n].uptime);
		row[n].field[4] = strcmp(row[n].field[1], "running") ? "-" : row[n].uptime;
		for (size_t c = 0; c < COLUMNS; c++)
			if (strlen(row[n].field[c]) > width[c])
				width[c] = strlen(row[n].field[c]);
	}
	/* 1,000 services make some 60 KB: a write or two rather than one per
	 * 4 KiB (stdio's buffer on a pipe or file; glibc takes a size only
	 * with a buffer). Static: stdout is flushed after main returns. */
	static char out[64 * 1024];

	setvbuf(stdout, out, _IOFBF, sizeof out);
	for (size_t c = 0; c < COLUMNS; c++)
		put_cell("", head[c], c + 1 < COLUMNS ? width[c] : 0);
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < COLUMNS; c++)
			put_cell(colour && c == 1 ? state_colour(row[i].field[1]) : "", row[i].field[c],
				 c + 1 < COLUMNS ? width[c] : 0);
	free(row);
	return 0;
}

int cmd_status(const struct cli *cli)
{
	struct strbuf reply = {0};
	const char *svc = NULL, *rest, *body;
	bool json = false;
	char req[128];
	int r;

	for (int i = 0; i < cli->n_args; i++) {
		const char *a = cli->args[i];

		if (!strcmp(a, "--json") || !strcmp(a, "--format=json")) {
			json = true;
		} else if (!strcmp(a, "--format") || !strncmp(a, "--format=", 9)) {
			const char *f = a[8] == '=' ? a + 9 : (++i < cli->n_args ? cli->args[i] : "");

			if (strcmp(f, "json") && strcmp(f, "table")) {
				fprintf(stderr, "sysg: status: --format is json or table, not '%s'\n", f);
				return 2;
			}
			json = !strcmp(f, "json");
		} else if (a[0] == '-') {
			fprintf(stderr, "sysg: status: unknown option '%s'\n", a);
			return 2;
		} else if (svc || !service_name_valid(a)) {
			fprintf(stderr, "sysg: status: '%s' is not a valid service name, or one too many\n", a);
			return 2;
		} else {
			svc = a;
		}
	}
	snprintf(req, sizeof req, "%s%s%s", json ? "status-json" : "status", svc ? " " : "",
		 svc ? svc : "");
	r = send_request(cli, req, &reply);
	if (r != OK) {
		strbuf_free(&reply);
		return r;
	}
	if (!client_reply_ok(&reply, &rest, &body)) {
		fprintf(stderr, "sysg: %.*s\n", (int)strcspn(rest, "\n"), rest);
		strbuf_free(&reply);
		return NOT_OK;
	}
	if (json)
		fputs(body, stdout);
	else if (print_table((char *)body) < 0)
		fprintf(stderr, "sysg: out of memory\n");
	/* The header says how many are not running. */
	r = strtoul(rest, NULL, 10) == 0 ? OK : NOT_OK;
	strbuf_free(&reply);
	return r;
}
