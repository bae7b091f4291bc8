/* SPDX-License-Identifier: MIT */
/* The pre-exec hook order: by priority, then by plugin name. */
#ifndef SYSG_HOOKS_H
#define SYSG_HOOKS_H

#include "plugin.h"
#include "service.h"

/* Build svc->hooks from the plugins that configured the service. */
int hooks_bind(struct sysg_service *svc, struct sysg_error *err);

/* Every hook of every loaded plugin, in run order (for `sysg plugins`).
 * *ret is allocated; each entry's svc_state is NULL. */
int hooks_all(const struct plugin_set *set, struct bound_hook **ret, size_t *ret_n);

#endif
