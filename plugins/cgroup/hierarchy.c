/* SPDX-License-Identifier: MIT */
/*
 * Where the cgroup filesystems are mounted, which version to use, and where
 * sysg itself sits in them. Read once at plugin init from
 * /proc/self/mountinfo and /proc/self/cgroup; nothing here writes.
 *
 * A host may mount both versions (systemd's "hybrid" layout mounts a cgroup2
 * that holds no controller next to the v1 controllers): the version is the
 * one that holds the controllers, not the one that happens to be mounted.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

static const struct {
	unsigned bit;
	const char *v1, *v2;
} controller_names[CG_N_CONTROLLERS] = {
	{CG_MEMORY, "memory", "memory"},  {CG_CPU, "cpu", "cpu"},
	{CG_CPUACCT, "cpuacct", NULL},     {CG_PIDS, "pids", "pids"},
	{CG_IO, "blkio", "io"},            {CG_FREEZER, "freezer", NULL},
};

const char *cg_controller_name(unsigned bit, enum cg_version version)
{
	for (size_t i = 0; i < CG_N_CONTROLLERS; i++)
		if (controller_names[i].bit == bit)
			return version == CG_V2 ? controller_names[i].v2 : controller_names[i].v1;
	return NULL;
}

/* The CG_* bits named in a list of words separated by any of seps. */
unsigned cg_controllers_in(const char *list, const char *seps, enum cg_version version)
{
	unsigned bits = 0;

	while (*list) {
		size_t n = strcspn(list, seps);

		for (size_t i = 0; i < CG_N_CONTROLLERS; i++) {
			const char *name = version == CG_V2 ? controller_names[i].v2
							    : controller_names[i].v1;

			if (name && strlen(name) == n && !strncmp(list, name, n))
				bits |= controller_names[i].bit;
		}
		list += n;
		list += strspn(list, seps);
	}
	return bits;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* Is path equal to prefix or below it (at a component boundary)? */
static bool path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!strcmp(prefix, "/"))
		return path[0] == '/';
	return !strncmp(path, prefix, n) && (path[n] == '/' || path[n] == '\0');
}

struct self_line {
	char *controllers; /* "cpu,cpuacct", "" for v2 */
	char *path;
};

static void self_lines_free(struct self_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].controllers);
		free(l[i].path);
	}
	free(l);
}

/* /proc/self/cgroup: "ID:CONTROLLERS:PATH" per hierarchy. */
static int read_self(const char *file, struct self_line **ret, size_t *ret_n,
		     struct sysg_error *err)
{
	FILE *f = fopen(file, "re");
	struct self_line *lines = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t len = 0;

	if (!f)
		return sysg_error_set(err, -errno, "cgroup: cannot read %s: %s", file, strerror(errno));
	while (getline(&line, &len, f) > 0) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c2)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (n == cap) {
			struct self_line *nl = realloc(lines, (cap = cap ? cap * 2 : 16) * sizeof *nl);

			if (!nl)
				goto oom;
			lines = nl;
		}
		lines[n].controllers = strndup(c1 + 1, (size_t)(c2 - c1 - 1));
		lines[n].path = strdup(c2 + 1);
		n++;
		if (!lines[n - 1].controllers || !lines[n - 1].path)
			goto oom;
	}
	free(line);
	fclose(f);
	*ret = lines;
	*ret_n = n;
	return 0;
oom:
	free(line);
	fclose(f);
	self_lines_free(lines, n);
	return sysg_error_set(err, -ENOMEM, "cgroup: out of memory");
}

/* sysg's cgroup below a mount that shows cgroup `root`: NULL if outside. */
static char *own_below(const char *self_path, const char *root)
{
	if (!path_under(self_path, root))
		return NULL;
	if (!strcmp(root, "/"))
		return strdup(!strcmp(self_path, "/") ? "" : self_path);
	return strdup(self_path + strlen(root));
}

static int add_hierarchy(struct cg_system *sys, unsigned controllers, const char *mount,
			 const char *root, const char *self_path)
{
	struct cg_hierarchy *h;

	/* A hierarchy mounted twice (bind mounts): keep the mount through
	 * which sysg's own cgroup is visible. */
	for (size_t i = 0; i < sys->n; i++) {
		if (sys->h[i].controllers != controllers)
			continue;
		if (sys->h[i].own || !self_path || !path_under(self_path, root))
			return 0;
		h = &sys->h[i];
		free(h->mount);
		free(h->root);
		free(h->own);
		goto fill;
	}
	h = realloc(sys->h, (sys->n + 1) * sizeof *h);
	if (!h)
		return -ENOMEM;
	sys->h = h;
	h = &sys->h[sys->n++];
fill:
	h->controllers = controllers;
	h->mount = strdup(mount);
	h->root = strdup(root);
	h->own = self_path ? own_below(self_path, root) : NULL;
	if (!h->mount || !h->root || (self_path && path_under(self_path, root) && !h->own))
		return -ENOMEM;
	return 0;
}

/* The self line of the v1 hierarchy holding these controllers. */
static const char *self_path_v1(const struct self_line *l, size_t n, unsigned controllers)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].controllers[0] &&
		    (cg_controllers_in(l[i].controllers, ",", CG_V1) & controllers))
			return l[i].path;
	return NULL;
}

static const char *self_path_v2(const struct self_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!l[i].controllers[0])
			return l[i].path;
	return NULL;
}

/* What the kernel offers below a cgroup2 mount. */
static unsigned v2_offered(const char *mount, char *names, size_t size)
{
	char path[4096], buf[256] = "";
	int fd;
	ssize_t n;

	snprintf(path, sizeof path, "%s/cgroup.controllers", mount);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(names, size, "%s", buf[0] ? buf : "none");
	return cg_controllers_in(buf, " ", CG_V2);
}

int cg_detect(const char *mountinfo, const char *self_cgroup, struct cg_system *ret,
	      struct sysg_error *err)
{
	struct cg_system v1 = {.version = CG_V1}, v2 = {.version = CG_V2};
	struct self_line *self = NULL;
	size_t n_self = 0;
	char *line = NULL, v2_names[256] = "", v2_mount[256] = "";
	size_t len = 0;
	unsigned all = 0;
	FILE *f;
	int r;

	memset(ret, 0, sizeof *ret);
	r = read_self(self_cgroup, &self, &n_self, err);
	if (r < 0)
		return r;
	f = fopen(mountinfo, "re");
	if (!f) {
		r = -errno;
		self_lines_free(self, n_self);
		return sysg_error_set(err, r, "cgroup: cannot read %s: %s", mountinfo, strerror(-r));
	}
	while (r == 0 && getline(&line, &len, f) > 0) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER */
		char *field[6] = {0}, *type, *super, *save = NULL, *tok;
		char *dash = strstr(line, " - ");
		size_t i = 0;

		if (!dash)
			continue;
		*dash = '\0';
		line[strcspn(line, "\n")] = '\0';
		dash[2 + strcspn(dash + 2, "\n")] = '\0';
		for (tok = strtok_r(line, " ", &save); tok && i < 6; tok = strtok_r(NULL, " ", &save))
			field[i++] = tok;
		save = NULL;
		type = strtok_r(dash + 3, " ", &save);
		(void)strtok_r(NULL, " ", &save);
		super = strtok_r(NULL, " ", &save);
		if (i < 5 || !type)
			continue;
		unescape(field[3]);
		unescape(field[4]);
		if (!strcmp(type, "cgroup2") && !v2.n) {
			unsigned offered = v2_offered(field[4], v2_names, sizeof v2_names);

			snprintf(v2_mount, sizeof v2_mount, "%s", field[4]);
			if (offered & (CG_MEMORY | CG_CPU | CG_PIDS | CG_IO))
				r = add_hierarchy(&v2, offered, field[4], field[3],
						  self_path_v2(self, n_self));
		} else if (!strcmp(type, "cgroup") && super) {
			unsigned bits = cg_controllers_in(super, ",", CG_V1);

			if (bits)
				r = add_hierarchy(&v1, bits, field[4], field[3],
						  self_path_v1(self, n_self, bits));
		}
	}
	free(line);
	fclose(f);
	self_lines_free(self, n_self);
	if (r < 0) {
		cg_system_free(&v1);
		cg_system_free(&v2);
		return sysg_error_set(err, r, "cgroup: out of memory");
	}
	if (v2.n) {
		cg_system_free(&v1);
		*ret = v2;
		return 0;
	}
	for (size_t i = 0; i < v1.n; i++)
		all |= v1.h[i].controllers;
	/* cpuacct or freezer alone limit nothing. */
	if (all & (CG_MEMORY | CG_CPU | CG_PIDS | CG_IO)) {
		*ret = v1;
		return 0;
	}
	cg_system_free(&v1);
	ret->version = CG_NONE;
	if (v2_mount[0])
		snprintf(ret->why, sizeof ret->why,
			 "the cgroup2 filesystem at %s offers no memory, cpu, pids or io controller "
			 "(cgroup.controllers: %s), and no cgroup v1 memory, cpu, pids or blkio "
			 "hierarchy is mounted",
			 v2_mount, v2_names);
	else
		snprintf(ret->why, sizeof ret->why,
			 "no cgroup filesystem is mounted (neither cgroup2 nor a cgroup v1 memory, "
			 "cpu, pids or blkio hierarchy in %s)",
			 mountinfo);
	return 0;
}

void cg_system_free(struct cg_system *sys)
{
	for (size_t i = 0; i < sys->n; i++) {
		free(sys->h[i].mount);
		free(sys->h[i].root);
		free(sys->h[i].own);
	}
	free(sys->h);
	sys->h = NULL;
	sys->n = 0;
}

bool cg_root_valid(const char *root)
{
	const char *p = root;

	if (!*root || strlen(root) > 1024 || strpbrk(root, "\n\r"))
		return false;
	if (!strcmp(root, "/"))
		return true;
	if (*p == '/')
		p++;
	for (;;) {
		size_t n = strcspn(p, "/");

		/* Empty (a//b, a/), "." and ".." components: a root must name
		 * one cgroup plainly, and never climb out of the cgroupfs. */
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

static char *join(const char *a, const char *b, const char *c)
{
	char *s;

	if (asprintf(&s, "%s%s%s", a, b, c) < 0)
		return NULL;
	return s;
}

int cg_root_dir(const struct cg_system *sys, size_t hi, const char *root, char **ret,
		struct sysg_error *err)
{
	const struct cg_hierarchy *h = &sys->h[hi];
	const char *rel = root;
	char *dir;

	if (!cg_root_valid(root))
		return sysg_error_set(err, -EINVAL,
				      "'%s' is not a plain cgroup path (no empty, '.' or '..' parts)",
				      root);
	if (root[0] != '/') {
		if (!h->own)
			return sysg_error_set(err, -ENOENT,
					      "'%s' is relative to sysg's own cgroup, which is not "
					      "visible under %s (it shows cgroup %s): give an absolute "
					      "root",
					      root, h->mount, h->root);
		dir = join(h->mount, h->own, "/");
		if (dir) {
			char *full = join(dir, root, "");

			free(dir);
			dir = full;
		}
		goto out;
	}
	/* A path inside a cgroup mount names that cgroup; on v1 the same
	 * cgroup in every hierarchy. */
	for (size_t j = 0; j < sys->n; j++)
		if (path_under(root, sys->h[j].mount)) {
			rel = root + strlen(sys->h[j].mount);
			if (!strcmp(sys->h[j].mount, "/"))
				rel = root;
			goto absolute;
		}
	/* v1 mounts side by side in one directory (/sys/fs/cgroup/memory,
	 * /sys/fs/cgroup/cpu): a path below that directory names a cgroup in
	 * each, so /sys/fs/cgroup/sysg means the same on v1 as on v2. */
	if (sys->version == CG_V1)
		for (size_t j = 0; j < sys->n; j++) {
			const char *m = sys->h[j].mount, *slash = strrchr(m, '/');
			char parent[4096];

			if (!slash || slash == m)
				continue;
			snprintf(parent, sizeof parent, "%.*s", (int)(slash - m), m);
			if (path_under(root, parent) && strcmp(root, parent)) {
				rel = root + strlen(parent);
				goto absolute;
			}
		}
absolute:
	if (!strcmp(rel, "/"))
		rel = "";
	dir = join(h->mount, rel, "");
out:
	if (!dir)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	*ret = dir;
	return 0;
}
