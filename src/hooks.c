/* SPDX-License-Identifier: MIT */
/*
 * Ordering pre-exec hooks. Lower priority runs first; at equal priority the
 * plugin names decide, then the order within a plugin's array, so the order
 * never depends on load order or on the filesystem, and `sysg plugins` shows
 * exactly what a child will do.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "hooks.h"

static int compare(const struct bound_hook *a, const struct bound_hook *b)
{
	int c;

	if (a->hook->priority != b->hook->priority)
		return a->hook->priority < b->hook->priority ? -1 : 1;
	c = strcmp(a->plugin->api.name, b->plugin->api.name);
	if (c)
		return c;
	/* Same plugin: its own array order. */
	return a->hook < b->hook ? -1 : a->hook > b->hook;
}

/* Insertion sort: stable, and the lists are short (a dozen hooks). */
static void sort_hooks(struct bound_hook *h, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct bound_hook cur = h[i];
		size_t j = i;

		while (j > 0 && compare(&h[j - 1], &cur) > 0) {
			h[j] = h[j - 1];
			j--;
		}
		h[j] = cur;
	}
}

static size_t count_hooks(const struct plugin *p)
{
	size_t n = 0;

	for (const struct sysg_hook *h = p->api.hooks; h && h->fn; h++)
		n++;
	return n;
}

int hooks_bind(struct sysg_service *svc, struct sysg_error *err)
{
	size_t n = 0;

	for (size_t i = 0; i < svc->n_plugins; i++)
		n += count_hooks(svc->plugins[i].plugin);
	free(svc->hooks);
	svc->hooks = calloc(n ? n : 1, sizeof *svc->hooks);
	if (!svc->hooks)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	svc->n_hooks = 0;
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		for (const struct sysg_hook *h = p->api.hooks; h && h->fn; h++)
			svc->hooks[svc->n_hooks++] = (struct bound_hook){
				.hook = h, .plugin = p, .svc_state = svc->plugins[i].svc_state};
	}
	sort_hooks(svc->hooks, svc->n_hooks);
	svc->vfork_safe_from = svc->n_hooks;
	while (svc->vfork_safe_from > 0 &&
	       svc->hooks[svc->vfork_safe_from - 1].plugin->api.flags & SYSG_PLUGIN_VFORK_SAFE)
		svc->vfork_safe_from--;
	return 0;
}

int hooks_all(const struct plugin_set *set, struct bound_hook **ret, size_t *ret_n)
{
	struct bound_hook *all;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < set->count; i++)
		n += count_hooks(set->items[i]);
	all = calloc(n ? n : 1, sizeof *all);
	if (!all)
		return -ENOMEM;
	for (size_t i = 0; i < set->count; i++)
		for (const struct sysg_hook *h = set->items[i]->api.hooks; h && h->fn; h++)
			all[k++] = (struct bound_hook){.hook = h, .plugin = set->items[i]};
	sort_hooks(all, n);
	*ret = all;
	*ret_n = n;
	return 0;
}
