/* SPDX-License-Identifier: MIT */
/*
 * <sysg/plugin.h> - the sysg plugin SDK.
 *
 * This is the only header a plugin includes. A plugin is a shared object
 * (built with -shared -fPIC) that exports exactly one symbol,
 * sysg_plugin_entry, returning a pointer to a static struct sysg_plugin.
 * sysg loads every plugin once at start, before any service is configured.
 *
 * Worked example: a plugin that owns the key `hello.nice`, validates it at
 * config load and applies it in the child just before the credentials step.
 *
 *     #include <sysg/plugin.h>
 *     #include <stdlib.h>
 *     #include <sys/resource.h>
 *
 *     static int configure(void *state, struct sysg_service *svc,
 *                          const struct sysg_node *node, void **ret,
 *                          struct sysg_error *err)
 *     {
 *             long long v;
 *             int r = sysg_node_int(sysg_node_get_path(node, "hello.nice"),
 *                                   -20, 19, &v, err); // error has file:line:col
 *             if (r < 0)
 *                     return r;
 *             int *nice = malloc(sizeof *nice);      // allocate here, never in a hook
 *             if (!nice)
 *                     return sysg_error_set(err, -ENOMEM, "out of memory");
 *             *nice = (int)v;
 *             *ret = nice;
 *             return 0;
 *     }
 *     static void release(void *state, void *svc_state) { free(svc_state); }
 *     static int apply(void *state, void *svc_state,
 *                      const struct sysg_exec_ctx *ctx, struct sysg_error *err)
 *     {
 *             // In the child between fork and exec: system calls only.
 *             if (setpriority(PRIO_PROCESS, 0, *(int *)svc_state) < 0)
 *                     return sysg_error_set(err, -errno, "setpriority %d",
 *                                           *(int *)svc_state);
 *             return 0;
 *     }
 *     static const char *const keys[] = { "hello.nice", NULL };
 *     static const struct sysg_hook hooks[] = {
 *             { SYSG_PRIO_CREDENTIALS - 10, "nice", apply }, { 0, NULL, NULL } };
 *     static const struct sysg_plugin plugin = {
 *             .abi = SYSG_PLUGIN_ABI, .size = sizeof(struct sysg_plugin),
 *             .name = "hello", .version = "1.0", .description = "sets niceness",
 *             .keys = keys, .configure = configure, .release = release,
 *             .hooks = hooks,
 *     };
 *     SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void)
 *     {
 *             return &plugin;
 *     }
 *
 * (examples/plugins/hello/ holds a complete, buildable version.)
 *
 * Where code runs:
 *   - init, fini, configure, release, before_spawn, after_spawn, exit_status,
 *     after_exit, stop, remaining and after_run run in the sysg supervisor process (the parent), on
 *     its only thread, from its event loop. They may allocate, open files,
 *     resolve names. They must not block for long: every service waits.
 *   - hooks run in the child, between fork (or vfork, see
 *     SYSG_PLUGIN_VFORK_SAFE) and exec, for services the plugin configured. A hook must not allocate memory, parse text, resolve
 *     names (users, groups, syscalls, capabilities), take locks, or print: do
 *     all of that in configure and keep the result in svc_state. A hook makes
 *     system calls and reports failure through struct sysg_error.
 *
 * ABI rule: SYSG_PLUGIN_ABI changes only on an incompatible change. Compatible
 * additions go at the end of the structs below; the core learns which fields a
 * plugin knows from its `size` and treats fields past it as zero/NULL. A
 * plugin whose abi differs, or whose size is smaller than the oldest layout
 * this core accepts, is refused at load with both values in the message.
 */
#ifndef SYSG_PLUGIN_H
#define SYSG_PLUGIN_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change to this header. */
#define SYSG_PLUGIN_ABI 1

/* Mark the entry point visible even when built with -fvisibility=hidden. */
#define SYSG_PLUGIN_EXPORT __attribute__((visibility("default")))

#if defined(__GNUC__)
#define SYSG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SYSG_PRINTF(f, a)
#endif

/*
 * Well-known hook priorities. Lower runs first; equal priorities run in
 * plugin-name order. The core's own steps are hooks at the numbers marked
 * "core". A third-party plugin picks a number between these to run where it
 * needs; `sysg plugins` prints the resulting order.
 */
enum {
	SYSG_PRIO_CGROUP = 100,         /* join the service's cgroup (first) */
	SYSG_PRIO_RLIMITS = 200,        /* setrlimit */
	SYSG_PRIO_NAMESPACES = 300,     /* unshare / enter namespaces */
	SYSG_PRIO_MOUNTS = 400,         /* private /tmp, private /dev */
	SYSG_PRIO_CAPS_KEEP = 480,      /* keep caps over setuid, drop bounding set */
	SYSG_PRIO_CREDENTIALS = 500,    /* core: setgroups, setgid, setuid */
	SYSG_PRIO_CAPS_SET = 520,       /* set capability sets, raise ambient */
	SYSG_PRIO_CHDIR = 550,          /* core: working_dir */
	SYSG_PRIO_LSM = 600,            /* AppArmor / SELinux exec label */
	SYSG_PRIO_NO_NEW_PRIVS = 700,   /* core: PR_SET_NO_NEW_PRIVS when needed */
	SYSG_PRIO_LANDLOCK = 750,       /* Landlock */
	SYSG_PRIO_FD_LIMIT = 790,       /* core, limits: RLIMIT_NOFILE (the child holds
	                                 * sysg's descriptors until exec: a hook after
	                                 * this may find no free one) */
	SYSG_PRIO_SECCOMP = 800,        /* seccomp filter: last before exec */
	SYSG_PRIO_EXEC = 900,           /* core: close stray fds, exec */
};

/*
 * An error: a negative errno in `code` and a message for the operator.
 * The message is a fixed buffer so that a hook can fill it in the child
 * without allocating. Messages name what they are about (the file:line:col,
 * the path, the value) and, where it helps, what to do.
 */
#define SYSG_ERROR_MAX 1024
struct sysg_error {
	int code;
	char message[SYSG_ERROR_MAX];
};

/*
 * Fill err (if not NULL) and return code, which must be a negative errno.
 * Formatting is vsnprintf into err->message: safe in a hook for %s, %d, %u,
 * %ld, %lu, %x, %c (no allocation in glibc for these conversions).
 */
int sysg_error_set(struct sysg_error *err, int code, const char *fmt, ...) SYSG_PRINTF(3, 4);

/* ------------------------------------------------------------------------
 * Config nodes.
 *
 * The config is parsed once into a read-only tree. Every node knows its file,
 * line and column and its dotted path (services.web.limits.nofile). Nodes and
 * the strings they return belong to the core and are valid only during the
 * call that handed them to you (init or configure): copy what you keep.
 * All accessors accept a NULL node: getters return NULL/0, typed readers
 * return -ENOENT with a message naming the missing key.
 */
struct sysg_node;

enum sysg_node_kind {
	SYSG_NODE_SCALAR = 1,
	SYSG_NODE_SEQUENCE = 2,
	SYSG_NODE_MAPPING = 3,
};

enum sysg_node_kind sysg_node_kind(const struct sysg_node *node);
const char *sysg_node_path(const struct sysg_node *node);   /* "services.web.user" */
const char *sysg_node_file(const struct sysg_node *node);
unsigned sysg_node_line(const struct sysg_node *node);      /* 1-based */
unsigned sysg_node_column(const struct sysg_node *node);    /* 1-based */

/* Number of items of a sequence or pairs of a mapping; 0 for a scalar. */
size_t sysg_node_count(const struct sysg_node *node);
/* The i-th item of a sequence, or the i-th value of a mapping. */
const struct sysg_node *sysg_node_at(const struct sysg_node *node, size_t i);
/* The i-th key of a mapping (NULL for other kinds). */
const char *sysg_node_key_at(const struct sysg_node *node, size_t i);
/* The value for `key` in a mapping, or NULL. */
const struct sysg_node *sysg_node_get(const struct sysg_node *map, const char *key);
/* Follow a dotted path ("limits.cgroup.memory_max") through mappings. */
const struct sysg_node *sysg_node_get_path(const struct sysg_node *map, const char *path);

/*
 * Fail with "file:line:col: KEY: unknown key 'x' (expected one of: a, b)" if
 * the mapping has a key not in the NULL-terminated list `allowed`; -EINVAL if
 * the node is not a mapping.
 */
int sysg_node_check_keys(const struct sysg_node *map, const char *const *allowed,
			 struct sysg_error *err);

/* Typed readers: 0 on success with *ret set, negative errno and err filled
 * (with the node's position and path) on failure; *ret untouched then. */
int sysg_node_string(const struct sysg_node *node, const char **ret, struct sysg_error *err);
int sysg_node_bool(const struct sysg_node *node, bool *ret, struct sysg_error *err);
int sysg_node_int(const struct sysg_node *node, long long min, long long max, long long *ret,
		  struct sysg_error *err);
/* Bytes: 123, 64K, 100M, 2G, 1T (binary multiples, optional "B"/"iB"
 * suffix), or "unlimited"/"infinity"/"max", which give SYSG_UNLIMITED. */
#define SYSG_UNLIMITED UINT64_MAX
int sysg_node_size(const struct sysg_node *node, uint64_t *ret, struct sysg_error *err);
/* Durations: 250ms, 10s, 5m, 1h, combinations ("1m30s"); a bare number is
 * seconds. Result in milliseconds. */
int sysg_node_duration_ms(const struct sysg_node *node, uint64_t *ret, struct sysg_error *err);
/* A sequence of strings (or a single scalar, taken as a list of one) as a
 * NULL-terminated, newly allocated array of newly allocated strings; free it
 * with sysg_strv_free. */
int sysg_node_string_list(const struct sysg_node *node, char ***ret, struct sysg_error *err);
void sysg_strv_free(char **strv);

/* Fill err with "file:line:col: PATH: <message>" and return code. */
int sysg_node_error(struct sysg_error *err, const struct sysg_node *node, int code,
		    const char *fmt, ...) SYSG_PRINTF(4, 5);
/* Print "file:line:col: PATH: warning: <message>" to sysg's log (and to the
 * output of `sysg validate`). Parent side only. */
void sysg_node_warn(const struct sysg_node *node, const char *fmt, ...) SYSG_PRINTF(2, 3);
/* Explain a value in plain words ("file:line:col: PATH: <message>"), for a
 * setting whose meaning is easy to get wrong. `sysg validate` prints it;
 * other commands only at --log-level debug. Parent side only. */
void sysg_node_note(const struct sysg_node *node, const char *fmt, ...) SYSG_PRINTF(2, 3);

/* ------------------------------------------------------------------------
 * Services, as plugins see them (parent side).
 */
struct sysg_service;

const char *sysg_service_name(const struct sysg_service *svc);
/* The service's whole mapping node (services.NAME); valid during configure. */
const struct sysg_node *sysg_service_node(const struct sysg_service *svc);
/*
 * The credentials the service will run with, as resolved by the core from
 * user/group (and --drop-privileges). Returns true when the core's
 * credentials step (priority 500) will change uid or gid, false when the
 * service keeps sysg's own.
 */
bool sysg_service_credentials(const struct sysg_service *svc, uid_t *ret_uid, gid_t *ret_gid);
/*
 * Ask the core to create the child with these clone(2) namespace flags
 * (CLONE_NEWPID, CLONE_NEWUSER, ...) instead of a plain fork. Use this when a
 * namespace must exist from the child's first instruction (a PID namespace,
 * or a user namespace whose maps the parent writes in after_spawn). Call it
 * from configure only.
 */
void sysg_service_add_clone_flags(struct sysg_service *svc, unsigned long flags);
/* Ask the core to set PR_SET_NO_NEW_PRIVS (priority 700) for this service;
 * plugins whose hooks need it (seccomp, Landlock) call it from configure. */
void sysg_service_require_no_new_privs(struct sysg_service *svc);

/* ------------------------------------------------------------------------
 * Hooks (child side).
 */
struct sysg_exec_ctx {
	size_t size;          /* sizeof(struct sysg_exec_ctx) of the core */
	const char *service;  /* the service's name */
	uid_t uid;            /* credentials after the core's step at 500 */
	gid_t gid;
	bool changes_credentials; /* the step at 500 changes uid/gid */
	/*
	 * The close-on-exec descriptor on which the child reports failure to
	 * the parent; the parent reads end-of-file as "exec succeeded". A hook
	 * that forks (a PID namespace's init) must close it in every process
	 * that will not go on to exec the service.
	 */
	int report_fd;
	/*
	 * Every hook after the one running now belongs to a plugin that sets
	 * SYSG_PLUGIN_VFORK_SAFE. A hook that makes another process to go on
	 * with the remaining steps (a PID namespace's init) may let that
	 * process share its memory (CLONE_VM) only then. Read it only when
	 * `size` covers it (cores before it leave it out: false).
	 */
	bool later_hooks_vfork_safe;
};

/*
 * A pre-exec hook. Returns 0 to continue with the next hook, or a negative
 * errno with err filled; the service then does not run, and the parent
 * reports "SERVICE: PLUGIN (prio N): MESSAGE: ERRNO TEXT". The parent adds
 * the errno text (strerror is not safe to call between fork and exec), so a
 * hook's message says only what it tried: "setpriority 5".
 */
typedef int (*sysg_hook_fn)(void *state, void *svc_state, const struct sysg_exec_ctx *ctx,
			    struct sysg_error *err);

struct sysg_hook {
	int priority;       /* SYSG_PRIO_* or a number between them */
	const char *name;   /* a short step name shown by `sysg plugins` */
	sysg_hook_fn fn;
};

/* ------------------------------------------------------------------------
 * The plugin descriptor.
 */

/* Flags. */
enum {
	/* Call configure for every service, with node pointing at the service
	 * even when it uses none of the plugin's keys (e.g. a plugin that
	 * must act on every service that changes user). */
	SYSG_PLUGIN_ALL_SERVICES = 1u << 0,
	/* The plugin's hooks may run in a vfork() child, which shares sysg's
	 * memory until exec and keeps sysg suspended until then. Set it only
	 * when every hook writes to nothing but its own stack variables and
	 * the struct sysg_error it is given, never forks or waits for the
	 * parent (after_spawn runs only once the child has exec'd or died),
	 * and leaves signal handlers alone. The core uses vfork() for a
	 * service only when every plugin with hooks on it says so, the
	 * service keeps sysg's uid and gid and needs no clone flags;
	 * otherwise the child is fork()ed. This saves copying sysg's page
	 * tables at each start (see sysg-plugin(7)). A hook that makes a new
	 * process for the remaining steps (a PID namespace's init) may let it
	 * share the child's memory when all later hooks' plugins say so
	 * (sysg_exec_ctx.later_hooks_vfork_safe). */
	SYSG_PLUGIN_VFORK_SAFE = 1u << 1,
};

struct sysg_plugin {
	uint32_t abi;                  /* SYSG_PLUGIN_ABI */
	uint32_t size;                 /* sizeof(struct sysg_plugin) at build */
	const char *name;              /* unique; [a-z0-9_-]+ */
	const char *version;
	const char *description;       /* one line */
	/* Config keys owned, as dotted paths below a service ("capabilities",
	 * "limits.nofile", "isolation.seccomp"); NULL-terminated. A key owned
	 * by two loaded plugins is refused at load. */
	const char *const *keys;
	uint32_t flags;                /* SYSG_PLUGIN_* */

	/*
	 * Once, after loading, with the plugin's own section of the top-level
	 * `plugins:` map (plugins.NAME), or NULL when there is none. Sets
	 * *ret_state to whatever the plugin wants passed back. Optional.
	 */
	int (*init)(const struct sysg_node *settings, void **ret_state, struct sysg_error *err);
	/* Once, before sysg exits or unloads the plugin. Optional. */
	void (*fini)(void *state);

	/*
	 * Once per service that uses one of the plugin's keys (or every service
	 * with SYSG_PLUGIN_ALL_SERVICES), at config load, in the parent. `node`
	 * is the service's mapping: read your keys with sysg_node_get_path.
	 * Parse, validate (errors with positions via sysg_node_error), resolve
	 * names and allocate everything the hooks will need; store it in
	 * *ret_svc_state. The core has already checked that no unknown key is
	 * present at the plugin's key paths' parents; the plugin checks inside
	 * its own keys (sysg_node_check_keys). Required when keys is non-empty.
	 */
	int (*configure)(void *state, struct sysg_service *svc, const struct sysg_node *node,
			 void **ret_svc_state, struct sysg_error *err);
	/* Free what configure made. Optional. */
	void (*release)(void *state, void *svc_state);

	/* Pre-exec hooks; the array ends with an entry whose fn is NULL. */
	const struct sysg_hook *hooks;

	/*
	 * Parent-side callbacks around each run of a configured service. All
	 * optional. before_spawn runs just before fork (e.g. create and
	 * configure a cgroup; a failure is a start failure). after_spawn runs
	 * right after fork with the child's pid (e.g. write user namespace
	 * maps). after_exit runs when the main process has been reaped; it may
	 * write a short explanation for the exit line into note ("out of memory
	 * (memory_max 2G)"). stop delivers sig to everything the plugin knows
	 * belongs to the service (e.g. the whole cgroup) and returns 0, or
	 * -EOPNOTSUPP when it has nothing to add to the core's process-group
	 * signal. remaining returns how many processes of the service are still
	 * alive (0 when none), or a negative errno when it cannot tell.
	 */
	int (*before_spawn)(void *state, void *svc_state, struct sysg_error *err);
	int (*after_spawn)(void *state, void *svc_state, pid_t pid, struct sysg_error *err);
	void (*after_exit)(void *state, void *svc_state, pid_t pid, int wait_status, char *note,
			   size_t note_size);
	int (*stop)(void *state, void *svc_state, pid_t pid, int sig);
	int (*remaining)(void *state, void *svc_state);
	/*
	 * The run is over: the main process has been reaped and nothing of the
	 * service remains (remaining() returned 0), or the start failed. Undo
	 * what before_spawn set up for this run (e.g. remove the cgroup, which
	 * only an empty group allows). Called after every start attempt, also
	 * one that failed before this plugin's before_spawn ran: tolerate that.
	 * A failure (message with its errno text, as for before_spawn) is
	 * logged as a warning and changes nothing else. Optional.
	 */
	int (*after_run)(void *state, void *svc_state, struct sysg_error *err);
	/*
	 * The wait status the service itself ended with, when the process the
	 * core reaped only stands in for it (e.g. a PID namespace's init, which
	 * the kernel does not let die of the service's signal). Called first
	 * when the main process has been reaped, before after_exit, which then
	 * sees the returned status; restart policy, the exit line and `sysg
	 * status` use it too. Return wait_status unchanged when there is
	 * nothing to say. Parent side; optional. Added in place of reserved[0]:
	 * the struct's size and SYSG_PLUGIN_ABI are unchanged, and a plugin
	 * built before it has NULL there.
	 */
	int (*exit_status)(void *state, void *svc_state, pid_t pid, int wait_status);

	void *reserved[7];             /* must be NULL; room to grow */
};

/* The one symbol a plugin exports. */
typedef const struct sysg_plugin *(*sysg_plugin_entry_fn)(void);
#define SYSG_PLUGIN_ENTRY "sysg_plugin_entry"
SYSG_PLUGIN_EXPORT const struct sysg_plugin *sysg_plugin_entry(void);

#ifdef __cplusplus
}
#endif

#endif
