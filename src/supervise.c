/* SPDX-License-Identifier: MIT */
/*
 * The supervision loop: one thread, one epoll set (a signalfd, each starting
 * child's report pipe, each service's output pipes, the control socket and
 * its clients) and deadlines computed from the services' own state, so sysg
 * sleeps until something happens and never polls on a tick.
 *
 * sysg is a child subreaper: whatever a service leaves behind is re-parented
 * to sysg, so it is reaped here, and a service's process group can be
 * watched until it is empty. A service is only "down" when its whole process
 * group is gone; nothing it started survives a stop or a restart.
 */
#include "build-config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "signals.h"
#include "spawn.h"
#include "supervise.h"
#include "supervisor.h"

/* A run at least this long resets the breaker and the backoff. */
#define STABLE_RUN_MS 10000

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

const char *unit_state_name(enum unit_state s)
{
	static const char *const names[] = {"waiting", "starting", "running", "stopping",
					    "backoff", "exited",   "failed",  "stopped"};

	return names[s];
}

bool unit_final(enum unit_state s)
{
	return s == U_EXITED || s == U_FAILED || s == U_STOPPED;
}

bool unit_alive(enum unit_state s)
{
	return s == U_STARTING || s == U_RUNNING || s == U_STOPPING;
}

struct unit *sv_find(struct supervisor *sv, const char *name)
{
	for (size_t i = 0; i < sv->n_units; i++)
		if (!strcmp(sv->units[i]->name, name))
			return sv->units[i];
	return NULL;
}

int sv_watch(struct supervisor *sv, int fd, struct watch *w, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = w};

	return epoll_ctl(sv->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

void sv_unwatch(struct supervisor *sv, int fd)
{
	epoll_ctl(sv->epfd, EPOLL_CTL_DEL, fd, NULL);
}

static void describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by %s%s", signal_name(WTERMSIG(status)),
			 WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(buf, size, "ended (wait status 0x%x)", (unsigned)status);
}

/* Is anything of the service's current or last run still alive? */
static bool group_alive(struct unit *u)
{
	struct sysg_service *svc = u->svc;

	if (u->pgid > 0 && (kill(-u->pgid, 0) == 0 || errno == EPERM))
		return true;
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		if (p->api.remaining && p->api.remaining(p->state, svc->plugins[i].svc_state) > 0)
			return true;
	}
	return false;
}

/* Deliver sig to the whole service: its process group, the main process
 * when it is not (yet, or any more) in that group, and whatever plugins
 * track. The main process gets each signal once: a second SIGTERM can cut
 * a service's own shutdown short. Group membership is read before the group
 * is signalled, so a child that calls setsid in between is signalled by pid
 * rather than missed. */
static void signal_unit(struct unit *u, int sig)
{
	struct sysg_service *svc = u->svc;
	bool in_group = u->pid > 0 && u->pgid > 0 && getpgid(u->pid) == u->pgid;

	if (u->pgid > 0)
		(void)kill(-u->pgid, sig);
	if (u->pid > 0 && !in_group)
		(void)kill(u->pid, sig);
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		if (p->api.stop)
			(void)p->api.stop(p->state, svc->plugins[i].svc_state, u->pid, sig);
	}
}

static void begin_stop(struct unit *u)
{
	if (u->signalled)
		return;
	u->signalled = true;
	u->state = U_STOPPING;
	signal_unit(u, u->svc->stop_signal);
	/* A stopped (SIGSTOP) process would never act on the signal. */
	signal_unit(u, SIGCONT);
	u->deadline = now_ms() + u->svc->stop_timeout_ms;
}

static void close_report(struct supervisor *sv, struct unit *u)
{
	if (u->report_fd < 0)
		return;
	sv_unwatch(sv, u->report_fd);
	close(u->report_fd);
	u->report_fd = -1;
}

static void stream_open(struct supervisor *sv, struct unit *u, int fd, int dest,
			struct logfile *log)
{
	struct stream *s = calloc(1, sizeof *s);

	if (!s) {
		close(fd);
		return;
	}
	s->w = (struct watch){W_OUTPUT, s};
	s->owner = u;
	s->out = (struct output){
		.fd = fd, .dest = sv->opts.echo ? dest : -1, .log = log, .name = u->name};
	if (sv_watch(sv, fd, &s->w, EPOLLIN) < 0) {
		close(fd);
		free(s);
		return;
	}
	s->next = sv->streams;
	sv->streams = s;
}

static void stream_close(struct supervisor *sv, struct stream *s)
{
	struct stream **pp;

	output_flush(&s->out);
	sv_unwatch(sv, s->out.fd);
	close(s->out.fd);
	for (pp = &sv->streams; *pp && *pp != s; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = s->next;
	free(s);
}

static void on_run_over(struct supervisor *sv, struct unit *u);

/* Kept for status and for a waiting `sysg start`; long messages are cut. */
static void set_start_error(struct unit *u, const char *why)
{
	snprintf(u->last_error, sizeof u->last_error, "cannot start: %.*s",
		 (int)sizeof u->last_error - 16, why);
}

/* A run ended before anything ran (no process to reap). */
static void start_failed(struct supervisor *sv, struct unit *u, const char *why)
{
	log_error("%s: cannot start: %s", u->name, why);
	set_start_error(u, why);
	snprintf(u->last_exit, sizeof u->last_exit, "start failed");
	u->start_failed = true;
	u->wait_status = 0;
	on_run_over(sv, u);
}

static void start_unit(struct supervisor *sv, struct unit *u)
{
	struct sysg_error err = {0};
	int out[2] = {-1, -1}, errp[2] = {-1, -1};
	struct spawn_io io;
	pid_t pid;
	int report_fd, r;

	u->start_failed = false;
	u->signalled = u->killed = false;
	u->deadline = 0;
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
		char why[128];

		snprintf(why, sizeof why, "pipe: %s", strerror(errno));
		if (out[0] >= 0) {
			close(out[0]);
			close(out[1]);
		}
		start_failed(sv, u, why);
		return;
	}
	io = (struct spawn_io){.in = sv->devnull, .out = out[1], .err = errp[1]};
	u->crashed_in = NULL;
	r = spawn_service(u->svc, &io, u->slot, &pid, &report_fd, &err);
	close(out[1]);
	close(errp[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	stream_open(sv, u, out[0], STDOUT_FILENO, &u->out_log);
	stream_open(sv, u, errp[0], STDERR_FILENO, &u->err_log);
	if (r < 0 && pid == 0) {
		start_failed(sv, u, err.message);
		return;
	}
	u->pid = u->pgid = pid;
	u->state = U_STARTING;
	u->started_at = now_ms();
	u->report_fd = report_fd;
	u->report_w = (struct watch){W_REPORT, u};
	if (sv_watch(sv, report_fd, &u->report_w, EPOLLIN) < 0)
		log_warn("%s: cannot watch the start of pid %d", u->name, (int)pid);
	if (r < 0) {
		/* after_spawn failed: the child has been killed; reaping it ends
		 * this run as a failed start. */
		log_error("%s: cannot start: %s", u->name, err.message);
		set_start_error(u, err.message);
		u->start_failed = true;
		close_report(sv, u);
	}
	log_debug("%s: forked pid %d", u->name, (int)pid);
}

/* Act on what the child's report pipe gave: a failure record (r == 1), or
 * end-of-file at exec (r == 0). */
static void handle_report(struct supervisor *sv, struct unit *u, int r,
			  const struct spawn_report *rep)
{
	char msg[sizeof rep->message + 256];

	if (r == 1) {
		spawn_format_report(rep, msg, sizeof msg);
		log_error("%s: cannot start: %s", u->name, msg);
		set_start_error(u, msg);
		u->start_failed = true;
		u->first_done = true;
	} else if (!spawn_reached_exec(u->svc, u->slot)) {
		/* End-of-file without exec: the child died in a hook. Its exit
		 * status, when reaped, says how. */
		u->crashed_in = spawn_last_hook(u->svc, u->slot);
		u->start_failed = true;
		u->first_done = true;
	} else if (u->state == U_STARTING) {
		u->state = U_RUNNING;
		u->ever_started = true;
		u->first_done = true;
		log_info("%s: started (pid %d)", u->name, (int)u->pid);
	}
	close_report(sv, u);
}

static void on_report(struct supervisor *sv, struct unit *u)
{
	struct spawn_report rep;
	int r;

	if (u->report_fd < 0)
		return; /* closed earlier in this batch of events */
	r = spawn_read_report(u->report_fd, &rep);
	if (r != -EAGAIN)
		handle_report(sv, u, r < 0 ? 0 : r, &rep);
}

static void decide_restart(struct unit *u)
{
	struct sysg_service *svc = u->svc;
	bool failed = u->start_failed || !WIFEXITED(u->wait_status) ||
		      WEXITSTATUS(u->wait_status) != 0;
	bool restart = svc->restart == RESTART_ALWAYS ||
		       (svc->restart == RESTART_ON_FAILURE && failed);
	uint64_t now = now_ms(), delay;

	u->first_done = true;
	if (!restart) {
		u->state = failed ? U_FAILED : U_EXITED;
		if (failed)
			log_error("%s: failed; restart_policy never: not restarting it", u->name);
		return;
	}
	if (!u->start_failed && now - u->started_at >= STABLE_RUN_MS)
		u->failures_in_row = 0;
	if (svc->max_restarts != MAX_RESTARTS_UNLIMITED && u->failures_in_row >= svc->max_restarts) {
		u->state = U_FAILED;
		log_error("%s: giving up after %u restarts in a row without a run of %ds "
			  "(max_restarts %u)",
			  u->name, u->failures_in_row, STABLE_RUN_MS / 1000, svc->max_restarts);
		return;
	}
	delay = svc->backoff_ms;
	for (unsigned i = 0; i < u->failures_in_row && delay < svc->backoff_max_ms; i++)
		delay *= 2;
	if (delay > svc->backoff_max_ms)
		delay = svc->backoff_max_ms;
	u->failures_in_row++;
	u->restarts++;
	u->state = U_BACKOFF;
	u->deadline = now + delay;
	log_info("%s: restarting in %llu ms (restart %u in a row)", u->name,
		 (unsigned long long)delay, u->failures_in_row);
}

/* A reload changed the service: from now on run the new definition. */
void unit_adopt_next(struct unit *u)
{
	if (!u->next_svc)
		return;
	config_unref(u->cfg);
	u->svc = u->next_svc;
	u->cfg = u->next_cfg;
	u->next_svc = NULL;
	u->next_cfg = NULL;
	logfile_close(&u->out_log);
	logfile_close(&u->err_log);
	u->out_log.max_bytes = u->err_log.max_bytes = u->svc->log_max_bytes;
	u->out_log.max_files = u->err_log.max_files = u->svc->log_max_files;
}

/* Let the plugins undo what they set up for the run (a cgroup is removed
 * only once it is empty, hence here and not in after_exit). */
static void plugins_after_run(struct unit *u)
{
	struct sysg_service *svc = u->svc;

	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;
		struct sysg_error err = {0};
		int r;

		if (!p->api.after_run)
			continue;
		r = p->api.after_run(p->state, svc->plugins[i].svc_state, &err);
		if (r < 0)
			log_warn("%s: %s: %s", svc->name, p->api.name,
				 err.message[0] ? err.message : strerror(-r));
	}
}

/* The main process is gone and its group is empty (or it never started). */
static void on_run_over(struct supervisor *sv, struct unit *u)
{
	plugins_after_run(u);
	u->pgid = 0;
	u->deadline = 0;
	if (u->restart_requested && !sv->shutting_down && !u->remove_requested) {
		u->restart_requested = u->stop_requested = false;
		u->failures_in_row = 0;
		unit_adopt_next(u);
		u->state = U_WAITING;
		log_info("%s: stopped; starting again", u->name);
		return;
	}
	if (u->stop_requested || sv->shutting_down || u->remove_requested) {
		u->state = U_STOPPED;
		u->first_done = true;
		log_info("%s: stopped", u->name);
		return;
	}
	decide_restart(u);
}

static void on_main_exit(struct supervisor *sv, struct unit *u, int status)
{
	struct sysg_service *svc = u->svc;
	char note[256] = "";
	pid_t pid = u->pid;

	/* A plugin's process may stand in for the service (a PID namespace's
	 * init): from here on, the status is the service's own. */
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;

		if (p->api.exit_status)
			status = p->api.exit_status(p->state, svc->plugins[i].svc_state, pid, status);
	}
	u->wait_status = status;
	u->pid = 0;
	if (u->report_fd >= 0) {
		/* Exited while starting: its report (or end-of-file) is there now,
		 * unless a descendant still holds the pipe without having exec'd. */
		struct spawn_report rep;
		int r = spawn_read_report(u->report_fd, &rep);

		if (r == 1 || r == 0) {
			handle_report(sv, u, r, &rep);
		} else if (u->state == U_STARTING) {
			log_error("%s: cannot start: exited before exec without a report", u->name);
			snprintf(u->last_error, sizeof u->last_error,
				 "cannot start: exited before exec without a report");
			u->start_failed = true;
		}
		close_report(sv, u);
	}
	for (size_t i = 0; i < svc->n_plugins; i++) {
		struct plugin *p = svc->plugins[i].plugin;
		char one[128] = "";
		size_t len = strlen(note);

		if (!p->api.after_exit)
			continue;
		p->api.after_exit(p->state, svc->plugins[i].svc_state, pid, status, one, sizeof one);
		if (one[0])
			snprintf(note + len, sizeof note - len, "%s%s", len ? "; " : "", one);
	}
	if (u->crashed_in) {
		char how[96], msg[256];

		describe_status(status, how, sizeof how);
		snprintf(msg, sizeof msg, "%s (prio %d, %s): the hook crashed: %s",
			 u->crashed_in->plugin->api.name, u->crashed_in->hook->priority,
			 u->crashed_in->hook->name, how);
		log_error("%s: cannot start: %s", u->name, msg);
		set_start_error(u, msg);
		u->crashed_in = NULL;
	}
	if (u->start_failed) {
		snprintf(u->last_exit, sizeof u->last_exit, "start failed");
	} else {
		describe_status(status, u->last_exit, sizeof u->last_exit);
		if (note[0])
			log_info("%s: %s: %s", u->name, u->last_exit, note);
		else if (u->stop_requested || sv->shutting_down ||
			 (WIFEXITED(status) && !WEXITSTATUS(status)))
			log_info("%s: %s", u->name, u->last_exit);
		else
			log_warn("%s: %s", u->name, u->last_exit);
	}
	if (group_alive(u)) {
		/* Leftovers of a run may not outlive it: stop them the same way. */
		begin_stop(u);
		return;
	}
	on_run_over(sv, u);
}

static void reap(struct supervisor *sv)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (size_t i = 0; i < sv->n_units; i++)
			if (sv->units[i]->pid == pid) {
				on_main_exit(sv, sv->units[i], status);
				break;
			}
	}
	/* An orphan reaped may have been the last of a stopping group. */
	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *u = sv->units[i];

		if (u->state == U_STOPPING && u->pid == 0 && !group_alive(u))
			on_run_over(sv, u);
	}
}

void sv_shutdown(struct supervisor *sv, const char *why)
{
	if (!sv->shutting_down)
		log_info("%s: stopping all services", why);
	sv->shutting_down = true;
}

static void on_shutdown_signal(struct supervisor *sv, int sig)
{
	char why[64];

	sv->shutdown_signals++;
	if (sv->shutdown_signals == 1) {
		snprintf(why, sizeof why, "received %s", signal_name(sig));
		sv_shutdown(sv, why);
		return;
	}
	/* Asked again: do not wait out stop_timeout. */
	log_info("received %s again: killing all services now", signal_name(sig));
	for (size_t i = 0; i < sv->n_units; i++)
		if (sv->units[i]->state == U_STOPPING)
			sv->units[i]->deadline = now_ms();
}

static void on_signal(struct supervisor *sv)
{
	struct signalfd_siginfo si;

	while (read(sv->sigfd, &si, sizeof si) == sizeof si) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			break;
		case SIGTERM:
		case SIGINT:
		case SIGHUP:
		case SIGQUIT:
			on_shutdown_signal(sv, (int)si.ssi_signo);
			break;
		}
	}
	/* Reap after every wakeup: SIGCHLD coalesces. */
	reap(sv);
}

void sv_start(struct supervisor *sv, struct unit *u)
{
	if (!unit_final(u->state))
		return;
	u->stop_requested = false;
	u->failures_in_row = 0;
	unit_adopt_next(u);
	u->state = U_WAITING;
}

void sv_stop(struct supervisor *sv, struct unit *u)
{
	u->stop_requested = true;
	u->restart_requested = false;
	if (u->state == U_WAITING || u->state == U_BACKOFF) {
		u->state = U_STOPPED;
		u->deadline = 0;
		log_info("%s: stopped", u->name);
	} else if (u->state == U_STARTING || u->state == U_RUNNING) {
		begin_stop(u);
	}
}

void sv_restart(struct supervisor *sv, struct unit *u)
{
	if (unit_alive(u->state)) {
		u->restart_requested = true;
		begin_stop(u);
		return;
	}
	/* Waiting, backing off or ended: start afresh, now. */
	u->state = U_STOPPED;
	u->deadline = 0;
	sv_start(sv, u);
}

/* Progress slots (spawn.h): one per unit, reused after it is gone. */
static unsigned next_slot, *free_slots, n_free_slots;

static unsigned slot_get(void)
{
	return n_free_slots ? free_slots[--n_free_slots] : next_slot++;
}

static void slot_put(unsigned slot)
{
	unsigned *f = realloc(free_slots, (n_free_slots + 1) * sizeof *f);

	if (f) {
		free_slots = f;
		free_slots[n_free_slots++] = slot;
	}
}

struct unit *sv_add_unit(struct supervisor *sv, struct sysg_service *svc, struct config *cfg)
{
	struct unit **units = realloc(sv->units, (sv->n_units + 1) * sizeof *units);
	struct unit *u = calloc(1, sizeof *u);

	if (units)
		sv->units = units;
	if (!units || !u) {
		free(u);
		return NULL;
	}
	snprintf(u->name, sizeof u->name, "%s", svc->name);
	u->svc = svc;
	u->cfg = config_ref(cfg);
	u->report_fd = -1;
	u->slot = slot_get();
	u->state = U_WAITING;
	logfile_open(&u->out_log, sv->opts.paths->logs, u->name, "stdout", svc->log_max_bytes,
		     svc->log_max_files);
	logfile_open(&u->err_log, sv->opts.paths->logs, u->name, "stderr", svc->log_max_bytes,
		     svc->log_max_files);
	sv->units[sv->n_units++] = u;
	return u;
}

static void free_unit(struct supervisor *sv, struct unit *u)
{
	/* Its output streams go with it: flush what they hold. */
	for (struct stream *s = sv->streams, *next; s; s = next) {
		next = s->next;
		if (s->owner == u) {
			output_pump(&s->out);
			stream_close(sv, s);
		}
	}
	close_report(sv, u);
	logfile_close(&u->out_log);
	logfile_close(&u->err_log);
	config_unref(u->cfg);
	config_unref(u->next_cfg);
	slot_put(u->slot);
	free(u);
}

/* Units a reload removed, once they are down. */
static void drop_removed(struct supervisor *sv)
{
	size_t k = 0;

	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *u = sv->units[i];

		if (u->remove_requested && unit_final(u->state)) {
			log_info("%s: removed", u->name);
			free_unit(sv, u);
		} else {
			sv->units[k++] = u;
		}
	}
	sv->n_units = k;
}

/* Does any live service depend on u? Dependents stop first. */
static bool has_live_dependents(struct supervisor *sv, struct unit *u)
{
	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *d = sv->units[i];

		if (!unit_alive(d->state) && d->state != U_BACKOFF)
			continue;
		for (char **dep = d->svc->depends_on; dep && *dep; dep++)
			if (!strcmp(*dep, u->name))
				return true;
	}
	return false;
}

/* Are all of u's dependencies running? Fails u for good when one of them
 * ended without ever having started. */
static bool dependencies_ready(struct supervisor *sv, struct unit *u)
{
	bool ready = true;

	for (char **dep = u->svc->depends_on; dep && *dep; dep++) {
		struct unit *d = sv_find(sv, *dep);

		if (d && d->ever_started)
			continue;
		ready = false;
		if (!d || unit_final(d->state)) {
			u->state = U_FAILED;
			u->first_done = true;
			snprintf(u->last_error, sizeof u->last_error,
				 "not started: its dependency %s did not start", *dep);
			log_error("%s: %s", u->name, u->last_error);
			return false;
		}
	}
	return ready;
}

/* One pass of "start what may start, stop what must stop"; true when it
 * changed any service's state. */
static bool advance_once(struct supervisor *sv)
{
	bool changed = false;

	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *u = sv->units[i];
		enum unit_state before = u->state;

		if (sv->shutting_down || u->remove_requested) {
			if (u->state == U_WAITING || u->state == U_BACKOFF) {
				u->state = U_STOPPED;
				u->deadline = 0;
			} else if ((u->state == U_STARTING || u->state == U_RUNNING) &&
				   !has_live_dependents(sv, u)) {
				u->stop_requested = true;
				begin_stop(u);
			}
		} else if (u->state == U_WAITING && dependencies_ready(sv, u)) {
			start_unit(sv, u);
		}
		changed |= u->state != before;
	}
	return changed;
}

/* Run after every batch of events, until nothing more follows from them: a
 * change to one service (a failed start, a stop) may let another move, and
 * no later event would come to wake the loop for it. */
static void advance(struct supervisor *sv)
{
	while (advance_once(sv))
		;
	drop_removed(sv);
}

static void on_deadlines(struct supervisor *sv)
{
	uint64_t now = now_ms();

	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *u = sv->units[i];

		if (!u->deadline || u->deadline > now)
			continue;
		u->deadline = 0;
		if (u->state == U_BACKOFF) {
			u->state = U_WAITING;
		} else if (u->state == U_STOPPING && !u->killed) {
			log_warn("%s: still running %llu ms after %s: sending SIGKILL", u->name,
				 (unsigned long long)u->svc->stop_timeout_ms,
				 signal_name(u->svc->stop_signal));
			u->killed = true;
			signal_unit(u, SIGKILL);
			/* SIGKILL cannot be refused, but a process stuck in the
			 * kernel (D state) can take its time: look again later. */
			u->deadline = now + u->svc->stop_timeout_ms;
		} else if (u->state == U_STOPPING && u->pid == 0) {
			/* The main process is gone; what is left outlived SIGKILL
			 * by a whole stop_timeout. Say so, and let the service go:
			 * holding it forever helps no one. */
			log_error("%s: processes remain %llu ms after SIGKILL (stuck in the "
				  "kernel?); treating the service as stopped",
				  u->name, (unsigned long long)u->svc->stop_timeout_ms);
			on_run_over(sv, u);
		} else if (u->state == U_STOPPING) {
			signal_unit(u, SIGKILL);
			u->deadline = now + u->svc->stop_timeout_ms;
		}
	}
	control_on_deadlines(sv);
}

static int next_timeout(struct supervisor *sv)
{
	uint64_t now = now_ms(), next = control_next_deadline(sv);

	for (size_t i = 0; i < sv->n_units; i++)
		if (sv->units[i]->deadline && sv->units[i]->deadline < next)
			next = sv->units[i]->deadline;
	if (next == UINT64_MAX)
		return -1;
	return next <= now ? 0 : next - now > 60000 ? 60000 : (int)(next - now);
}

/* --daemonize: once every service's first start has succeeded or failed,
 * tell the waiting parent, with the errors it should print. */
static void notify_parent(struct supervisor *sv)
{
	struct strbuf msg = {0};

	if (sv->opts.notify_fd < 0)
		return;
	for (size_t i = 0; i < sv->n_units; i++)
		if (!sv->units[i]->first_done && !sv->shutting_down)
			return;
	for (size_t i = 0; i < sv->n_units; i++) {
		struct unit *u = sv->units[i];

		if (!u->ever_started && u->state != U_EXITED)
			strbuf_addf(&msg, "%s: %s\n", u->name,
				    u->last_error[0] ? u->last_error : u->last_exit);
	}
	strbuf_addf(&msg, "%s\n", msg.len ? "failed" : "ok");
	(void)!write(sv->opts.notify_fd, msg.s, msg.len);
	close(sv->opts.notify_fd);
	sv->opts.notify_fd = -1;
	strbuf_free(&msg);
}

static bool all_done(struct supervisor *sv, bool *any_failed)
{
	*any_failed = false;
	for (size_t i = 0; i < sv->n_units; i++) {
		if (!unit_final(sv->units[i]->state))
			return false;
		*any_failed |= sv->units[i]->state == U_FAILED;
	}
	/* A daemon stays up for its operator until told to stop. */
	return sv->shutting_down || sv->opts.exit_when_done;
}

static int setup(struct supervisor *sv, struct sysg_error *err)
{
	sigset_t mask;
	struct rlimit nofile;

	/* Orphans of services come to us, so we can reap them and know when a
	 * service's process group is empty. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		log_warn("cannot become a child subreaper: %s", strerror(errno));
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return sysg_error_set(err, -errno, "sigprocmask: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	spawn_note_signal_dispositions();
	/* Each service costs sysg a few descriptors; take what the hard limit
	 * allows, and give children the soft limit sysg was started with. */
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
		spawn_set_child_nofile(nofile.rlim_cur);
		nofile.rlim_cur = nofile.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &nofile);
	}
	sv->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	sv->epfd = epoll_create1(EPOLL_CLOEXEC);
	sv->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (sv->sigfd < 0 || sv->epfd < 0 || sv->devnull < 0)
		return sysg_error_set(err, -errno, "setting up: %s", strerror(errno));
	if (spawn_progress_init() < 0)
		log_warn("no shared page to follow children through their hooks: %s",
			 strerror(errno));
	sv->sig_w = (struct watch){W_SIGNAL, sv};
	if (sv_watch(sv, sv->sigfd, &sv->sig_w, EPOLLIN) < 0)
		return sysg_error_set(err, -errno, "epoll: %s", strerror(errno));
	return control_open(sv, err);
}

static void teardown(struct supervisor *sv)
{
	while (sv->streams) {
		/* Whatever is still buffered in the pipes goes out first. */
		output_pump(&sv->streams->out);
		stream_close(sv, sv->streams);
	}
	for (size_t i = 0; i < sv->n_units; i++)
		free_unit(sv, sv->units[i]);
	free(sv->units);
	free(free_slots);
	free_slots = NULL;
	n_free_slots = next_slot = 0;
	if (sv->opts.notify_fd >= 0)
		close(sv->opts.notify_fd);
	if (sv->sigfd >= 0)
		close(sv->sigfd);
	if (sv->epfd >= 0)
		close(sv->epfd);
	if (sv->devnull >= 0)
		close(sv->devnull);
	config_unref(sv->cfg);
}

static void dispatch(struct supervisor *sv, struct epoll_event *ev)
{
	struct watch *w = ev->data.ptr;

	switch (w->kind) {
	case W_SIGNAL:
		on_signal(sv);
		break;
	case W_REPORT:
		on_report(sv, w->obj);
		break;
	case W_OUTPUT: {
		struct stream *s = w->obj;

		if (output_pump(&s->out) == 0)
			stream_close(sv, s);
		break;
	}
	case W_LISTEN:
		control_on_listen(sv);
		break;
	case W_CLIENT:
		control_on_client(sv, w->obj, ev->events);
		break;
	}
}

int supervise_run(struct config *cfg, const struct supervisor_options *opts)
{
	struct supervisor sv = {.opts = *opts, .epfd = -1, .sigfd = -1, .devnull = -1};
	struct sysg_error err = {0};
	bool failed = false;

	sv.cfg = config_ref(cfg);
	for (size_t i = 0; i < cfg->n_services; i++)
		if (!sv_add_unit(&sv, cfg->services[i], cfg)) {
			log_error("out of memory");
			teardown(&sv);
			return 1;
		}
	if (setup(&sv, &err) < 0) {
		log_error("cannot start the supervisor: %s", err.message);
		control_close(&sv, NULL);
		teardown(&sv);
		return 1;
	}
	for (;;) {
		struct epoll_event events[64];
		int n;

		advance(&sv);
		control_settle(&sv);
		notify_parent(&sv);
		if (all_done(&sv, &failed))
			break;
		n = epoll_wait(sv.epfd, events, 64, next_timeout(&sv));
		if (n < 0 && errno != EINTR) {
			log_error("epoll_wait: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++)
			dispatch(&sv, &events[i]);
		on_deadlines(&sv);
	}
	control_close(&sv, "ok stopped\n");
	teardown(&sv);
	if (sv.shutting_down)
		return 0;
	return failed ? 1 : 0;
}
