/* SPDX-License-Identifier: MIT */
/*
 * YAML text to a node tree, with libyaml's event parser. Positions are kept
 * for every node. ${VAR} (and ${VAR:-default}) in scalar values expand from
 * the environment at load; "$${" is a literal "${". Aliases are refused: they
 * would make one node appear at many paths (and allow exponential
 * expansion), and configs read better with values written out.
 */
#include "build-config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "node.h"
#include "trust.h"

#define MAX_DEPTH 64
#define MAX_FILE_SIZE (4u << 20)

struct builder {
	const char *file;
	getenv_fn lookup;
	struct sysg_node *stack[MAX_DEPTH];
	char *pending_key[MAX_DEPTH]; /* mappings: key read, value not yet */
	int depth;
	struct sysg_node *root;
};

static int perr(struct sysg_error *err, const char *file, const yaml_mark_t *m, const char *fmt,
		...) SYSG_PRINTF(4, 5);

static int perr(struct sysg_error *err, const char *file, const yaml_mark_t *m, const char *fmt,
		...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return sysg_error_set(err, -EINVAL, "%s:%zu:%zu: %s", file, m->line + 1, m->column + 1, msg);
}

/* Append to a growing buffer; returns -ENOMEM on failure. */
static int buf_add(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap : 64);
		char *b;

		while (c < *len + n + 1)
			c *= 2;
		b = realloc(*buf, c);
		if (!b)
			return -ENOMEM;
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

static int expand(const char *in, getenv_fn lookup, char **ret, const char *file,
		  const yaml_mark_t *m, struct sysg_error *err)
{
	char *out = NULL;
	size_t len = 0, cap = 0;
	const char *p = in;

	if (buf_add(&out, &len, &cap, "", 0) < 0)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	while (*p) {
		const char *d = strstr(p, "${");
		char name[256];
		const char *end, *val, *def = NULL;
		size_t n, deflen = 0;

		if (!d) {
			if (buf_add(&out, &len, &cap, p, strlen(p)) < 0)
				goto oom;
			break;
		}
		if (d > p && d[-1] == '$') {
			/* "$${" is the escape for a literal "${". */
			if (buf_add(&out, &len, &cap, p, (size_t)(d - p) - 1) < 0 ||
			    buf_add(&out, &len, &cap, "${", 2) < 0)
				goto oom;
			p = d + 2;
			continue;
		}
		if (buf_add(&out, &len, &cap, p, (size_t)(d - p)) < 0)
			goto oom;
		end = strchr(d + 2, '}');
		if (!end) {
			free(out);
			return perr(err, file, m, "unterminated '${' in '%s'", in);
		}
		n = (size_t)(end - (d + 2));
		for (size_t i = 0; i + 1 < n; i++)
			if (d[2 + i] == ':' && d[3 + i] == '-') {
				def = d + 4 + i;
				deflen = n - i - 2;
				n = i;
				break;
			}
		if (n == 0 || n >= sizeof name || !(isalpha((unsigned char)d[2]) || d[2] == '_')) {
			free(out);
			return perr(err, file, m, "bad variable reference in '%s'", in);
		}
		memcpy(name, d + 2, n);
		name[n] = '\0';
		for (size_t i = 0; i < n; i++)
			if (!isalnum((unsigned char)name[i]) && name[i] != '_') {
				free(out);
				return perr(err, file, m, "bad variable name in '%s'", in);
			}
		val = lookup(name);
		if (val && *val) {
			if (buf_add(&out, &len, &cap, val, strlen(val)) < 0)
				goto oom;
		} else if (def) {
			if (buf_add(&out, &len, &cap, def, deflen) < 0)
				goto oom;
		} else if (!val) {
			free(out);
			return perr(err, file, m,
				    "environment variable '%s' is not set (write ${%s:-default} for a "
				    "default, or $${ for a literal ${)",
				    name, name);
		}
		p = end + 1;
	}
	*ret = out;
	return 0;
oom:
	free(out);
	return sysg_error_set(err, -ENOMEM, "out of memory");
}

static bool scalar_is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

/* The path for a new node under the current top of the stack. */
static int child_path(struct builder *b, char *buf, size_t size)
{
	struct sysg_node *top;
	int n;

	if (b->depth == 0)
		return snprintf(buf, size, "%s", "") < 0 ? -EINVAL : 0;
	top = b->stack[b->depth - 1];
	if (top->kind == SYSG_NODE_MAPPING)
		n = snprintf(buf, size, "%s%s%s", top->path, *top->path ? "." : "",
			     b->pending_key[b->depth - 1]);
	else
		n = snprintf(buf, size, "%s[%zu]", top->path, top->count);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Attach a finished node to its parent (or make it the root). */
static int attach(struct builder *b, struct sysg_node *node, struct sysg_error *err)
{
	struct sysg_node *top;
	int r;

	if (b->depth == 0) {
		b->root = node;
		return 0;
	}
	top = b->stack[b->depth - 1];
	if (top->kind == SYSG_NODE_MAPPING) {
		r = node_append(top, b->pending_key[b->depth - 1], node);
		if (r == 0)
			b->pending_key[b->depth - 1] = NULL;
	} else {
		r = node_append(top, NULL, node);
	}
	if (r < 0)
		return sysg_error_set(err, r, "out of memory");
	return 0;
}

/* Handle one event; returns 1 at the end of the stream. */
static int on_event(struct builder *b, yaml_event_t *ev, struct sysg_error *err)
{
	const yaml_mark_t *m = &ev->start_mark;
	struct sysg_node *top = b->depth ? b->stack[b->depth - 1] : NULL;
	bool want_key = top && top->kind == SYSG_NODE_MAPPING && !b->pending_key[b->depth - 1];
	char path[1024];
	struct sysg_node *node;
	int r;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (b->root)
			return perr(err, b->file, m, "%s", "only one YAML document is allowed");
		return 0;
	case YAML_ALIAS_EVENT:
		return perr(err, b->file, m,
			    "YAML aliases (*%s) are not supported; write the value out",
			    (const char *)ev->data.alias.anchor);
	case YAML_SCALAR_EVENT:
		if (want_key) {
			char *key = strdup((const char *)ev->data.scalar.value);

			if (!key)
				return sysg_error_set(err, -ENOMEM, "out of memory");
			if (sysg_node_get(top, key)) {
				free(key);
				return perr(err, b->file, m, "duplicate key '%s'",
					    (const char *)ev->data.scalar.value);
			}
			b->pending_key[b->depth - 1] = key;
			return 0;
		}
		if (child_path(b, path, sizeof path) < 0)
			return perr(err, b->file, m, "%s", "key path too long");
		node = node_new(SYSG_NODE_SCALAR, b->file, (unsigned)m->line + 1,
				(unsigned)m->column + 1, path);
		if (!node)
			return sysg_error_set(err, -ENOMEM, "out of memory");
		node->is_null = scalar_is_null(ev);
		r = expand((const char *)ev->data.scalar.value, b->lookup, &node->scalar, b->file, m,
			   err);
		if (r < 0 || (r = attach(b, node, err)) < 0) {
			node_free(node);
			return r;
		}
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (want_key)
			return perr(err, b->file, m, "%s", "a mapping key must be a plain value");
		if (b->depth == MAX_DEPTH)
			return perr(err, b->file, m, "%s", "nesting deeper than 64 levels");
		if (child_path(b, path, sizeof path) < 0)
			return perr(err, b->file, m, "%s", "key path too long");
		node = node_new(ev->type == YAML_MAPPING_START_EVENT ? SYSG_NODE_MAPPING
								     : SYSG_NODE_SEQUENCE,
				b->file, (unsigned)m->line + 1, (unsigned)m->column + 1, path);
		if (!node)
			return sysg_error_set(err, -ENOMEM, "out of memory");
		b->stack[b->depth] = node;
		b->pending_key[b->depth] = NULL;
		b->depth++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		node = b->stack[--b->depth];
		r = attach(b, node, err);
		if (r < 0)
			node_free(node);
		return r;
	case YAML_NO_EVENT:
		break;
	}
	return 0;
}

int document_parse(const char *file, const char *text, size_t len, getenv_fn lookup,
		   struct document **ret, struct sysg_error *err)
{
	struct builder b = {.lookup = lookup};
	yaml_parser_t parser;
	struct document *doc;
	int r = 0;

	doc = calloc(1, sizeof *doc);
	if (!doc || !(doc->file = strdup(file))) {
		free(doc);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	b.file = doc->file;
	if (!yaml_parser_initialize(&parser)) {
		document_free(doc);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (r == 0) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			const yaml_mark_t *m = parser.problem_mark.line || parser.problem_mark.column
						       ? &parser.problem_mark
						       : &parser.context_mark;
			r = sysg_error_set(err, -EINVAL, "%s:%zu:%zu: YAML syntax error: %s%s%s",
					   file, m->line + 1, m->column + 1,
					   parser.problem ? parser.problem : "invalid YAML",
					   parser.context ? " " : "",
					   parser.context ? parser.context : "");
			break;
		}
		r = on_event(&b, &ev, err);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	/* On error, free what the stack still holds. */
	while (b.depth > 0) {
		b.depth--;
		free(b.pending_key[b.depth]);
		node_free(b.stack[b.depth]);
	}
	if (r < 0) {
		node_free(b.root);
		document_free(doc);
		return r;
	}
	if (!b.root || (b.root->kind == SYSG_NODE_SCALAR && b.root->is_null)) {
		node_free(b.root);
		document_free(doc);
		return sysg_error_set(err, -EINVAL, "%s: the file is empty", file);
	}
	doc->root = b.root;
	*ret = doc;
	return 0;
}

static const char *env_lookup(const char *name)
{
	return getenv(name);
}

int document_load(const char *file, bool strict, struct document **ret, struct sysg_error *err)
{
	struct stat st;
	char *text;
	ssize_t n;
	size_t len = 0;
	int fd, r;

	fd = trust_open(file, strict, err);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return sysg_error_set(err, r, "%s: %s", file, strerror(-r));
	}
	if (st.st_size > MAX_FILE_SIZE) {
		close(fd);
		return sysg_error_set(err, -EFBIG, "%s: larger than %u bytes", file, MAX_FILE_SIZE);
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		close(fd);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	while (len < (size_t)st.st_size &&
	       (n = read(fd, text + len, (size_t)st.st_size - len)) != 0) {
		if (n < 0) {
			r = -errno;
			free(text);
			close(fd);
			return sysg_error_set(err, r, "%s: read: %s", file, strerror(-r));
		}
		len += (size_t)n;
	}
	close(fd);
	text[len] = '\0';
	r = document_parse(file, text, len, env_lookup, ret, err);
	free(text);
	return r;
}

void document_free(struct document *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc->file);
	free(doc);
}
