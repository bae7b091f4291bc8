/* SPDX-License-Identifier: MIT */
/*
 * The control protocol. A client sends one line, "VERB [SERVICE]" (at most
 * REQUEST_MAX bytes with its newline); the supervisor answers with a header
 * line, "ok ..." or "error MESSAGE", then the command's text, and closes.
 * Requests are decoded here, apart from any I/O, so they can be fuzzed.
 */
#ifndef SYSG_REQUEST_H
#define SYSG_REQUEST_H

#include <stddef.h>

#define REQUEST_MAX 512

enum request_verb {
	REQ_STATUS,      /* status [SERVICE]: tab-separated rows */
	REQ_STATUS_JSON, /* status-json [SERVICE]: one JSON document */
	REQ_START,       /* start SERVICE: a stopped service */
	REQ_STOP,        /* stop [SERVICE]: no name stops all and the supervisor */
	REQ_RESTART,     /* restart [SERVICE]: no name re-reads the config */
};

struct request {
	enum request_verb verb;
	char service[65]; /* "" when none */
};

/* Decode one request line (without its newline). Returns 0, or -EINVAL with
 * a message for the client in err (at most errsize bytes). */
int request_parse(const char *line, size_t len, struct request *ret, char *err, size_t errsize);

#endif
