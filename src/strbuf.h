/* SPDX-License-Identifier: MIT */
/* A growable text buffer, for replies and messages built in the parent. */
#ifndef SYSG_STRBUF_H
#define SYSG_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "sysg/plugin.h"

struct strbuf {
	char *s;
	size_t len, cap;
	bool failed; /* an allocation failed: the text is incomplete */
};

void strbuf_add(struct strbuf *b, const char *s, size_t n);
/* A string literal, its length counted by the compiler. */
#define strbuf_add_lit(b, lit) strbuf_add((b), "" lit, sizeof(lit) - 1)
void strbuf_addf(struct strbuf *b, const char *fmt, ...) SYSG_PRINTF(2, 3);
/* A JSON string literal, quotes included. */
void strbuf_add_json(struct strbuf *b, const char *s);
void strbuf_reset(struct strbuf *b);
void strbuf_free(struct strbuf *b);

#endif
