/* SPDX-License-Identifier: MIT */
/* The control socket, client side. */
#ifndef SYSG_CLIENT_H
#define SYSG_CLIENT_H

#include "paths.h"
#include "strbuf.h"

/*
 * Send one request line and read the whole answer into *reply. -ECONNREFUSED
 * (or -ENOENT) when no supervisor answers, with a message saying where sysg
 * looked.
 */
int client_request(const struct paths *p, const char *request, struct strbuf *reply,
		   struct sysg_error *err);

/* The answer's header: true for "ok ...". *body points after the first
 * line, *header_rest after "ok " or "error ". */
bool client_reply_ok(const struct strbuf *reply, const char **header_rest, const char **body);

#endif
