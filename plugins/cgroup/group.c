/* SPDX-License-Identifier: MIT */
/*
 * A service's cgroup on disk: directories, control files, the processes in
 * it. Parent side only (the child's one step, joining, is in cgroup.c).
 * Every message names the file and the value, so an operator can retry the
 * write by hand and see the same error.
 */
#include "build-config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"

const char cg_root_hint[] =
	"if the cgroup filesystem is read-only or not delegated to sysg (as in many "
	"containers), set limits.cgroup.root (or plugins.cgroup.root for every service) "
	"to a cgroup sysg may write";

static const char *hint_for(int error)
{
	switch (error) {
	case EACCES:
	case EPERM:
	case EROFS:
		return cg_root_hint;
	case ENOENT:
		return "the kernel offers no such file there: is the controller enabled for this "
		       "cgroup?";
	case EINVAL:
	case ERANGE:
		return "the kernel refused the value";
	default:
		return NULL;
	}
}

int cg_fail(struct sysg_error *err, int error, const char *what)
{
	const char *hint = hint_for(error);

	return sysg_error_set(err, -error, "cgroup: %s: %s%s%s", what, strerror(error),
			      hint ? ": " : "", hint ? hint : "");
}

int cg_mkdir_p(const char *path, struct sysg_error *err)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof buf)
		return sysg_error_set(err, -ENAMETOOLONG, "cgroup: path too long: %s", path);
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST) {
			char what[PATH_MAX + 16];
			int e = errno;

			snprintf(what, sizeof what, "mkdir %s", buf);
			return cg_fail(err, e, what);
		}
		if (!saved)
			return 0;
		*p = saved;
	}
}

int cg_write_file(const char *dir, const char *file, const char *value, const char *what,
		  struct sysg_error *err)
{
	char path[PATH_MAX];
	size_t len = strlen(value);
	int fd, r = 0;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	errno = 0;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, value, len) != (ssize_t)len)
		r = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	if (r) {
		char msg[PATH_MAX + 256];

		snprintf(msg, sizeof msg, "%s: write '%s' to %s", what, value, path);
		return cg_fail(err, r, msg);
	}
	return 0;
}

int cg_read_file(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	close(fd);
	buf[n] = '\0';
	return 0;
}

bool cg_keyed_value(const char *text, const char *key, uint64_t *ret)
{
	size_t n = strlen(key);

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line += !!line) {
		if (!strncmp(line, key, n) && line[n] == ' ') {
			char *end;
			unsigned long long v = strtoull(line + n + 1, &end, 10);

			if (end == line + n + 1)
				return false;
			*ret = v;
			return true;
		}
	}
	return false;
}

int cg_read_pids(const char *dir, pid_t **ret, size_t *ret_n)
{
	char path[PATH_MAX];
	pid_t *pids = NULL;
	size_t n = 0, cap = 0;
	long pid;
	FILE *f;

	*ret = NULL;
	*ret_n = 0;
	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fscanf(f, "%ld", &pid) == 1) {
		if (n == cap) {
			pid_t *np = realloc(pids, (cap = cap ? cap * 2 : 16) * sizeof *np);

			if (!np) {
				free(pids);
				fclose(f);
				return -ENOMEM;
			}
			pids = np;
		}
		pids[n++] = (pid_t)pid;
	}
	fclose(f);
	*ret = pids;
	*ret_n = n;
	return 0;
}

int cg_count(const char *dir)
{
	pid_t *pids;
	size_t n;
	int r = cg_read_pids(dir, &pids, &n);

	if (r == -ENOENT)
		return 0; /* the group is gone, and nothing with it */
	if (r < 0)
		return r;
	free(pids);
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* The controllers named in a cgroup v2 list file (cgroup.controllers,
 * cgroup.subtree_control). */
/* The controllers named in a cgroup v2 list file (cgroup.controllers,
 * cgroup.subtree_control). */
static unsigned v2_list(const char *dir, const char *file)
{
	char buf[512];

	if (cg_read_file(dir, file, buf, sizeof buf) < 0)
		return 0;
	return cg_controllers_in(buf, " \n", CG_V2);
}

int cg_v2_enable(const char *top, const char *dir, unsigned controllers,
		 struct sysg_error *err)
{
	unsigned missing = controllers & ~v2_list(dir, "cgroup.subtree_control");
	bool at_top = !strcmp(dir, top);

	if (!missing)
		return 0;
	/* What dir itself lacks must first be handed down from above. */
	if (!at_top) {
		unsigned lacking = missing & ~v2_list(dir, "cgroup.controllers");
		char parent[PATH_MAX];
		const char *slash = strrchr(dir, '/');

		if (lacking) {
			if (!slash || slash == dir || strlen(dir) <= strlen(top))
				return sysg_error_set(err, -ENOENT,
						      "cgroup: %s lies outside the cgroup2 mount %s",
						      dir, top);
			snprintf(parent, sizeof parent, "%.*s", (int)(slash - dir), dir);
			int r = cg_v2_enable(top, parent, lacking, err);

			if (r < 0)
				return r;
		}
	}
	for (unsigned bit = 1; bit < (1u << CG_N_CONTROLLERS); bit <<= 1) {
		char value[32], path[PATH_MAX];
		int fd, e = 0;

		if (!(missing & bit))
			continue;
		snprintf(value, sizeof value, "+%s", cg_controller_name(bit, CG_V2));
		snprintf(path, sizeof path, "%s/cgroup.subtree_control", dir);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, value, strlen(value)) < 0)
			e = errno;
		if (fd >= 0)
			close(fd);
		if (e == EBUSY)
			/* The caller may be able to empty dir and retry. */
			return sysg_error_set(
				err, -EBUSY,
				"cgroup: write '%s' to %s: %s: cgroup v2 hands controllers only to "
				"the children of a cgroup that holds no process itself, and %s holds "
				"some: start sysg in a cgroup of its own, or set limits.cgroup.root "
				"(or plugins.cgroup.root) to a cgroup whose parent holds no process",
				value, path, strerror(e), dir);
		if (e) {
			char msg[2 * PATH_MAX];

			snprintf(msg, sizeof msg, "enable the %s controller: write '%s' to %s",
				 cg_controller_name(bit, CG_V2), value, path);
			return cg_fail(err, e, msg);
		}
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Freeze (or thaw) the group; true once frozen. Bounded: a task stuck in
 * the kernel must not hold up the supervisor, and signalling without the
 * freeze still works, only without the guarantee against a racing fork. */
static bool set_frozen(enum cg_version version, const char *dir, bool frozen)
{
	char buf[512];
	uint64_t v;

	if (cg_write_file(dir, version == CG_V2 ? "cgroup.freeze" : "freezer.state",
			  version == CG_V2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED"),
			  "freeze", &(struct sysg_error){0}) < 0)
		return false;
	if (!frozen)
		return true;
	for (int i = 0; i < 100; i++) {
		if (version == CG_V2 ? cg_read_file(dir, "cgroup.events", buf, sizeof buf) == 0 &&
					       cg_keyed_value(buf, "frozen", &v) && v == 1
				     : cg_read_file(dir, "freezer.state", buf, sizeof buf) == 0 &&
					       !strncmp(buf, "FROZEN", 6))
			return true;
		sleep_ms(1);
	}
	return false;
}

static bool seen(const pid_t *list, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == pid)
			return true;
	return false;
}

int cg_signal_all(enum cg_version version, const char *dir, const char *freezer_dir, int sig,
		  pid_t skip_pgid)
{
	pid_t *done = NULL;
	size_t n_done = 0, cap = 0;
	bool frozen = false;

	if (sig == SIGKILL && version == CG_V2 &&
	    cg_write_file(dir, "cgroup.kill", "1", "kill", &(struct sysg_error){0}) == 0)
		return 0; /* the kernel kills every member, forks in flight too */
	if (sig == SIGKILL && freezer_dir)
		frozen = set_frozen(version, freezer_dir, true);
	/* Until a pass finds no process not yet signalled: a process forked
	 * while we read the list is in the next read. */
	for (int round = 0; round < 64; round++) {
		pid_t *pids;
		size_t n;
		bool any_new = false;

		if (cg_read_pids(dir, &pids, &n) < 0)
			break;
		for (size_t i = 0; i < n; i++) {
			if (seen(done, n_done, pids[i]))
				continue;
			if (n_done == cap) {
				pid_t *nd = realloc(done, (cap = cap ? cap * 2 : 16) * sizeof *nd);

				if (!nd)
					break;
				done = nd;
			}
			done[n_done++] = pids[i];
			if (sig != SIGKILL && skip_pgid > 0 && getpgid(pids[i]) == skip_pgid)
				continue;
			(void)kill(pids[i], sig);
			any_new = true;
		}
		free(pids);
		if (!any_new || frozen)
			break;
	}
	free(done);
	if (sig == SIGKILL && freezer_dir)
		set_frozen(version, freezer_dir, false);
	return 0;
}

static int rm_fail(struct sysg_error *err, int e, const char *op, const char *dir)
{
	char what[PATH_MAX + 16];

	snprintf(what, sizeof what, "%s %s", op, dir);
	return cg_fail(err, e, what);
}

int cg_remove(const char *dir, struct sysg_error *err)
{
	DIR *d;
	struct dirent *de;

	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY && errno != ENOTEMPTY)
		return rm_fail(err, errno, "rmdir", dir);
	/* Cgroups the service made below its own go first. */
	d = opendir(dir);
	if (!d)
		return rm_fail(err, errno, "open", dir);
	while ((de = readdir(d))) {
		char sub[PATH_MAX];

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name) >= sizeof sub)
			continue;
		if (cg_remove(sub, err) < 0) {
			closedir(d);
			return err->code;
		}
	}
	closedir(d);
	if (rmdir(dir) < 0 && errno != ENOENT)
		return rm_fail(err, errno, "rmdir", dir);
	return 0;
}
