/* SPDX-License-Identifier: MIT */
/* The config node tree (the SDK's struct sysg_node), core side. */
#ifndef SYSG_NODE_H
#define SYSG_NODE_H

#include "sysg/plugin.h"

struct sysg_node {
	enum sysg_node_kind kind;
	bool is_null;        /* plain scalar "", "~" or "null" */
	unsigned line, column;
	const char *file;    /* owned by the document */
	char *path;          /* dotted path from the root: "services.web.user" */
	char *scalar;        /* scalars: the value after ${VAR} expansion */
	size_t count, cap;
	char **keys;         /* mappings: keys[i] names items[i] */
	struct sysg_node **items;
};

/* A parsed file: the root node and the file name every node points at. */
struct document {
	char *file;
	struct sysg_node *root;
};

/* Parse YAML bytes (of `file`, for positions) into a document. On error,
 * err holds "file:line:col: message". Environment lookups go through
 * getenv_fn so tests can supply their own. */
typedef const char *(*getenv_fn)(const char *name);
int document_parse(const char *file, const char *text, size_t len, getenv_fn lookup,
		   struct document **ret, struct sysg_error *err);
/* Read and parse a file; strict (system mode): see trust_open. */
int document_load(const char *file, bool strict, struct document **ret, struct sysg_error *err);
void document_free(struct document *doc);

struct sysg_node *node_new(enum sysg_node_kind kind, const char *file, unsigned line,
			   unsigned column, const char *path);
int node_append(struct sysg_node *parent, char *key, struct sysg_node *child);
void node_free(struct sysg_node *node);

/* Parsers shared by the node readers and the command line. */
int parse_size(const char *s, uint64_t *ret);
int parse_duration_ms(const char *s, uint64_t *ret);
int parse_bool(const char *s, bool *ret);
int parse_int(const char *s, long long *ret);

/* The node as canonical text (values after ${VAR} expansion, no positions):
 * equal text, equal config. */
struct strbuf;
void node_canonical(const struct sysg_node *node, struct strbuf *out);

/* Warnings from configure steps, collected so `sysg validate` prints them. */
extern unsigned node_warning_count;
/* Print sysg_node_note explanations at the info level (sysg validate). */
extern bool node_notes_shown;

#endif
