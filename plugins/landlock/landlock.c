/* SPDX-License-Identifier: MIT */
/*
 * The landlock plugin: `isolation.landlock: {ro_paths, rw_paths, exec_paths}`.
 *
 * The service sees the filesystem only beneath the listed paths: it reads
 * and executes beneath ro_paths, reads and writes (never executes) beneath
 * rw_paths, reads and executes beneath exec_paths (for a path also in
 * rw_paths, whose programs the service may then run), and gets EACCES for
 * everything else. The ruleset
 * handles every filesystem right of the kernel's Landlock ABI (see
 * rights.c), so what is not granted is denied; the network and signals are
 * not restricted by this plugin.
 *
 * At config load (parent): the ABI is checked (a kernel without Landlock, or
 * one too old to deny truncate(2), refuses the service), each path is opened
 * as an O_PATH descriptor held until the config is released (so a rule names
 * the file sysg looked at, not whatever the name points to later), and the
 * service's program is checked to lie beneath ro_paths or exec_paths
 * (program.c).
 *
 * In the child, at 750, after the core's no_new_privs (700, requested here):
 * landlock_create_ruleset, one landlock_add_rule per descriptor,
 * landlock_restrict_self. System calls only; nothing allocated.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "landlock.h"

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	struct landlock_state *st;

	if (settings)
		return sysg_node_error(err, settings, -EINVAL,
				       "the landlock plugin takes no settings; paths are set per "
				       "service (isolation.landlock: {ro_paths, rw_paths, exec_paths})");
	st = calloc(1, sizeof *st);
	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	/* Whether Landlock is usable matters only to services that ask for
	 * it: configure refuses those. */
	st->abi = landlock_probe_abi();
	*ret_state = st;
	return 0;
}

static void fini(void *state)
{
	free(state);
}

static void release(void *state, void *svc_state)
{
	struct landlock_service *s = svc_state;

	if (!s)
		return;
	for (size_t i = 0; i < s->count; i++) {
		if (s->rules[i].fd >= 0)
			close(s->rules[i].fd);
		free(s->rules[i].path);
		free(s->rules[i].real);
	}
	free(s->rules);
	free(s);
}

/* Open one listed path and add its rule. */
static int add_path(struct landlock_service *s, enum landlock_kind kind,
		    const struct sysg_node *item, struct sysg_error *err)
{
	struct landlock_rule *rule = &s->rules[s->count];
	const char *path;
	struct stat st;
	int r = sysg_node_string(item, &path, err);

	if (r < 0)
		return r;
	if (path[0] != '/')
		return sysg_node_error(err, item, -EINVAL,
				       "'%s' is not an absolute path (Landlock rules name files "
				       "from the root)",
				       path);
	rule->fd = open(path, O_PATH | O_CLOEXEC);
	if (rule->fd < 0)
		return sysg_node_error(err, item, -errno, "cannot open %s: %s", path,
				       strerror(errno));
	s->count++; /* from here release() closes it */
	if (fstat(rule->fd, &st) < 0)
		return sysg_node_error(err, item, -errno, "cannot stat %s: %s", path,
				       strerror(errno));
	rule->kind = kind;
	rule->allowed = landlock_allowed(kind, s->handled, S_ISDIR(st.st_mode));
	rule->path = strdup(path);
	rule->real = realpath(path, NULL);
	if (!rule->path)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	return 0;
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	static const char *const subkeys[] = {"ro_paths", "rw_paths", "exec_paths", NULL};
	const struct landlock_state *st = state;
	const struct sysg_node *ll = sysg_node_get_path(node, "isolation.landlock");
	const struct sysg_node *lists[LANDLOCK_N_KINDS];
	struct landlock_service *s;
	char why[512];
	size_t total = 0;
	int r;

	if (sysg_node_kind(ll) != SYSG_NODE_MAPPING)
		return sysg_node_error(err, ll, -EINVAL,
				       "expected a mapping of path lists: { ro_paths: [...], "
				       "rw_paths: [...], exec_paths: [...] }");
	r = sysg_node_check_keys(ll, subkeys, err);
	if (r < 0)
		return r;
	for (int k = 0; k < LANDLOCK_N_KINDS; k++) {
		lists[k] = sysg_node_get(ll, landlock_list_key[k]);
		if (lists[k] && sysg_node_kind(lists[k]) != SYSG_NODE_SEQUENCE)
			return sysg_node_error(err, lists[k], -EINVAL,
					       "expected a list of absolute paths, e.g. [/etc, /usr]");
		total += sysg_node_count(lists[k]);
	}
	/* Fail closed, naming the plugin: the service asked for a
	 * confinement this kernel cannot give. */
	if (landlock_abi_refusal(st->abi, why, sizeof why) < 0)
		return sysg_node_error(err, ll, -EOPNOTSUPP,
				       "%s; the landlock plugin cannot confine '%s', so it will not "
				       "run",
				       why, sysg_service_name(svc));

	s = calloc(1, sizeof *s);
	if (!s || !(s->rules = calloc(total ? total : 1, sizeof *s->rules))) {
		free(s);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	s->handled = landlock_handled(st->abi > LANDLOCK_KNOWN_ABI ? LANDLOCK_KNOWN_ABI : st->abi);
	for (int k = 0; k < LANDLOCK_N_KINDS; k++)
		for (size_t i = 0; i < sysg_node_count(lists[k]); i++) {
			r = add_path(s, (enum landlock_kind)k, sysg_node_at(lists[k], i), err);
			if (r < 0)
				goto fail;
		}
	r = landlock_check_program(s, node,
				   lists[LANDLOCK_RO]     ? lists[LANDLOCK_RO]
				   : lists[LANDLOCK_EXEC] ? lists[LANDLOCK_EXEC]
							  : ll,
				   err);
	if (r < 0)
		goto fail;
	sysg_service_require_no_new_privs(svc);
	*ret_svc_state = s;
	return 0;
fail:
	release(state, s);
	return r;
}

/* 750: in the child, after no_new_privs. System calls only. */
static int step_landlock(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			 struct sysg_error *err)
{
	const struct landlock_service *s = svc_state;
	/* Only the first member: older kernels know no other, newer ones
	 * take a shorter struct as "nothing else handled". */
	struct landlock_ruleset_attr attr = {.handled_access_fs = s->handled};
	int fd;

	fd = (int)syscall(__NR_landlock_create_ruleset, &attr, sizeof attr, 0U);
	if (fd < 0)
		return sysg_error_set(err, -errno, "landlock_create_ruleset");
	for (size_t i = 0; i < s->count; i++) {
		struct landlock_path_beneath_attr beneath = {
			.allowed_access = s->rules[i].allowed,
			.parent_fd = s->rules[i].fd,
		};

		if (syscall(__NR_landlock_add_rule, fd, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0U) <
		    0) {
			int e = errno;

			close(fd);
			return sysg_error_set(err, -e, "landlock_add_rule %s (%s)", s->rules[i].path,
					      landlock_list_key[s->rules[i].kind]);
		}
	}
	if (syscall(__NR_landlock_restrict_self, fd, 0U) < 0) {
		int e = errno;

		close(fd);
		return sysg_error_set(err, -e, "landlock_restrict_self");
	}
	close(fd);
	return 0;
}

static const char *const keys[] = {"isolation.landlock", NULL};

static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_LANDLOCK, "landlock", step_landlock},
	{0, NULL, NULL},
};

static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "landlock",
	.version = PACKAGE_VERSION,
	.description = "isolation.landlock: the filesystem only beneath the listed paths",
	.keys = keys,
	.init = init,
	.fini = fini,
	.configure = configure,
	.release = release,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
