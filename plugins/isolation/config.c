/* SPDX-License-Identifier: MIT */
/*
 * isolation.* at config load (parent): every value checked with its
 * position, the uid/gid maps parsed and checked the way the kernel will
 * check them (so that a bad map is refused by `sysg validate`, not by a
 * failed start), and everything the child needs prepared.
 */
#include "build-config.h"

#include <ctype.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isolation.h"

/* One boolean key; absent is false. */
static int read_bool(const struct sysg_node *node, const char *key, bool *ret,
		     struct sysg_error *err)
{
	const struct sysg_node *n = sysg_node_get_path(node, key);

	*ret = false;
	return n ? sysg_node_bool(n, ret, err) : 0;
}

static int parse_u32(const char **p, uint32_t *ret)
{
	unsigned long long v = 0;
	const char *s = *p;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	*ret = (uint32_t)v;
	*p = s;
	return 0;
}

int iso_parse_extent(const char *text, struct iso_extent *ret, char *why, size_t why_size)
{
	static const char *const field[] = {"inside id", "outside id", "count"};
	uint32_t v[3];
	const char *p = text;

	for (int i = 0; i < 3; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (parse_u32(&p, &v[i]) < 0) {
			snprintf(why, why_size,
				 "'%s' is not \"INSIDE OUTSIDE COUNT\" (three numbers from 0 to "
				 "4294967294; the %s is missing or not a number)",
				 text, field[i]);
			return -EINVAL;
		}
		if (*p && *p != ' ' && *p != '\t')
			break;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p) {
		snprintf(why, why_size,
			 "'%s' is not \"INSIDE OUTSIDE COUNT\" (three numbers, nothing else)", text);
		return -EINVAL;
	}
	if (v[2] == 0) {
		snprintf(why, why_size, "'%s': a count of 0 maps nothing", text);
		return -EINVAL;
	}
	/* The kernel refuses a range that reaches 4294967295, (uid_t)-1. */
	if ((uint64_t)v[0] + v[2] > UINT32_MAX || (uint64_t)v[1] + v[2] > UINT32_MAX) {
		snprintf(why, why_size,
			 "'%s': the range runs past 4294967294, the highest id the kernel maps",
			 text);
		return -ERANGE;
	}
	*ret = (struct iso_extent){.inside = v[0], .outside = v[1], .count = v[2]};
	return 0;
}

static bool overlap(uint32_t a, uint32_t b, uint32_t count_a, uint32_t count_b)
{
	return (uint64_t)a < (uint64_t)b + count_b && (uint64_t)b < (uint64_t)a + count_a;
}

bool iso_map_identity(const struct iso_map *map, uint32_t id)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct iso_extent *e = &map->ext[i];

		if (id >= e->inside && (uint64_t)id < (uint64_t)e->inside + e->count)
			return e->inside == e->outside;
	}
	return false;
}

/* isolation.user_map or group_map: a list of "inside outside count". */
static int parse_map(const struct sysg_node *list, struct iso_map *map, struct sysg_error *err)
{
	size_t n = sysg_node_count(list);

	if (sysg_node_kind(list) != SYSG_NODE_SEQUENCE || n == 0)
		return sysg_node_error(err, list, -EINVAL,
				       "expected a list of \"INSIDE OUTSIDE COUNT\" entries, e.g. "
				       "[\"0 100000 65536\"]");
	if (n > ISO_MAX_EXTENTS)
		return sysg_node_error(err, list, -E2BIG,
				       "%zu entries: the kernel takes at most %d", n,
				       ISO_MAX_EXTENTS);
	map->ext = calloc(n, sizeof *map->ext);
	if (!map->ext)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct sysg_node *item = sysg_node_at(list, i);
		struct iso_extent *e = &map->ext[i];
		const char *text;
		char why[256];
		int r = sysg_node_string(item, &text, err);

		if (r < 0)
			return r;
		r = iso_parse_extent(text, e, why, sizeof why);
		if (r < 0)
			return sysg_node_error(err, item, r, "%s", why);
		for (size_t j = 0; j < i; j++) {
			const struct iso_extent *o = &map->ext[j];

			if (overlap(e->inside, o->inside, e->count, o->count))
				return sysg_node_error(err, item, -EINVAL,
						       "'%s': its inside ids overlap entry %zu's "
						       "(the kernel refuses overlapping ranges)",
						       text, j + 1);
			if (overlap(e->outside, o->outside, e->count, o->count))
				return sysg_node_error(err, item, -EINVAL,
						       "'%s': its outside ids overlap entry %zu's "
						       "(the kernel refuses overlapping ranges)",
						       text, j + 1);
		}
		map->n++;
	}
	return 0;
}

/* A group of supplementary_groups by name or number, as the core resolved
 * it (the core has already refused a name that does not resolve). */
static bool lookup_group(const char *name, gid_t *ret)
{
	struct group grp, *res = NULL;
	char buf[4096];
	char *end;
	unsigned long v;

	if (isdigit((unsigned char)name[0])) {
		v = strtoul(name, &end, 10);
		if (!*end && v < UINT32_MAX) {
			*ret = (gid_t)v;
			return true;
		}
	}
	if (getgrnam_r(name, &grp, buf, sizeof buf, &res) != 0 || !res)
		return false;
	*ret = res->gr_gid;
	return true;
}

static int map_add_identity(struct iso_map *map, size_t cap, uint32_t id)
{
	if (iso_map_identity(map, id))
		return 0;
	if (map->n >= cap)
		return -E2BIG;
	map->ext[map->n++] = (struct iso_extent){.inside = id, .outside = id, .count = 1};
	return 0;
}

/*
 * The default maps: the service's uid and gid, and its supplementary
 * groups, each to itself. The core's credentials step (500) sets them by
 * number inside the namespace, so they must mean the same there.
 */
static int default_maps(struct sysg_service *svc, struct iso_service *s, uid_t uid, gid_t gid,
			struct sysg_error *err)
{
	const struct sysg_node *sg = sysg_node_get(sysg_service_node(svc), "supplementary_groups");
	char **names = NULL;
	size_t n = 0;

	if (!s->uid_map.ext) {
		s->uid_map.ext = calloc(1, sizeof *s->uid_map.ext);
		if (!s->uid_map.ext)
			return sysg_error_set(err, -ENOMEM, "out of memory");
		map_add_identity(&s->uid_map, 1, uid);
	}
	if (s->gid_map.ext)
		return 0;
	if (sg && sysg_node_string_list(sg, &names, err) < 0)
		return err->code;
	while (names && names[n])
		n++;
	s->gid_map.ext = calloc(n + 1, sizeof *s->gid_map.ext);
	if (!s->gid_map.ext) {
		sysg_strv_free(names);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	map_add_identity(&s->gid_map, n + 1, gid);
	for (size_t i = 0; i < n; i++) {
		gid_t g;

		if (lookup_group(names[i], &g))
			map_add_identity(&s->gid_map, n + 1, g);
	}
	sysg_strv_free(names);
	if (s->gid_map.n > ISO_MAX_EXTENTS)
		return sysg_node_error(err, sg, -E2BIG,
				       "isolation.user maps each supplementary group to itself: "
				       "the kernel takes at most %d lines in a gid_map",
				       ISO_MAX_EXTENTS);
	return 0;
}

/* With explicit maps, the ids the service runs as must mean themselves. */
static int check_maps_cover(struct sysg_service *svc, const struct iso_service *s, uid_t uid,
			    gid_t gid, const struct sysg_node *um, const struct sysg_node *gm,
			    struct sysg_error *err)
{
	const struct sysg_node *sg = sysg_node_get(sysg_service_node(svc), "supplementary_groups");
	char **names = NULL;
	int r = 0;

	if (um && !iso_map_identity(&s->uid_map, uid))
		return sysg_node_error(err, um, -EINVAL,
				       "the service runs as uid %u, which this map must take to "
				       "itself (the credentials are set by number inside the "
				       "namespace): add \"%u %u 1\"",
				       (unsigned)uid, (unsigned)uid, (unsigned)uid);
	if (!gm)
		return 0;
	if (!iso_map_identity(&s->gid_map, gid))
		return sysg_node_error(err, gm, -EINVAL,
				       "the service runs as gid %u, which this map must take to "
				       "itself (the credentials are set by number inside the "
				       "namespace): add \"%u %u 1\"",
				       (unsigned)gid, (unsigned)gid, (unsigned)gid);
	if (sg && sysg_node_string_list(sg, &names, err) < 0)
		return err->code;
	for (size_t i = 0; names && names[i] && r == 0; i++) {
		gid_t g;

		if (lookup_group(names[i], &g) && !iso_map_identity(&s->gid_map, g))
			r = sysg_node_error(err, gm, -EINVAL,
					    "supplementary group '%s' (gid %u) must be taken to "
					    "itself by this map: add \"%u %u 1\"",
					    names[i], (unsigned)g, (unsigned)g, (unsigned)g);
	}
	sysg_strv_free(names);
	return r;
}

bool iso_hostname_valid(const char *name)
{
	size_t len = strlen(name), label = 0;

	if (len == 0 || len > ISO_HOSTNAME_MAX)
		return false;
	for (size_t i = 0; i <= len; i++) {
		char c = name[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)c) && c != '-')
			return false;
		if (label == 0 && c == '-')
			return false;
		label++;
	}
	return true;
}

static int parse_hostname(const struct sysg_node *node, struct iso_service *s,
			  struct sysg_error *err)
{
	const struct sysg_node *h = sysg_node_get_path(node, "isolation.hostname");
	const char *name;
	int r;

	if (!h)
		return 0;
	r = sysg_node_string(h, &name, err);
	if (r < 0)
		return r;
	if (!iso_hostname_valid(name))
		return sysg_node_error(err, h, -EINVAL,
				       "'%s' is not a hostname (1 to %d letters, digits, '-' and "
				       "'.', each dot-separated label neither empty nor starting or "
				       "ending with '-')",
				       name, ISO_HOSTNAME_MAX);
	if (!s->uts)
		return sysg_node_error(err, h, -EINVAL,
				       "a hostname needs isolation.uts: true (it is set in the "
				       "service's own UTS namespace, never on the host's)");
	snprintf(s->hostname, sizeof s->hostname, "%s", name);
	return 0;
}

static int parse_user(struct sysg_service *svc, const struct sysg_node *node,
		      struct iso_service *s, struct sysg_error *err)
{
	const struct sysg_node *um = sysg_node_get_path(node, "isolation.user_map");
	const struct sysg_node *gm = sysg_node_get_path(node, "isolation.group_map");
	uid_t uid;
	gid_t gid;
	int r;

	if (!s->user) {
		if (um || gm)
			return sysg_node_error(err, um ? um : gm, -EINVAL,
					       "a map needs isolation.user: true (it is the user "
					       "namespace's)");
		return 0;
	}
	sysg_service_credentials(svc, &uid, &gid);
	if (um && (r = parse_map(um, &s->uid_map, err)) < 0)
		return r;
	if (gm && (r = parse_map(gm, &s->gid_map, err)) < 0)
		return r;
	r = check_maps_cover(svc, s, uid, gid, um, gm, err);
	if (r < 0)
		return r;
	return default_maps(svc, s, uid, gid, err);
}

int iso_parse(const struct iso_state *st, struct sysg_service *svc, const struct sysg_node *node,
	      struct iso_service *s, struct sysg_error *err)
{
	static const struct {
		const char *key;
		size_t offset;
	} flags[] = {
		{"isolation.network", offsetof(struct iso_service, network)},
		{"isolation.pid", offsetof(struct iso_service, pid)},
		{"isolation.mount", offsetof(struct iso_service, mount)},
		{"isolation.user", offsetof(struct iso_service, user)},
		{"isolation.uts", offsetof(struct iso_service, uts)},
		{"isolation.ipc", offsetof(struct iso_service, ipc)},
		{"isolation.cgroup", offsetof(struct iso_service, cgroup)},
	};
	int r;

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		r = read_bool(node, flags[i].key, (bool *)((char *)s + flags[i].offset), err);
		if (r < 0)
			return r;
	}
	r = parse_hostname(node, s, err);
	if (r < 0)
		return r;
	r = parse_user(svc, node, s, err);
	if (r < 0)
		return r;
	/* A PID or user namespace must exist from the child's first
	 * instruction: the core makes them with clone(). */
	if (s->user)
		sysg_service_add_clone_flags(svc, CLONE_NEWUSER);
	if (s->pid) {
		sysg_service_add_clone_flags(svc, CLONE_NEWPID);
		sysg_node_note(sysg_node_get_path(node, "isolation.pid"),
			       "the service runs as PID 2 of its own PID namespace, under a small "
			       "init (PID 1) that relays stop signals to it and reaps orphans%s",
			       s->mount ? "; /proc inside shows only the namespace's processes"
					: "; without isolation.mount: true, /proc inside is still the "
					  "host's");
	}
	if (s->pid && !s->user)
		s->clone_key = "isolation.pid";
	if (!st->cap_sys_admin && !s->user &&
	    (s->network || s->pid || s->mount || s->uts || s->ipc || s->cgroup))
		sysg_node_warn(sysg_node_get(node, "isolation"),
			       "sysg lacks CAP_SYS_ADMIN, so it cannot make these namespaces: '%s' "
			       "will be refused at start (%s)",
			       sysg_service_name(svc), ISO_EPERM_HINT);
	return 0;
}
