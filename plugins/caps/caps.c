/* SPDX-License-Identifier: MIT */
/*
 * The caps plugin: `capabilities: [CAP_NET_BIND_SERVICE, ...]`.
 *
 * A service keeps exactly the listed capabilities and nothing else, in every
 * set the kernel has: bounding, permitted, effective, inheritable and
 * ambient. The ambient set is what carries them across the exec of an
 * ordinary program (one without file capabilities) when the service does not
 * run as root; the bounding set is what stops a setuid-root or
 * file-capability program from handing back anything else later.
 *
 * Two steps around the core's credentials step (500), because the kernel
 * clears the permitted, effective and ambient sets when the last of a task's
 * uids stops being 0:
 *
 *   480  drop every other capability from the bounding set (needs
 *        CAP_SETPCAP, which we still have as root), and set
 *        PR_SET_KEEPCAPS so that the permitted set survives setresuid;
 *   520  set permitted = effective = inheritable = the list (capset), then
 *        raise each listed capability in the ambient set, which needs it in
 *        both the permitted and the inheritable set, hence the order.
 *
 * The plugin is configured for every service (SYSG_PLUGIN_ALL_SERVICES):
 * a service without `capabilities:` that switches to a non-root user ends
 * with every set empty, bounding set included, so that no setuid-root or
 * file-capability program it runs can raise it again. A service that keeps
 * sysg's user (root, usually) and has no `capabilities:` keeps sysg's
 * capabilities: that is what running as root means, and `capabilities: []`
 * is there for a root service that should have none.
 *
 * Why this plugin does not set no_new_privs: nothing here needs it. Ambient
 * capabilities survive exec without it, and the reduced bounding set already
 * limits what any later exec can gain to the list. no_new_privs does more
 * than that and would surprise: it disables setuid/setgid bits and file
 * capabilities for the whole process tree (sudo, ping, a mail drop stop
 * working) and changes LSM transitions. Note what the bounding set does not
 * cover: a setuid-root program still sets the euid to 0 (with no capability
 * outside the list), which for files owned by root is power of its own. A
 * service that must not be able to do that sets `no_new_privs: true` (the
 * core's step at 700); plugins that need it (seccomp, Landlock) request it.
 *
 * All names are resolved and every message's text prepared in configure;
 * the hooks only call prctl and capset.
 */
#include "build-config.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysg/plugin.h"

#include "caps.h"

#define BIT(cap) (UINT64_C(1) << (cap))

static int read_own_caps(const struct caps_state *st, struct own_caps *ret)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -errno;
	ret->permitted = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	ret->effective = (uint64_t)d[1].effective << 32 | d[0].effective;
	ret->bounding = 0;
	for (unsigned cap = 0; cap <= st->names.last_cap; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) > 0)
			ret->bounding |= BIT(cap);
	return 0;
}

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	struct caps_state *st;
	int r;

	if (settings)
		return sysg_node_error(err, settings, -EINVAL,
				       "the caps plugin takes no settings; capabilities are set per "
				       "service (capabilities: [...])");
	st = calloc(1, sizeof *st);
	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	capnames_load(&st->names);
	r = read_own_caps(st, &st->own);
	if (r < 0) {
		free(st);
		return sysg_error_set(err, r, "caps: capget: %s", strerror(-r));
	}
	*ret_state = st;
	return 0;
}

static void fini(void *state)
{
	free(state);
}

static int parse_list(const struct caps_state *st, const struct sysg_node *list,
		      uint64_t *ret, struct sysg_error *err)
{
	uint64_t keep = 0;

	if (sysg_node_kind(list) != SYSG_NODE_SEQUENCE)
		return sysg_node_error(err, list, -EINVAL,
				       "expected a list of capability names, e.g. "
				       "[CAP_NET_BIND_SERVICE], or [] for none");
	for (size_t i = 0; i < sysg_node_count(list); i++) {
		const struct sysg_node *item = sysg_node_at(list, i);
		const char *text;
		unsigned cap;
		int r = sysg_node_string(item, &text, err);

		if (r < 0)
			return r;
		r = capnames_parse(&st->names, text, &cap);
		if (r == -ERANGE)
			return sysg_node_error(err, item, -EINVAL,
					       "'%s' is not known to the running kernel (its last "
					       "capability is %s)",
					       text, st->names.name[st->names.last_cap]);
		if (r < 0)
			return sysg_node_error(err, item, -EINVAL,
					       "unknown capability '%s' (a name from capabilities(7) "
					       "such as CAP_NET_BIND_SERVICE; the CAP_ prefix and the "
					       "case are optional)",
					       text);
		keep |= BIT(cap);
	}
	*ret = keep;
	return 0;
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	const struct caps_state *st = state;
	const struct sysg_node *list = sysg_node_get(node, "capabilities");
	const struct sysg_node *where = list ? list : node;
	const struct own_caps *own = &st->own;
	struct caps_service *s;
	uint64_t keep = 0, lacking;
	uid_t uid;
	bool changes = sysg_service_credentials(svc, &uid, NULL);
	int r;

	if (!list && (!changes || uid == 0)) {
		/* Runs as sysg's own user (or stays root): keeps sysg's sets. */
		*ret_svc_state = NULL;
		return 0;
	}
	if (list) {
		r = parse_list(st, list, &keep, err);
		if (r < 0)
			return r;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	s->keep = keep;
	/* Only a uid change away from 0 clears the permitted set; the kernel
	 * clears it when there is nothing to keep, as it should. */
	s->keep_over_setuid = keep && changes && uid != 0;
	capnames_list(&st->names, keep, s->keep_text, sizeof s->keep_text);

	/*
	 * Tell now what the hooks will not be able to do; they refuse the
	 * service at start (the kernel has the last word, and `sysg validate`
	 * may run with other privileges than `sysg start`).
	 */
	lacking = keep & ~(own->permitted & own->bounding);
	capnames_list(&st->names, lacking, s->lacking_text, sizeof s->lacking_text);
	if (lacking)
		sysg_node_warn(where,
			       "sysg does not hold %s (not in its permitted and bounding sets), "
			       "so it cannot give %s to the service: '%s' will be refused at start",
			       s->lacking_text, (lacking & (lacking - 1)) ? "them" : "it",
			       sysg_service_name(svc));
	else
		s->lacking_text[0] = '\0';
	if ((own->bounding & ~keep) && !(own->effective & BIT(CAP_SETPCAP)))
		sysg_node_warn(where,
			       "sysg lacks CAP_SETPCAP, so it cannot reduce the bounding set to %s: "
			       "'%s' will be refused at start",
			       s->keep_text, sysg_service_name(svc));
	*ret_svc_state = s;
	return 0;
}

static void release(void *state, void *svc_state)
{
	free(svc_state);
}

/* 480: before the core's setresuid. */
static int step_bounding(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			 struct sysg_error *err)
{
	const struct caps_state *st = state;
	const struct caps_service *s = svc_state;

	if (!s)
		return 0;
	for (unsigned cap = 0; cap <= st->names.last_cap; cap++) {
		int in;

		if (s->keep & BIT(cap))
			continue;
		/* Read first: a capability already gone needs no CAP_SETPCAP. */
		in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (in < 0)
			return sysg_error_set(err, -errno, "prctl(PR_CAPBSET_READ, %s)",
					      st->names.name[cap]);
		if (in && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return sysg_error_set(err, -errno,
					      "prctl(PR_CAPBSET_DROP, %s) (reducing the bounding set "
					      "to %s needs CAP_SETPCAP)",
					      st->names.name[cap], s->keep_text);
	}
	if (s->keep_over_setuid && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return sysg_error_set(err, -errno, "prctl(PR_SET_KEEPCAPS, 1)");
	return 0;
}

/* 520: after the core's setresuid. */
static int step_sets(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		     struct sysg_error *err)
{
	const struct caps_state *st = state;
	const struct caps_service *s = svc_state;
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct d[2];
	uint32_t lo, hi;

	if (!s)
		return 0;
	lo = (uint32_t)s->keep;
	hi = (uint32_t)(s->keep >> 32);
	d[0] = (struct __user_cap_data_struct){.effective = lo, .permitted = lo, .inheritable = lo};
	d[1] = (struct __user_cap_data_struct){.effective = hi, .permitted = hi, .inheritable = hi};
	/* capset also trims the ambient set to permitted & inheritable, so
	 * nothing outside the list survives there either. */
	if (syscall(SYS_capset, &h, d) < 0)
		return sysg_error_set(err, -errno, "capset permitted, effective, inheritable to %s%s%s",
				      s->keep_text, s->lacking_text[0] ? ": sysg does not hold " : "",
				      s->lacking_text);
	for (unsigned cap = 0; cap <= st->names.last_cap; cap++)
		if ((s->keep & BIT(cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return sysg_error_set(err, -errno, "prctl(PR_CAP_AMBIENT_RAISE, %s)",
					      st->names.name[cap]);
	return 0;
}

static const char *const keys[] = {"capabilities", NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_CAPS_KEEP, "bounding-set", step_bounding},
	{SYSG_PRIO_CAPS_SET, "capability-sets", step_sets},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "caps",
	.version = PACKAGE_VERSION,
	.description = "capabilities: exactly the listed capabilities, in every set",
	.keys = keys,
	.flags = SYSG_PLUGIN_ALL_SERVICES | SYSG_PLUGIN_VFORK_SAFE,
	.init = init,
	.fini = fini,
	.configure = configure,
	.release = release,
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
