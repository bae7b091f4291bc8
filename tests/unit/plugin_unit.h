/* What the plugin unit suites share: configure one service of a small YAML
 * document through the plugin's own entry point (as the core does at config
 * load), and check the plugin's descriptor against the known-keys table. */
#ifndef SYSG_TESTS_PLUGIN_UNIT_H
#define SYSG_TESTS_PLUGIN_UNIT_H

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "node.h"
#include "service.h"
#include "testutil.h"

static inline const char *plugin_unit_no_env(const char *name)
{
	(void)name;
	return NULL;
}

/* Parse "services:\n  s:\n" followed by body (the service's lines) as FILE,
 * and configure service s with state. *doc and *svc stay with the caller
 * (error positions and svc_state may point into them): free *doc with
 * document_free. */
static inline int plugin_unit_configure(const char *file, const char *body, void *state,
					struct document **doc, struct sysg_service *svc,
					void **ret, struct sysg_error *err)
{
	char text[2048];

	snprintf(text, sizeof text, "services:\n  s:\n%s", body);
	*doc = NULL;
	ck_assert_msg(document_parse(file, text, strlen(text), plugin_unit_no_env, doc, err) == 0,
		      "parse failed: %s", err->message);
	memset(svc, 0, sizeof *svc);
	svc->name = "s";
	svc->node = sysg_node_get_path((*doc)->root, "services.s");
	err->message[0] = '\0';
	*ret = NULL;
	return sysg_plugin_entry()->configure(state, svc, svc->node, ret, err);
}

/* A plugin owning one key with one hook at priority. */
static inline void plugin_unit_descriptor(const char *name, const char *key, int priority)
{
	const struct sysg_plugin *p = sysg_plugin_entry();

	ck_assert_str_eq(p->name, name);
	ck_assert_str_eq(p->keys[0], key);
	ck_assert_ptr_null(p->keys[1]);
	ck_assert_str_eq(known_key_plugin(key), name);
	ck_assert_int_eq(p->hooks[0].priority, priority);
	ck_assert_ptr_null(p->hooks[1].fn);
}

#endif
