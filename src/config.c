/* SPDX-License-Identifier: MIT */
/*
 * The config file: top-level structure, the plugins section, and each
 * service's keys dispatched to the core or the plugin that owns them.
 *
 * Fail closed: a key that no loaded plugin owns is an error, never ignored,
 * so a service never runs without a protection its config asks for. Errors
 * are all reported (not just the first) so `sysg validate` lists them at once.
 */
#include "build-config.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "env.h"
#include "hooks.h"
#include "log.h"
#include "strbuf.h"

static void config_free(struct config *cfg);

static const char *const top_keys[] = {"version", "plugins", "services", NULL};

struct loader {
	struct config *cfg;
};

unsigned config_report(struct config *cfg, const struct sysg_error *e)
{
	log_error("%s", e->message);
	if (cfg->opts.errors)
		strbuf_addf(cfg->opts.errors, "%s\n", e->message);
	cfg->errors++;
	return 1;
}

static void report(struct loader *l, const struct sysg_error *e)
{
	config_report(l->cfg, e);
}

const char *config_default_file(void)
{
	if (access("sysg.yaml", F_OK) == 0)
		return "sysg.yaml";
	if (access("systemg.yaml", F_OK) == 0)
		return "systemg.yaml";
	return "sysg.yaml";
}

struct sysg_service *config_service(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_services; i++)
		if (strcmp(cfg->services[i]->name, name) == 0)
			return cfg->services[i];
	return NULL;
}

/* Call fn for every key path sysg knows: the loaded plugins' (the core's
 * among them) and the shipped plugins' (loaded or not); stop when it returns
 * true. */
static bool for_each_key(const struct config *cfg, bool (*fn)(const char *key, void *ctx),
			 void *ctx)
{
	/* The core's keys first: "expected one of" reads best that way. */
	for (const char *const *k = core_keys; *k; k++)
		if (fn(*k, ctx))
			return true;
	for (size_t i = 0; i < cfg->plugins.count; i++)
		for (const char *const *k = cfg->plugins.items[i]->api.keys; k && *k; k++)
			if (strcmp(cfg->plugins.items[i]->api.name, "core") && fn(*k, ctx))
				return true;
	for (size_t i = 0; known_plugin_keys[i][0]; i++)
		if (fn(known_plugin_keys[i][0], ctx))
			return true;
	return false;
}

/* Does `key` lie below the path `ctx` (so that path is a container)? */
static bool key_below(const char *key, void *ctx)
{
	size_t len = strlen(ctx);

	return !strncmp(key, ctx, len) && key[len] == '.';
}

struct expected {
	const char *prefix;
	char *buf;
	size_t size, len;
};

/* Add the component of `key` directly below e->prefix to the list, once. */
static bool add_expected(const char *key, void *ctx)
{
	struct expected *e = ctx;
	size_t plen = strlen(e->prefix), n;
	char name[128];
	const char *p;

	if (plen && (strncmp(key, e->prefix, plen) || key[plen] != '.'))
		return false;
	key += plen ? plen + 1 : 0;
	n = strcspn(key, ".");
	snprintf(name, sizeof name, "%.*s", (int)n, key);
	for (p = e->buf; (p = strstr(p, name)); p += n)
		if ((p == e->buf || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return false;
	if (e->len < e->size)
		e->len += (size_t)snprintf(e->buf + e->len, e->size - e->len, "%s%s",
					   e->len ? ", " : "", name);
	return false;
}

/*
 * Check every key of a service (recursively through containers such as
 * `limits` and `isolation`) against the owners, and mark which plugins are
 * used. Reports each problem; returns the number found.
 */
static unsigned walk_keys(struct loader *l, const struct sysg_node *map, const char *prefix,
			  bool *used)
{
	struct config *cfg = l->cfg;
	unsigned bad = 0;

	for (size_t i = 0; i < sysg_node_count(map); i++) {
		const char *key = sysg_node_key_at(map, i);
		const struct sysg_node *val = sysg_node_at(map, i);
		struct sysg_error e;
		struct plugin *owner;
		const char *needs;
		char path[512];

		snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", key);
		owner = plugin_key_owner(&cfg->plugins, path);
		if (owner) {
			for (size_t p = 0; p < cfg->plugins.count; p++)
				if (cfg->plugins.items[p] == owner)
					used[p] = true;
			continue;
		}
		needs = known_key_plugin(path);
		if (needs) {
			char where[4096];

			if (plugin_locate(&cfg->plugins, needs, where, sizeof where))
				sysg_node_error(&e, val, -ENOPKG,
						"needs plugin '%s' (%s), which plugins.load leaves out; "
						"the service cannot run without it",
						needs, where);
			else {
				char package[128];
				const char *pkg = known_plugin_package(needs, package,
								       sizeof package);

				sysg_node_error(&e, val, -ENOPKG,
						"needs plugin '%s', which is not installed (searched: "
						"%s); the service cannot run without it%s%s%s",
						needs, where, pkg ? " (install the package " : "",
						pkg ? pkg : "", pkg ? ")" : "");
			}
			report(l, &e);
			bad++;
			continue;
		}
		if (for_each_key(cfg, key_below, (void *)path)) {
			if (sysg_node_kind(val) != SYSG_NODE_MAPPING) {
				sysg_node_error(&e, val, -EINVAL, "expected a mapping");
				report(l, &e);
				bad++;
				continue;
			}
			bad += walk_keys(l, val, path, used);
			continue;
		}
		{
			char expected[1024] = "";
			struct expected ex = {prefix, expected, sizeof expected, 0};

			for_each_key(cfg, add_expected, &ex);
			sysg_node_error(&e, val, -EINVAL, "unknown key '%s' (expected one of: %s)", key,
					expected);
			report(l, &e);
			bad++;
		}
	}
	return bad;
}

static void service_free(struct config *cfg, struct sysg_service *svc)
{
	if (!svc)
		return;
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		if (p->api.release)
			p->api.release(p->state, svc->plugins[i].svc_state);
	}
	free(svc->plugins);
	free(svc->hooks);
	free(svc->name);
	free(svc->fingerprint);
	sysg_strv_free(svc->argv);
	free(svc->command);
	free(svc->exec_path);
	env_strv_free(svc->envp);
	free(svc->groups);
	free(svc->user);
	free(svc->working_dir);
	sysg_strv_free(svc->depends_on);
	free(svc);
	(void)cfg;
}

/* Configure one service: the core first (credentials and environment, which
 * plugins may ask about), then every plugin whose keys it uses. */
static int load_service(struct loader *l, const char *name, const struct sysg_node *node)
{
	struct config *cfg = l->cfg;
	struct sysg_service *svc, **services;
	struct sysg_error e;
	bool *used;
	unsigned bad;

	if (!service_name_valid(name)) {
		sysg_node_error(&e, node, -EINVAL,
				"service name '%s' must be 1-64 characters of letters, digits, "
				"'-', '_', '.' and '@', not starting with '.' or '-'",
				name);
		report(l, &e);
		return -EINVAL;
	}
	if (sysg_node_kind(node) != SYSG_NODE_MAPPING) {
		sysg_node_error(&e, node, -EINVAL, "a service must be a mapping of keys (command, ...)");
		report(l, &e);
		return -EINVAL;
	}
	used = calloc(cfg->plugins.count, sizeof *used);
	svc = calloc(1, sizeof *svc);
	services = realloc(cfg->services, (cfg->n_services + 1) * sizeof *services);
	if (services)
		cfg->services = services;
	if (!used || !svc || !services || !(svc->name = strdup(name)) ||
	    !(svc->plugins = calloc(cfg->plugins.count, sizeof *svc->plugins))) {
		free(used);
		service_free(cfg, svc);
		sysg_error_set(&e, -ENOMEM, "out of memory");
		report(l, &e);
		return -ENOMEM;
	}
	svc->node = node;
	cfg->services[cfg->n_services++] = svc;

	bad = walk_keys(l, node, "", used);
	/* The core first: plugins read the credentials it resolves. It reports
	 * each of its errors itself, so that all of them are listed. */
	bad += core_configure_service(cfg, svc);
	svc->plugins[svc->n_plugins].plugin = plugin_find(&cfg->plugins, "core");
	svc->plugins[svc->n_plugins++].svc_state = svc;
	if (!bad)
		for (size_t i = 0; i < cfg->plugins.count; i++) {
			struct plugin *p = cfg->plugins.items[i];
			void *svc_state = NULL;
			int r;

			if (!strcmp(p->api.name, "core"))
				continue;
			if (!used[i] && !(p->api.flags & SYSG_PLUGIN_ALL_SERVICES))
				continue;
			e.code = 0;
			e.message[0] = '\0';
			r = p->api.configure(p->state, svc, node, &svc_state, &e);
			if (r < 0) {
				if (!e.message[0])
					sysg_node_error(&e, node, r, "plugin %s refused the service",
							p->api.name);
				report(l, &e);
				bad++;
				continue;
			}
			svc->plugins[svc->n_plugins].plugin = p;
			svc->plugins[svc->n_plugins++].svc_state = svc_state;
		}
	free(used);
	if (bad)
		return -EINVAL;
	if (hooks_bind(svc, &e) < 0) {
		report(l, &e);
		return -EINVAL;
	}
	{
		struct strbuf fp = {0};

		node_canonical(node, &fp);
		strbuf_add(&fp, "\n", 1);
		node_canonical(sysg_node_get(cfg->doc->root, "plugins"), &fp);
		if (fp.failed) {
			strbuf_free(&fp);
			sysg_error_set(&e, -ENOMEM, "out of memory");
			report(l, &e);
			return -ENOMEM;
		}
		svc->fingerprint = fp.s;
	}
	return 0;
}

/* depends_on: every name exists, and there is no cycle. */
static void check_dependencies(struct loader *l)
{
	struct config *cfg = l->cfg;
	size_t n = cfg->n_services;
	/* 0 unvisited, 1 on the current path, 2 done */
	unsigned char *mark = calloc(n ? n : 1, 1);
	size_t *stack = calloc(n ? n : 1, sizeof *stack), *next = calloc(n ? n : 1, sizeof *next);
	struct sysg_error e;

	if (!mark || !stack || !next) {
		sysg_error_set(&e, -ENOMEM, "out of memory");
		report(l, &e);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		for (char **d = cfg->services[i]->depends_on; d && *d; d++)
			if (!config_service(cfg, *d)) {
				sysg_node_error(&e, sysg_node_get(cfg->services[i]->node, "depends_on"),
						-EINVAL, "service '%s' depends on '%s', which is not defined",
						cfg->services[i]->name, *d);
				report(l, &e);
			}
	/* Iterative depth-first search: a config may hold many services. */
	for (size_t root = 0; root < n; root++) {
		size_t depth = 0;

		if (mark[root])
			continue;
		stack[depth++] = root;
		mark[root] = 1;
		next[root] = 0;
		while (depth) {
			size_t cur = stack[depth - 1];
			char **deps = cfg->services[cur]->depends_on;
			struct sysg_service *dep;
			size_t di;

			if (!deps || !deps[next[cur]]) {
				mark[cur] = 2;
				depth--;
				continue;
			}
			dep = config_service(cfg, deps[next[cur]++]);
			if (!dep)
				continue;
			for (di = 0; cfg->services[di] != dep; di++)
				;
			if (mark[di] == 1) {
				char chain[1024];
				size_t len = 0, from = 0;

				while (stack[from] != di)
					from++;
				for (size_t s = from; s < depth && len < sizeof chain; s++)
					len += (size_t)snprintf(chain + len, sizeof chain - len, "%s -> ",
								cfg->services[stack[s]]->name);
				if (len < sizeof chain)
					snprintf(chain + len, sizeof chain - len, "%s", dep->name);
				sysg_node_error(&e, sysg_node_get(cfg->services[cur]->node, "depends_on"),
						-ELOOP, "dependency cycle: %s", chain);
				report(l, &e);
				continue;
			}
			if (mark[di] == 0) {
				mark[di] = 1;
				next[di] = 0;
				stack[depth++] = di;
			}
		}
	}
out:
	free(mark);
	free(stack);
	free(next);
}

/* plugins: { path: [...], load: [...], NAME: {settings} } */
static int load_plugins(struct loader *l, const struct sysg_node *section)
{
	struct config *cfg = l->cfg;
	char **path = NULL, **only = NULL;
	struct sysg_error e;
	int r = 0;

	if (section && sysg_node_kind(section) != SYSG_NODE_MAPPING) {
		sysg_node_error(&e, section, -EINVAL, "expected a mapping (path, load, or a plugin's name)");
		report(l, &e);
		return -EINVAL;
	}
	if (sysg_node_get(section, "path")) {
		r = sysg_node_string_list(sysg_node_get(section, "path"), &path, &e);
		/* Relative directories are relative to the config file. */
		for (char **p = path; r == 0 && p && *p; p++)
			if (**p != '/') {
				char *abs;

				if (asprintf(&abs, "%s/%s", cfg->dir, *p) < 0) {
					r = sysg_error_set(&e, -ENOMEM, "out of memory");
					break;
				}
				free(*p);
				*p = abs;
			}
	}
	if (r == 0 && sysg_node_get(section, "load"))
		r = sysg_node_string_list(sysg_node_get(section, "load"), &only, &e);
	if (r == 0)
		r = plugin_search_dirs(path, &cfg->plugins, &e);
	if (r == 0)
		r = plugin_load_all(&cfg->plugins, only, &e);
	sysg_strv_free(path);
	sysg_strv_free(only);
	if (r < 0) {
		report(l, &e);
		return r;
	}
	/* Settings: each remaining key names a loaded plugin. */
	for (size_t i = 0; i < sysg_node_count(section); i++) {
		const char *key = sysg_node_key_at(section, i);
		struct plugin *p;

		if (!strcmp(key, "path") || !strcmp(key, "load"))
			continue;
		p = plugin_find(&cfg->plugins, key);
		if (!p || !strcmp(key, "core")) {
			sysg_node_error(&e, sysg_node_at(section, i), -EINVAL,
					"settings for plugin '%s', which is not loaded (plugins takes "
					"path, load, and the names of loaded plugins)",
					key);
			report(l, &e);
			r = -EINVAL;
		} else if (!p->api.init) {
			sysg_node_error(&e, sysg_node_at(section, i), -EINVAL,
					"plugin '%s' takes no settings", key);
			report(l, &e);
			r = -EINVAL;
		}
	}
	if (r < 0)
		return r;
	for (size_t i = 0; i < cfg->plugins.count; i++) {
		struct plugin *p = cfg->plugins.items[i];

		if (!p->api.init)
			continue;
		e.message[0] = '\0';
		r = p->api.init(sysg_node_get(section, p->api.name), &p->state, &e);
		if (r < 0) {
			if (!e.message[0])
				sysg_error_set(&e, r, "%s: plugin %s failed to start", p->file, p->api.name);
			report(l, &e);
			return r;
		}
		p->initialized = true;
	}
	return 0;
}

int config_load(const char *file, const struct config_options *opts, bool only_plugins,
		struct config **ret)
{
	struct config *cfg = calloc(1, sizeof *cfg);
	struct loader l = {.cfg = cfg};
	const struct sysg_node *root, *version, *services;
	struct sysg_error e;
	char *copy;
	int r;

	*ret = NULL;
	if (!file) {
		/* No config file: only the plugins of the default search path. */
		if (!cfg || !(cfg->file = strdup("(none)")) || !(cfg->dir = getcwd(NULL, 0)) ||
		    load_plugins(&l, NULL) < 0 || !only_plugins) {
			config_free(cfg);
			return -EINVAL;
		}
		cfg->refs = 1;
		*ret = cfg;
		return 0;
	}
	if (!cfg || !(cfg->file = strdup(file)) || !(copy = strdup(file))) {
		if (cfg)
			free(cfg->file);
		free(cfg);
		log_error("out of memory");
		return -ENOMEM;
	}
	cfg->dir = realpath(dirname(copy), NULL);
	free(copy);
	cfg->path = realpath(file, NULL);
	if (opts)
		cfg->opts = *opts;
	r = document_load(file, cfg->opts.sys, &cfg->doc, &e);
	if (r < 0) {
		report(&l, &e);
		goto fail;
	}
	if (!cfg->dir || !cfg->path) {
		sysg_error_set(&e, -errno, "%s: cannot resolve its path: %s", file, strerror(errno));
		report(&l, &e);
		goto fail;
	}
	root = cfg->doc->root;
	r = sysg_node_check_keys(root, top_keys, &e);
	if (r < 0) {
		report(&l, &e);
		goto fail;
	}
	version = sysg_node_get(root, "version");
	if (version) {
		const char *v = NULL;

		if (sysg_node_string(version, &v, &e) < 0 ||
		    (strcmp(v, "1") && strcmp(v, "2") && strcmp(v, "3"))) {
			sysg_node_error(&e, version, -EINVAL, "unsupported version '%s' (sysg reads 1, 2 and 3)",
					v ? v : "");
			report(&l, &e);
		}
	}
	if (load_plugins(&l, sysg_node_get(root, "plugins")) < 0)
		goto fail;
	if (only_plugins)
		goto done;
	services = sysg_node_get(root, "services");
	if (!services || sysg_node_kind(services) != SYSG_NODE_MAPPING || !sysg_node_count(services)) {
		sysg_node_error(&e, services ? services : root, -EINVAL,
				"expected 'services:' with at least one service");
		report(&l, &e);
		goto fail;
	}
	for (size_t i = 0; i < sysg_node_count(services); i++)
		load_service(&l, sysg_node_key_at(services, i), sysg_node_at(services, i));
	check_dependencies(&l);
done:
	if (cfg->errors)
		goto fail;
	cfg->refs = 1;
	*ret = cfg;
	return 0;
fail:
	config_free(cfg);
	return -EINVAL;
}

struct config *config_ref(struct config *cfg)
{
	if (cfg)
		cfg->refs++;
	return cfg;
}

void config_unref(struct config *cfg)
{
	if (cfg && --cfg->refs == 0)
		config_free(cfg);
}

static void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->n_services; i++)
		service_free(cfg, cfg->services[i]);
	free(cfg->services);
	plugin_set_free(&cfg->plugins);
	document_free(cfg->doc);
	free(cfg->file);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}
