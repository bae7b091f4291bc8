/* SPDX-License-Identifier: MIT */
/* The node tree and the SDK's typed readers. Every error names the node's
 * file:line:column and dotted path, so the operator can find it. */
#include "build-config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "node.h"
#include "strbuf.h"

unsigned node_warning_count;
bool node_notes_shown;

struct sysg_node *node_new(enum sysg_node_kind kind, const char *file, unsigned line,
			   unsigned column, const char *path)
{
	struct sysg_node *n = calloc(1, sizeof *n);

	if (!n)
		return NULL;
	n->kind = kind;
	n->file = file;
	n->line = line;
	n->column = column;
	n->path = strdup(path);
	if (!n->path) {
		free(n);
		return NULL;
	}
	return n;
}

int node_append(struct sysg_node *parent, char *key, struct sysg_node *child)
{
	if (parent->count == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 4;
		struct sysg_node **items = realloc(parent->items, cap * sizeof *items);
		char **keys;

		if (!items)
			return -ENOMEM;
		parent->items = items;
		if (parent->kind == SYSG_NODE_MAPPING) {
			keys = realloc(parent->keys, cap * sizeof *keys);
			if (!keys)
				return -ENOMEM;
			parent->keys = keys;
		}
		parent->cap = cap;
	}
	if (parent->kind == SYSG_NODE_MAPPING)
		parent->keys[parent->count] = key;
	parent->items[parent->count++] = child;
	return 0;
}

void node_free(struct sysg_node *node)
{
	if (!node)
		return;
	for (size_t i = 0; i < node->count; i++) {
		node_free(node->items[i]);
		if (node->keys)
			free(node->keys[i]);
	}
	free(node->items);
	free(node->keys);
	free(node->scalar);
	free(node->path);
	free(node);
}

enum sysg_node_kind sysg_node_kind(const struct sysg_node *node)
{
	return node ? node->kind : 0;
}

const char *sysg_node_path(const struct sysg_node *node)
{
	return node ? node->path : NULL;
}

const char *sysg_node_file(const struct sysg_node *node)
{
	return node ? node->file : NULL;
}

unsigned sysg_node_line(const struct sysg_node *node)
{
	return node ? node->line : 0;
}

unsigned sysg_node_column(const struct sysg_node *node)
{
	return node ? node->column : 0;
}

size_t sysg_node_count(const struct sysg_node *node)
{
	return node && node->kind != SYSG_NODE_SCALAR ? node->count : 0;
}

const struct sysg_node *sysg_node_at(const struct sysg_node *node, size_t i)
{
	return node && i < sysg_node_count(node) ? node->items[i] : NULL;
}

const char *sysg_node_key_at(const struct sysg_node *node, size_t i)
{
	return node && node->kind == SYSG_NODE_MAPPING && i < node->count ? node->keys[i] : NULL;
}

const struct sysg_node *sysg_node_get(const struct sysg_node *map, const char *key)
{
	if (!map || map->kind != SYSG_NODE_MAPPING || !key)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

const struct sysg_node *sysg_node_get_path(const struct sysg_node *map, const char *path)
{
	char part[256];

	while (map && path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		map = sysg_node_get(map, part);
		path = dot ? dot + 1 : NULL;
	}
	return map;
}

static int node_verror(struct sysg_error *err, const struct sysg_node *node, int code,
		       const char *fmt, va_list ap)
{
	char msg[SYSG_ERROR_MAX];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (!node)
		return sysg_error_set(err, code, "%s", msg);
	return sysg_error_set(err, code, "%s:%u:%u: %s: %s", node->file, node->line, node->column,
			      node->path, msg);
}

int sysg_node_error(struct sysg_error *err, const struct sysg_node *node, int code,
		    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = node_verror(err, node, code, fmt, ap);
	va_end(ap);
	return r;
}

void sysg_node_warn(const struct sysg_node *node, const char *fmt, ...)
{
	struct sysg_error e;
	va_list ap;

	va_start(ap, fmt);
	node_verror(&e, node, 0, fmt, ap);
	va_end(ap);
	node_warning_count++;
	log_warn("%s", e.message);
}

void sysg_node_note(const struct sysg_node *node, const char *fmt, ...)
{
	struct sysg_error e;
	va_list ap;

	va_start(ap, fmt);
	node_verror(&e, node, 0, fmt, ap);
	va_end(ap);
	log_msg(node_notes_shown ? LOG_LEVEL_INFO : LOG_LEVEL_DEBUG, "%s", e.message);
}

static const char *kind_name(enum sysg_node_kind kind)
{
	switch (kind) {
	case SYSG_NODE_SCALAR:
		return "a value";
	case SYSG_NODE_SEQUENCE:
		return "a list";
	case SYSG_NODE_MAPPING:
		return "a mapping";
	}
	return "nothing";
}

/* The scalar of a node, or an error saying what was expected instead. */
static int want_scalar(const struct sysg_node *node, const char *what, const char **ret,
		       struct sysg_error *err)
{
	if (!node)
		return sysg_error_set(err, -ENOENT, "missing %s", what);
	if (node->kind != SYSG_NODE_SCALAR)
		return sysg_node_error(err, node, -EINVAL, "expected %s, got %s", what,
				       kind_name(node->kind));
	if (node->is_null)
		return sysg_node_error(err, node, -EINVAL, "expected %s, got no value", what);
	*ret = node->scalar;
	return 0;
}

int sysg_node_check_keys(const struct sysg_node *map, const char *const *allowed,
			 struct sysg_error *err)
{
	if (!map || map->kind != SYSG_NODE_MAPPING)
		return sysg_node_error(err, map, -EINVAL, "expected a mapping, got %s",
				       kind_name(map ? map->kind : 0));
	for (size_t i = 0; i < map->count; i++) {
		char expected[512] = "";
		size_t len = 0;
		bool known = false;

		for (const char *const *a = allowed; *a; a++) {
			if (strcmp(*a, map->keys[i]) == 0)
				known = true;
			if (len < sizeof expected)
				len += (size_t)snprintf(expected + len, sizeof expected - len, "%s%s",
							a == allowed ? "" : ", ", *a);
		}
		if (!known)
			return sysg_node_error(err, map->items[i], -EINVAL,
					       "unknown key '%s' (expected one of: %s)", map->keys[i],
					       expected);
	}
	return 0;
}

int sysg_node_string(const struct sysg_node *node, const char **ret, struct sysg_error *err)
{
	return want_scalar(node, "a string", ret, err);
}

int sysg_node_bool(const struct sysg_node *node, bool *ret, struct sysg_error *err)
{
	const char *s = NULL;
	bool v;
	int r = want_scalar(node, "true or false", &s, err);

	if (r < 0)
		return r;
	if (parse_bool(s, &v) < 0)
		return sysg_node_error(err, node, -EINVAL, "expected true or false, got '%s'", s);
	*ret = v;
	return 0;
}

int sysg_node_int(const struct sysg_node *node, long long min, long long max, long long *ret,
		  struct sysg_error *err)
{
	const char *s = NULL;
	long long v;
	int r = want_scalar(node, "an integer", &s, err);

	if (r < 0)
		return r;
	r = parse_int(s, &v);
	if (r < 0 || v < min || v > max)
		return sysg_node_error(err, node, -EINVAL,
				       "expected an integer from %lld to %lld, got '%s'", min, max,
				       s);
	*ret = v;
	return 0;
}

int sysg_node_size(const struct sysg_node *node, uint64_t *ret, struct sysg_error *err)
{
	const char *s = NULL;
	uint64_t v;
	int r = want_scalar(node, "a size", &s, err);

	if (r < 0)
		return r;
	r = parse_size(s, &v);
	if (r == -ERANGE)
		return sysg_node_error(err, node, r, "size '%s' is too large", s);
	if (r < 0)
		return sysg_node_error(err, node, r,
				       "expected a size (a number of bytes, optionally with K, M, "
				       "G or T, or 'unlimited'), got '%s'",
				       s);
	*ret = v;
	return 0;
}

int sysg_node_duration_ms(const struct sysg_node *node, uint64_t *ret, struct sysg_error *err)
{
	const char *s = NULL;
	uint64_t v;
	int r = want_scalar(node, "a duration", &s, err);

	if (r < 0)
		return r;
	r = parse_duration_ms(s, &v);
	if (r < 0)
		return sysg_node_error(err, node, r,
				       "expected a duration (e.g. 500ms, 10s, 5m, 1h), got '%s'", s);
	*ret = v;
	return 0;
}

void sysg_strv_free(char **strv)
{
	if (!strv)
		return;
	for (char **p = strv; *p; p++)
		free(*p);
	free(strv);
}

int sysg_node_string_list(const struct sysg_node *node, char ***ret, struct sysg_error *err)
{
	size_t n;
	char **v;
	int r;

	if (!node)
		return sysg_error_set(err, -ENOENT, "missing list");
	if (node->kind == SYSG_NODE_MAPPING)
		return sysg_node_error(err, node, -EINVAL, "expected a list, got a mapping");
	n = node->kind == SYSG_NODE_SEQUENCE ? node->count : 1;
	v = calloc(n + 1, sizeof *v);
	if (!v)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct sysg_node *item = node->kind == SYSG_NODE_SEQUENCE ? node->items[i] : node;
		const char *s = NULL;

		r = want_scalar(item, "a string", &s, err);
		if (r < 0)
			goto fail;
		v[i] = strdup(s);
		if (!v[i]) {
			r = sysg_error_set(err, -ENOMEM, "out of memory");
			goto fail;
		}
	}
	*ret = v;
	return 0;
fail:
	sysg_strv_free(v);
	return r;
}

void node_canonical(const struct sysg_node *node, struct strbuf *out)
{
	if (!node) {
		strbuf_add(out, "~", 1);
		return;
	}
	switch (node->kind) {
	case SYSG_NODE_SCALAR:
		if (node->is_null)
			strbuf_add(out, "~", 1);
		else
			strbuf_add_json(out, node->scalar);
		break;
	case SYSG_NODE_SEQUENCE:
	case SYSG_NODE_MAPPING:
		strbuf_add(out, node->kind == SYSG_NODE_MAPPING ? "{" : "[", 1);
		for (size_t i = 0; i < node->count; i++) {
			if (i)
				strbuf_add(out, ",", 1);
			if (node->kind == SYSG_NODE_MAPPING) {
				strbuf_add_json(out, node->keys[i]);
				strbuf_add(out, ":", 1);
			}
			node_canonical(node->items[i], out);
		}
		strbuf_add(out, node->kind == SYSG_NODE_MAPPING ? "}" : "]", 1);
		break;
	}
}
