/* SPDX-License-Identifier: MIT */
/*
 * The cgroup plugin: one cgroup per service run, limits.cgroup applied to
 * it, and the whole group killed, counted and removed with the service.
 *
 * Order of events for one run:
 *   before_spawn  (parent) create the directory (one per v1 hierarchy),
 *                 write the limits, open cgroup.procs for the child;
 *   join hook     (child, priority 100, the first step) write "0" into
 *                 those descriptors: the child moves itself before it runs
 *                 anything else, so nothing the service starts is outside;
 *   after_spawn   (parent) close the descriptors;
 *   after_exit    (parent) read the OOM counter for sysg's exit line;
 *   stop          (parent) signal every process in the group;
 *   remaining     (parent) how many are left: the core waits for zero;
 *   after_run     (parent) remove the now empty directory.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"

#define DEFAULT_ROOT "sysg" /* below sysg's own cgroup */

struct cg_state {
	struct cg_system sys;
	char *root;      /* plugins.cgroup.root, or DEFAULT_ROOT */
	bool moved_self; /* v2: sysg left its own cgroup for a leaf below it */
};

struct cg_service {
	char *name;
	struct cg_limits lim;
	struct cg_write writes[CG_MAX_WRITES];
	size_t n_writes;
	unsigned controllers; /* what the writes need */
	struct cg_dir dirs[CG_N_CONTROLLERS];
	size_t n_dirs;
	int track;            /* the dir counted and signalled */
	int freezer;          /* v1: the freezer dir, or -1 */
	int memory;           /* the dir holding the memory controller, or -1 */
	uint64_t oom_before;  /* OOM kills counted before the run */
};

static int init(const struct sysg_node *settings, void **ret_state, struct sysg_error *err)
{
	static const char *const keys[] = {"root", NULL};
	struct cg_state *st = calloc(1, sizeof *st);
	const char *root = DEFAULT_ROOT;
	int r;

	if (!st)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	if (settings) {
		const struct sysg_node *node = sysg_node_get(settings, "root");

		r = sysg_node_check_keys(settings, keys, err);
		if (r == 0 && node && (r = sysg_node_string(node, &root, err)) == 0 &&
		    !cg_root_valid(root))
			r = sysg_node_error(err, node, -EINVAL,
					    "'%s' is not a plain cgroup path (no empty, '.' or '..' "
					    "parts)",
					    root);
		if (r < 0) {
			free(st);
			return r;
		}
	}
	/* Only read here: validate and plugins must not touch the system. */
	r = cg_detect("/proc/self/mountinfo", "/proc/self/cgroup", &st->sys, err);
	if (r < 0 || !(st->root = strdup(root))) {
		cg_system_free(&st->sys);
		free(st);
		return r < 0 ? r : sysg_error_set(err, -ENOMEM, "out of memory");
	}
	*ret_state = st;
	return 0;
}

static void fini(void *state)
{
	struct cg_state *st = state;

	if (!st)
		return;
	cg_system_free(&st->sys);
	free(st->root);
	free(st);
}

static void service_free(struct cg_service *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_dirs; i++) {
		if (s->dirs[i].procs_fd >= 0)
			close(s->dirs[i].procs_fd);
		free(s->dirs[i].root);
		free(s->dirs[i].path);
	}
	cg_limits_free(&s->lim);
	free(s->name);
	free(s);
}

static void release(void *state, void *svc_state)
{
	service_free(svc_state);
}

static int add_dir(struct cg_service *s, size_t hier, unsigned controllers)
{
	for (size_t i = 0; i < s->n_dirs; i++)
		if (s->dirs[i].hier == hier) {
			s->dirs[i].controllers |= controllers;
			return (int)i;
		}
	s->dirs[s->n_dirs] = (struct cg_dir){.hier = hier, .controllers = controllers, .procs_fd = -1};
	return (int)s->n_dirs++;
}

/* v1: the hierarchy carrying a controller, or -1. */
static int hierarchy_of(const struct cg_system *sys, unsigned bit)
{
	for (size_t i = 0; i < sys->n; i++)
		if (sys->h[i].controllers & bit)
			return (int)i;
	return -1;
}

/* Which directories the service gets: on v2 one; on v1 one in each
 * hierarchy it uses, plus the freezer's (for stop) and cpuacct's (the CPU
 * usage counter) where mounted. */
static int choose_dirs(const struct cg_state *st, struct cg_service *s,
		       const struct sysg_node *map, struct sysg_error *err)
{
	const struct cg_system *sys = &st->sys;

	s->freezer = s->memory = -1;
	for (size_t w = 0; w < s->n_writes; w++) {
		unsigned bit = s->writes[w].controller;
		const char *name = cg_controller_name(bit, sys->version);
		const struct sysg_node *key =
			sysg_node_get(map, cg_key_names[s->writes[w].key]);
		int h = sys->version == CG_V2 ? 0 : hierarchy_of(sys, bit);

		if (sys->version == CG_V2 && !(sys->h[0].controllers & bit))
			return sysg_node_error(err, key, -EOPNOTSUPP,
					       "needs the %s controller, which cgroup v2 here does "
					       "not offer (see %s/cgroup.controllers)",
					       name, sys->h[0].mount);
		if (h < 0)
			return sysg_node_error(err, key, -EOPNOTSUPP,
					       "needs the cgroup v1 %s controller, which is not "
					       "mounted here",
					       name);
		int d = add_dir(s, (size_t)h, bit);

		if (bit == CG_MEMORY)
			s->memory = d;
	}
	if (sys->version == CG_V1) {
		int h = hierarchy_of(sys, CG_FREEZER);

		if (h >= 0)
			s->freezer = add_dir(s, (size_t)h, CG_FREEZER);
		if ((s->controllers & CG_CPU) && (h = hierarchy_of(sys, CG_CPUACCT)) >= 0)
			add_dir(s, (size_t)h, CG_CPUACCT);
		if (!s->n_dirs)
			/* No limit and no freezer: any hierarchy still holds
			 * the service's processes together. */
			add_dir(s, 0, 0);
	} else if (!s->n_dirs) {
		add_dir(s, 0, 0);
	}
	s->track = s->freezer >= 0 ? s->freezer : 0;
	return 0;
}

static int configure(void *state, struct sysg_service *svc, const struct sysg_node *node,
		     void **ret_svc_state, struct sysg_error *err)
{
	struct cg_state *st = state;
	const struct sysg_node *map = sysg_node_get_path(node, "limits.cgroup");
	const struct sysg_node *root_node = sysg_node_get(map, "root");
	struct cg_service *s = calloc(1, sizeof *s);
	enum cg_key bad = CG_KEY_ROOT;
	char why[512];
	int r;

	if (!s || !(s->name = strdup(sysg_service_name(svc)))) {
		free(s);
		return sysg_error_set(err, -ENOMEM, "out of memory");
	}
	r = cg_limits_parse(map, &s->lim, err);
	if (r < 0)
		goto fail;
	if (st->sys.version == CG_NONE) {
		r = sysg_node_error(err, map, -EOPNOTSUPP,
				    "cgroup limits cannot be applied on this system: %s; the service "
				    "cannot run with them",
				    st->sys.why);
		goto fail;
	}
	r = cg_plan(&s->lim, st->sys.version, s->writes, CG_MAX_WRITES, &bad, why, sizeof why);
	if (r < 0) {
		r = sysg_node_error(err, sysg_node_get(map, cg_key_names[bad]), r, "%s", why);
		goto fail;
	}
	s->n_writes = (size_t)r;
	s->controllers = cg_plan_controllers(s->writes, s->n_writes);
	r = choose_dirs(st, s, map, err);
	if (r < 0)
		goto fail;
	for (size_t i = 0; i < s->n_dirs; i++) {
		const char *root = s->lim.root ? s->lim.root : st->root;
		struct sysg_error e = {0};

		r = cg_root_dir(&st->sys, s->dirs[i].hier, root, &s->dirs[i].root, &e);
		if (r < 0) {
			if (root_node)
				r = sysg_node_error(err, root_node, r, "%s", e.message);
			else
				r = sysg_node_error(err, map, r, "plugins.cgroup.root: %s", e.message);
			goto fail;
		}
	}
	if (s->lim.set & (1u << CG_KEY_CPU_MAX)) {
		cg_explain_cpu_max(s->lim.cpu_quota_us, s->lim.cpu_period_us, why, sizeof why);
		sysg_node_note(sysg_node_get(map, "cpu_max"), "%s", why);
	}
	*ret_svc_state = s;
	return 0;
fail:
	service_free(s);
	return r;
}

/*
 * v2 lets a cgroup hand controllers to its children only while it holds no
 * process itself. When that cgroup is sysg's own and sysg is alone in it (a
 * delegated subtree: a systemd unit with Delegate=yes, a container), sysg
 * moves itself into a leaf below it, as systemd does with init.scope.
 */
static int move_self_out(struct cg_state *st, struct sysg_error *err)
{
	const struct cg_hierarchy *h = &st->sys.h[0];
	char own[PATH_MAX], leaf[PATH_MAX + 16];
	pid_t *pids;
	size_t n;
	bool alone;

	if (st->moved_self || !h->own)
		return -EBUSY;
	snprintf(own, sizeof own, "%s%s", h->mount, h->own);
	if (cg_read_pids(own, &pids, &n) < 0)
		return -EBUSY;
	alone = n == 1 && pids[0] == getpid();
	free(pids);
	if (!alone)
		return -EBUSY;
	snprintf(leaf, sizeof leaf, "%s/supervisor", own);
	if (cg_mkdir_p(leaf, err) < 0 ||
	    cg_write_file(leaf, "cgroup.procs", "0", "move sysg into a leaf cgroup", err) < 0)
		return err->code;
	st->moved_self = true;
	return 0;
}

/* v2: controllers in the root's subtree_control, from the nearest
 * ancestor that has them. */
static int v2_prepare_root(struct cg_state *st, struct cg_service *s, const char *root,
			   struct sysg_error *err)
{
	const char *top = st->sys.h[0].mount;
	unsigned wanted = s->controllers & (CG_MEMORY | CG_CPU | CG_PIDS | CG_IO);
	int r = cg_v2_enable(top, root, wanted, err);

	if (r == -EBUSY && move_self_out(st, &(struct sysg_error){0}) == 0)
		r = cg_v2_enable(top, root, wanted, err);
	return r;
}

static int before_spawn(void *state, void *svc_state, struct sysg_error *err)
{
	struct cg_state *st = state;
	struct cg_service *s = svc_state;
	char buf[512], what[PATH_MAX + 32];
	int r;

	for (size_t i = 0; i < s->n_dirs; i++) {
		struct cg_dir *d = &s->dirs[i];

		free(d->path);
		/* Named from the service, unique per sysg instance. */
		if (asprintf(&d->path, "%s/%s.%ld", d->root, s->name, (long)getpid()) < 0) {
			d->path = NULL;
			return sysg_error_set(err, -ENOMEM, "out of memory");
		}
		r = cg_mkdir_p(d->root, err);
		if (r == 0 && st->sys.version == CG_V2)
			r = v2_prepare_root(st, s, d->root, err);
		if (r < 0)
			return r;
		if (mkdir(d->path, 0755) < 0) {
			int e = errno;

			/* Left over by an earlier sysg that had this pid and
			 * died: an empty one is reused. */
			if (e == EEXIST && cg_count(d->path) > 0)
				return sysg_error_set(err, -EEXIST,
						      "cgroup: %s exists and holds processes (another "
						      "sysg with pid %ld?)",
						      d->path, (long)getpid());
			if (e != EEXIST) {
				snprintf(what, sizeof what, "mkdir %s", d->path);
				return cg_fail(err, e, what);
			}
		}
		d->created = true;
	}
	for (size_t w = 0; w < s->n_writes; w++) {
		const struct cg_write *cw = &s->writes[w];
		size_t i = 0;

		while (i < s->n_dirs && !(s->dirs[i].controllers & cw->controller))
			i++;
		snprintf(what, sizeof what, "limits.cgroup.%s", cg_key_names[cw->key]);
		r = cg_write_file(s->dirs[i].path, cw->file, cw->value, what, err);
		if (r < 0)
			return r;
	}
	s->oom_before = 0;
	if (s->memory >= 0 &&
	    cg_read_file(s->dirs[s->memory].path,
			 st->sys.version == CG_V2 ? "memory.events" : "memory.oom_control", buf,
			 sizeof buf) == 0)
		cg_keyed_value(buf, "oom_kill", &s->oom_before);
	for (size_t i = 0; i < s->n_dirs; i++) {
		struct cg_dir *d = &s->dirs[i];
		char path[PATH_MAX];

		snprintf(path, sizeof path, "%s/cgroup.procs", d->path);
		d->procs_fd = open(path, O_WRONLY | O_CLOEXEC);
		if (d->procs_fd < 0) {
			int e = errno;

			snprintf(what, sizeof what, "open %s for writing", path);
			return cg_fail(err, e, what);
		}
	}
	return 0;
}

/*
 * In the child, first of all steps. "0" is the writer itself; the
 * descriptors were opened by the parent, so the permission check is the
 * parent's (cgroup v2 checks the opener's credentials).
 */
static int join(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
		struct sysg_error *err)
{
	const struct cg_service *s = svc_state;

	for (size_t i = 0; i < s->n_dirs; i++)
		if (write(s->dirs[i].procs_fd, "0", 1) != 1)
			return sysg_error_set(err, -errno, "join cgroup %s: write 0 to cgroup.procs",
					      s->dirs[i].path);
	return 0;
}

static void close_procs(struct cg_service *s)
{
	for (size_t i = 0; i < s->n_dirs; i++)
		if (s->dirs[i].procs_fd >= 0) {
			close(s->dirs[i].procs_fd);
			s->dirs[i].procs_fd = -1;
		}
}

static int after_spawn(void *state, void *svc_state, pid_t pid, struct sysg_error *err)
{
	close_procs(svc_state);
	return 0;
}

static void after_exit(void *state, void *svc_state, pid_t pid, int wait_status, char *note,
		       size_t note_size)
{
	struct cg_state *st = state;
	struct cg_service *s = svc_state;
	const char *dir;
	char buf[512], limit[64];
	uint64_t kills = 0;
	bool v2 = st->sys.version == CG_V2;

	if (s->memory < 0 || !s->dirs[s->memory].created)
		return;
	dir = s->dirs[s->memory].path;
	if (cg_read_file(dir, v2 ? "memory.events" : "memory.oom_control", buf, sizeof buf) < 0)
		return;
	if (s->lim.set & (1u << CG_KEY_MEMORY_MAX))
		snprintf(limit, sizeof limit, "memory_max %s", s->lim.memory_max_text);
	else
		snprintf(limit, sizeof limit, "the cgroup's memory limit");
	if (!cg_keyed_value(buf, "oom_kill", &kills)) {
		uint64_t failcnt = 0;

		/* v1 before Linux 4.13 counts no OOM kills; failcnt counts
		 * hitting the limit, which a SIGKILL then explains. */
		if (!v2 && WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL &&
		    cg_read_file(dir, "memory.failcnt", buf, sizeof buf) == 0 &&
		    (failcnt = strtoull(buf, NULL, 10)) > 0)
			snprintf(note, note_size,
				 "probably out of memory (%s reached %llu times)", limit,
				 (unsigned long long)failcnt);
		return;
	}
	if (kills <= s->oom_before)
		return;
	kills -= s->oom_before;
	if (WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL)
		snprintf(note, note_size, "out of memory (%s)", limit);
	else
		snprintf(note, note_size, "the kernel killed %llu of its processes for lack of memory (%s)",
			 (unsigned long long)kills, limit);
}

static int stop(void *state, void *svc_state, pid_t pid, int sig)
{
	struct cg_state *st = state;
	struct cg_service *s = svc_state;
	const struct cg_dir *t = &s->dirs[s->track];

	if (!t->created)
		return -EOPNOTSUPP;
	/* The core signals the service's process group, whose id is the main
	 * pid (it called setsid): leave that group's members to it. */
	return cg_signal_all(st->sys.version, t->path,
			     st->sys.version == CG_V2 ? t->path
			     : s->freezer >= 0       ? s->dirs[s->freezer].path
						     : NULL,
			     sig, pid);
}

static int remaining(void *state, void *svc_state)
{
	struct cg_service *s = svc_state;
	const struct cg_dir *t = &s->dirs[s->track];

	return t->created ? cg_count(t->path) : 0;
}

static int after_run(void *state, void *svc_state, struct sysg_error *err)
{
	struct cg_service *s = svc_state;
	int r = 0;

	close_procs(s);
	for (size_t i = 0; i < s->n_dirs; i++) {
		struct cg_dir *d = &s->dirs[i];

		if (!d->created)
			continue;
		if (cg_remove(d->path, err) < 0 && r == 0)
			r = err->code;
		d->created = false;
	}
	return r;
}

static const char *const keys[] = {"limits.cgroup", NULL};
static const struct sysg_hook hooks[] = {
	{SYSG_PRIO_CGROUP, "join", join},
	{0, NULL, NULL},
};
static const struct sysg_plugin plugin = {
	.abi = SYSG_PLUGIN_ABI,
	.size = sizeof(struct sysg_plugin),
	.name = "cgroup",
	.version = PACKAGE_VERSION,
	.description = "a cgroup per service: limits.cgroup on cgroup v2 or v1, kill and clean "
		       "up the whole group",
	.keys = keys,
	.init = init,
	.fini = fini,
	.configure = configure,
	.release = release,
	.flags = SYSG_PLUGIN_VFORK_SAFE, /* hooks: system calls, stack only */
	.hooks = hooks,
	.before_spawn = before_spawn,
	.after_spawn = after_spawn,
	.after_exit = after_exit,
	.stop = stop,
	.remaining = remaining,
	.after_run = after_run,
};

SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
{
	return &plugin;
}
