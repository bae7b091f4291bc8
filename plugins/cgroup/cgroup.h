/* SPDX-License-Identifier: MIT */
/*
 * The cgroup plugin's parts, shared by its files:
 *   hierarchy.c  where the cgroup filesystems are and where sysg sits in them
 *   limits.c     limits.cgroup read from the config, and the files each key
 *                becomes on cgroup v2 and on v1
 *   group.c      a service's cgroup on disk: create, configure, count,
 *                signal, remove
 *   cgroup.c     the plugin: settings, configure, the callbacks and the hook
 */
#ifndef SYSG_CGROUP_H
#define SYSG_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sysg/plugin.h"

enum cg_version { CG_NONE = 0, CG_V1 = 1, CG_V2 = 2 };

/* The controllers the plugin uses, as bits. */
enum {
	CG_MEMORY = 1u << 0,
	CG_CPU = 1u << 1,
	CG_CPUACCT = 1u << 2, /* v1 only: the CPU usage counter (cpuacct.usage) */
	CG_PIDS = 1u << 3,
	CG_IO = 1u << 4,      /* v2 "io", v1 "blkio" */
	CG_FREEZER = 1u << 5, /* v1 only: stop a whole group without races */
};
#define CG_N_CONTROLLERS 6

/* "memory", "cpu", ... as the kernel names it on this version. */
const char *cg_controller_name(unsigned bit, enum cg_version version);

/* One mounted hierarchy: on v2 the only one, on v1 one per mount of
 * controllers the plugin uses (cpu and cpuacct may share one). */
struct cg_hierarchy {
	unsigned controllers; /* v1: mounted here; v2: what the kernel offers */
	char *mount;          /* where it is mounted */
	char *root;           /* the cgroup the mount shows (mountinfo's root) */
	char *own;            /* sysg's own cgroup below the mount ("" at the
			       * mount's top, else "/a/b"); NULL when sysg's
			       * cgroup is not visible through this mount */
};

struct cg_system {
	enum cg_version version;
	struct cg_hierarchy *h;
	size_t n;
	char why[1024]; /* CG_NONE: what was looked at */
};

/*
 * Read the mounts (a mountinfo file) and sysg's own cgroups (a
 * /proc/PID/cgroup file) and decide: v2 when a cgroup2 mount offers any of
 * memory, cpu, pids or io (a hybrid host's cgroup2 with only hugetlb does
 * not count), else v1 when any of memory, cpu, pids or blkio is mounted,
 * else CG_NONE with the reason in why. Fails only on memory or read errors.
 */
int cg_detect(const char *mountinfo, const char *self_cgroup, struct cg_system *ret,
	      struct sysg_error *err);
void cg_system_free(struct cg_system *sys);

/*
 * The directory of the cgroup that `root` names in hierarchy h, as a newly
 * allocated path. `root` is relative to sysg's own cgroup ("sysg"), a path
 * inside a cgroup mount ("/sys/fs/cgroup/memory/sysg", on v1 naming the same
 * cgroup in every hierarchy), a path below the directory holding the v1
 * mounts ("/sys/fs/cgroup/sysg" = "/sysg" in each), or a cgroup path from the
 * hierarchy's top ("/sysg"). "." and ".." components are refused.
 */
int cg_root_dir(const struct cg_system *sys, size_t h, const char *root, char **ret,
		struct sysg_error *err);
/* Check root's form alone (at config load): non-empty, no "."/".."/"//". */
bool cg_root_valid(const char *root);

/* ------------------------------------------------------------------------
 * Limits, as read from limits.cgroup.
 */
enum cg_key {
	CG_KEY_MEMORY_MAX,
	CG_KEY_MEMORY_HIGH,
	CG_KEY_MEMORY_SWAP_MAX,
	CG_KEY_CPU_MAX,
	CG_KEY_CPU_WEIGHT,
	CG_KEY_PIDS_MAX,
	CG_KEY_IO_WEIGHT,
	CG_KEY_ROOT,
	CG_N_KEYS,
};
extern const char *const cg_key_names[CG_N_KEYS + 1]; /* NULL-terminated */

#define CG_MAX UINT64_MAX /* "max": no limit */

struct cg_limits {
	unsigned set;            /* 1u << CG_KEY_* for each key given */
	uint64_t memory_max, memory_high, memory_swap_max; /* bytes or CG_MAX */
	uint64_t cpu_quota_us;   /* or CG_MAX */
	uint64_t cpu_period_us;
	uint64_t cpu_weight;     /* 1..10000 */
	uint64_t pids_max;       /* or CG_MAX */
	uint64_t io_weight;      /* 1..10000 */
	char *root;              /* NULL: the plugin's setting */
	char memory_max_text[32]; /* as written, for the OOM note: "32M" */
};

/* Parse limits.cgroup (the mapping node); errors carry its position. */
int cg_limits_parse(const struct sysg_node *map, struct cg_limits *ret, struct sysg_error *err);
void cg_limits_free(struct cg_limits *lim);
/* Parse one cpu_max value: "QUOTA PERIOD", "QUOTA" (period 100000), "max",
 * "max PERIOD". */
int cg_parse_cpu_max(const char *s, uint64_t *ret_quota, uint64_t *ret_period, char *why,
		     size_t why_size);
/* "up to 2 CPUs (100 ms of CPU time in every 50 ms period)" */
void cg_explain_cpu_max(uint64_t quota, uint64_t period, char *buf, size_t size);

/* One value to write into a file of the service's cgroup. */
struct cg_write {
	unsigned controller; /* CG_*: the hierarchy on v1 */
	enum cg_key key;     /* what it comes from, for messages */
	char file[40];
	char value[48];
};

/*
 * The writes that apply `lim` on `version`, in the order they must be made
 * (v1: memory.limit_in_bytes before memory.memsw.limit_in_bytes, cfs_period
 * before cfs_quota). Fills at most `max` entries; returns how many, or a
 * negative errno with why filled when the limits cannot be expressed on that
 * version (v1: memory_swap_max without a finite memory_max, io_weight over
 * 1000).
 */
int cg_plan(const struct cg_limits *lim, enum cg_version version, struct cg_write *ret,
	    size_t max, enum cg_key *ret_bad_key, char *why, size_t why_size);
/* The controllers a plan touches. */
unsigned cg_plan_controllers(const struct cg_write *w, size_t n);
#define CG_MAX_WRITES 12

/* ------------------------------------------------------------------------
 * A service's cgroup on disk.
 */
struct cg_dir {
	size_t hier;          /* index in cg_system.h */
	unsigned controllers; /* what the service uses through it */
	char *root;           /* the directory it is made in */
	char *path;           /* the service's own directory, NULL between runs */
	int procs_fd;         /* its cgroup.procs, open for the child's hook */
	bool created;
};

/* The CG_* bits named in a list (words separated by any of seps). */
unsigned cg_controllers_in(const char *list, const char *seps, enum cg_version version);

/* Fill err with "cgroup: WHAT: ERRNO TEXT: HINT" (the root hint for
 * permission and read-only errors) and return -error. */
int cg_fail(struct sysg_error *err, int error, const char *what);
/* mkdir -p; EEXIST is fine. The message names the directory. */
int cg_mkdir_p(const char *path, struct sysg_error *err);
/* Write value into dir/file; the message names both, the errno text, and
 * what to do (the root hint for permission and read-only errors). */
int cg_write_file(const char *dir, const char *file, const char *value, const char *what,
		  struct sysg_error *err);
/* Read dir/file into buf (NUL-terminated); negative errno on failure. */
int cg_read_file(const char *dir, const char *file, char *buf, size_t size);
/* The value of "key N" in a flat-keyed file's text (memory.events,
 * memory.oom_control, cpu.stat); false when absent. */
bool cg_keyed_value(const char *text, const char *key, uint64_t *ret);
/* The pids listed in dir/cgroup.procs: a newly allocated array. */
int cg_read_pids(const char *dir, pid_t **ret, size_t *ret_n);
/* How many processes dir holds (0 when the directory is gone). */
int cg_count(const char *dir);
/*
 * v2: make `controllers` available to the children of dir by enabling them
 * in cgroup.subtree_control from the nearest ancestor that offers them down
 * to dir. top is the mount point (where every controller is offered).
 */
int cg_v2_enable(const char *top, const char *dir, unsigned controllers,
		 struct sysg_error *err);
/* Signal everything in dir. With SIGKILL: cgroup.kill on v2 where the
 * kernel has it, else freeze (freezer_dir on v1, dir itself on v2; NULL for
 * none), signal every pid until none is new, thaw. Members of process group
 * skip_pgid (when > 0) are left out of any other signal: the core signals
 * that group itself, and a service should get its stop signal once. */
int cg_signal_all(enum cg_version version, const char *dir, const char *freezer_dir, int sig,
		  pid_t skip_pgid);
/* Remove dir and any cgroups the service made below it. */
int cg_remove(const char *dir, struct sysg_error *err);

/* What to do when the cgroup filesystem refuses sysg (the seed's advice). */
extern const char cg_root_hint[];

#endif
