/* SPDX-License-Identifier: MIT */
/*
 * The control socket, server side. A unix stream socket in sysg's own 0700
 * runtime directory, mode 0600; the peer's uid (SO_PEERCRED) must be sysg's
 * own or root, and is checked before a byte is read. Clients are served from
 * the supervision loop without blocking it: every socket is non-blocking, a
 * request is at most one short line, a client that sends more is answered
 * with an error and drained, and idle clients are dropped.
 */
#include "build-config.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "request.h"
#include "supervisor.h"

#define MAX_CLIENTS 256
#define IDLE_TIMEOUT_MS 10000   /* to send a request */
#define WAIT_TIMEOUT_MS 60000   /* for a start or restart to settle */
#define DRAIN_MAX (64u << 20)   /* bytes of an oversized request to discard */
#define LISTEN_PAUSE_MS 1000    /* after EMFILE: stop accepting for a while */
/* Descriptors kept free for supervision: sysg's own, and per service its
 * log files, output and report pipes, and what plugins hold. */
#define FD_RESERVE_BASE 32
#define FD_RESERVE_PER_SERVICE 8

enum phase { C_READING, C_WAITING, C_WRITING, C_DRAINING };
enum wait_for { WAIT_NONE, WAIT_STOPPED, WAIT_STARTED, WAIT_EXIT };

struct client {
	struct watch w;
	int fd;
	enum phase phase;
	char in[REQUEST_MAX];
	size_t in_len;
	struct strbuf out;
	size_t out_off;
	enum wait_for wait;
	char service[65];
	uint64_t deadline;
	size_t drained;
	struct client *next;
};

struct control {
	int fd;
	struct watch w;
	char path[108];
	struct client *clients;
	unsigned n_clients;
	uint64_t resume_at; /* listening paused until then (EMFILE) */
};

int control_open(struct supervisor *sv, struct sysg_error *err)
{
	struct control *c = calloc(1, sizeof *c);
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	mode_t old;

	if (!c)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	c->fd = -1;
	sv->control = c;
	snprintf(c->path, sizeof c->path, "%s", sv->opts.paths->socket);
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", c->path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		return sysg_error_set(err, -errno, "socket: %s", strerror(errno));
	/* A socket left by a supervisor that died: we hold the lock, so no
	 * live supervisor owns it. */
	(void)unlink(c->path);
	old = umask(0177);
	if (bind(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		umask(old);
		return sysg_error_set(err, -errno, "bind %s: %s", c->path, strerror(errno));
	}
	umask(old);
	if (chmod(c->path, 0600) < 0 || listen(c->fd, 128) < 0)
		return sysg_error_set(err, -errno, "listen %s: %s", c->path, strerror(errno));
	c->w = (struct watch){W_LISTEN, c};
	if (sv_watch(sv, c->fd, &c->w, EPOLLIN) < 0)
		return sysg_error_set(err, -errno, "epoll: %s", strerror(errno));
	return 0;
}

static void client_free(struct supervisor *sv, struct client *cl)
{
	struct control *c = sv->control;
	struct client **pp;

	sv_unwatch(sv, cl->fd);
	close(cl->fd);
	for (pp = &c->clients; *pp && *pp != cl; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = cl->next;
	c->n_clients--;
	strbuf_free(&cl->out);
	free(cl);
}

static void set_events(struct supervisor *sv, struct client *cl, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = &cl->w};

	epoll_ctl(sv->epfd, EPOLL_CTL_MOD, cl->fd, &ev);
}

/* Write what is queued; close when it is all out (or drain first). */
static void flush_client(struct supervisor *sv, struct client *cl)
{
	while (cl->out_off < cl->out.len) {
		ssize_t n = write(cl->fd, cl->out.s + cl->out_off, cl->out.len - cl->out_off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			set_events(sv, cl, EPOLLOUT);
			return;
		}
		if (n <= 0) {
			client_free(sv, cl);
			return;
		}
		cl->out_off += (size_t)n;
	}
	if (cl->phase == C_DRAINING) {
		/* Let the client read our answer instead of a reset: tell it we
		 * are done, and discard what it still sends. */
		shutdown(cl->fd, SHUT_WR);
		set_events(sv, cl, EPOLLIN);
		return;
	}
	client_free(sv, cl);
}

static void reply(struct supervisor *sv, struct client *cl, const char *fmt, ...)
	SYSG_PRINTF(3, 4);

static void reply(struct supervisor *sv, struct client *cl, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	strbuf_add(&cl->out, line, strlen(line));
	if (cl->phase != C_DRAINING)
		cl->phase = C_WRITING;
	cl->wait = WAIT_NONE;
	flush_client(sv, cl);
}

static void run_request(struct supervisor *sv, struct client *cl, const struct request *req)
{
	struct unit *u = req->service[0] ? sv_find(sv, req->service) : NULL;
	unsigned not_running;

	if (req->service[0] && !u) {
		reply(sv, cl, "error no service '%s'\n", req->service);
		return;
	}
	switch (req->verb) {
	case REQ_STATUS:
	case REQ_STATUS_JSON: {
		struct strbuf body = {0};

		not_running = req->verb == REQ_STATUS ? status_rows(sv, req->service, &body)
						      : status_json(sv, req->service, &body);
		strbuf_addf(&cl->out, "ok %u\n", not_running);
		strbuf_add(&cl->out, body.s ? body.s : "", body.len);
		strbuf_free(&body);
		cl->phase = C_WRITING;
		flush_client(sv, cl);
		return;
	}
	case REQ_STOP:
		if (!u) {
			sv_shutdown(sv, "stop requested");
			cl->wait = WAIT_EXIT;
		} else {
			sv_stop(sv, u);
			cl->wait = WAIT_STOPPED;
		}
		break;
	case REQ_START:
		if (unit_alive(u->state)) {
			reply(sv, cl, "ok %s is already %s\n", u->name, unit_state_name(u->state));
			return;
		}
		if (u->state == U_BACKOFF)
			u->deadline = now_ms(); /* asked for: no need to wait out the backoff */
		else
			sv_start(sv, u);
		cl->wait = WAIT_STARTED;
		break;
	case REQ_RESTART:
		if (!u) {
			struct strbuf out = {0};
			int r = sv_reload(sv, &out);

			strbuf_addf(&cl->out, "%s", r < 0 ? "error the config has errors; nothing changed\n"
							  : "ok\n");
			strbuf_add(&cl->out, out.s ? out.s : "", out.len);
			strbuf_free(&out);
			cl->phase = C_WRITING;
			flush_client(sv, cl);
			return;
		}
		sv_restart(sv, u);
		cl->wait = WAIT_STARTED;
		break;
	}
	snprintf(cl->service, sizeof cl->service, "%s", req->service);
	cl->phase = C_WAITING;
	cl->deadline = now_ms() + WAIT_TIMEOUT_MS;
	set_events(sv, cl, 0);
}

static void on_readable(struct supervisor *sv, struct client *cl)
{
	char *nl;
	ssize_t n;

	if (cl->phase == C_WAITING || cl->phase == C_WRITING) {
		char sink[256];

		/* Only a hang-up wakes us here: the client gave up waiting. */
		n = read(cl->fd, sink, sizeof sink);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			client_free(sv, cl);
		return;
	}
	if (cl->phase == C_DRAINING) {
		char sink[65536];

		while ((n = read(cl->fd, sink, sizeof sink)) > 0)
			if ((cl->drained += (size_t)n) > DRAIN_MAX)
				break;
		if (n == 0 || cl->drained > DRAIN_MAX || (n < 0 && errno != EAGAIN))
			client_free(sv, cl);
		return;
	}
	n = read(cl->fd, cl->in + cl->in_len, sizeof cl->in - cl->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0 && cl->in_len == 0) {
		client_free(sv, cl);
		return;
	}
	if (n > 0)
		cl->in_len += (size_t)n;
	nl = memchr(cl->in, '\n', cl->in_len);
	if (!nl && cl->in_len == sizeof cl->in) {
		cl->phase = C_DRAINING;
		reply(sv, cl, "error request too long (at most %d bytes)\n", REQUEST_MAX - 1);
		return;
	}
	if (nl || n == 0) {
		struct request req;
		char why[256];
		size_t len = nl ? (size_t)(nl - cl->in) : cl->in_len;

		if (request_parse(cl->in, len, &req, why, sizeof why) < 0) {
			/* Anything after a bad line is not worth reading either. */
			cl->phase = C_DRAINING;
			reply(sv, cl, "error %s\n", why);
			return;
		}
		run_request(sv, cl, &req);
	}
}

void control_on_client(struct supervisor *sv, void *client, uint32_t events)
{
	struct client *cl = client;

	if (events & EPOLLOUT)
		flush_client(sv, cl);
	else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		on_readable(sv, cl);
}

/*
 * How many clients may be connected at once: never so many that their
 * descriptors leave too few to start and restart services. Supervision comes
 * first; a client over the limit is told the supervisor is busy.
 */
static unsigned client_cap(struct supervisor *sv)
{
	struct rlimit nofile;
	long long spare;

	if (getrlimit(RLIMIT_NOFILE, &nofile) < 0 || nofile.rlim_cur == RLIM_INFINITY)
		return MAX_CLIENTS;
	spare = (long long)nofile.rlim_cur - FD_RESERVE_BASE -
		(long long)FD_RESERVE_PER_SERVICE * (long long)sv->n_units;
	return spare <= 0 ? 0 : spare < MAX_CLIENTS ? (unsigned)spare : MAX_CLIENTS;
}

/* The peer must be sysg's own user or root; nothing is read before. */
static bool peer_allowed(int fd, uid_t *ret_uid)
{
	struct ucred cred;
	socklen_t len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return false;
	*ret_uid = cred.uid;
	return cred.uid == 0 || cred.uid == geteuid();
}

void control_on_listen(struct supervisor *sv)
{
	struct control *c = sv->control;

	for (;;) {
		int fd = accept4(c->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		struct client *cl;
		uid_t uid = (uid_t)-1;

		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				/* Out of descriptors: keep supervising, stop accepting
				 * for a moment rather than spin on the pending one. */
				log_warn("control: cannot accept: %s; pausing new connections",
					 strerror(errno));
				sv_unwatch(sv, c->fd);
				c->resume_at = now_ms() + LISTEN_PAUSE_MS;
			}
			return;
		}
		if (!peer_allowed(fd, &uid)) {
			static const char msg[] = "error permission denied: this sysg answers only its own "
						  "user and root\n";

			log_warn("control: refused a connection from uid %d", (int)uid);
			(void)!write(fd, msg, sizeof msg - 1);
			close(fd);
			continue;
		}
		if (c->n_clients >= client_cap(sv) || !(cl = calloc(1, sizeof *cl))) {
			static const char msg[] = "error busy: too many control connections\n";

			(void)!write(fd, msg, sizeof msg - 1);
			close(fd);
			continue;
		}
		cl->fd = fd;
		cl->w = (struct watch){W_CLIENT, cl};
		cl->deadline = now_ms() + IDLE_TIMEOUT_MS;
		if (sv_watch(sv, fd, &cl->w, EPOLLIN) < 0) {
			close(fd);
			free(cl);
			continue;
		}
		cl->next = c->clients;
		c->clients = cl;
		c->n_clients++;
	}
}

/* Answer the clients whose wait is over. */
void control_settle(struct supervisor *sv)
{
	struct control *c = sv->control;

	for (struct client *cl = c ? c->clients : NULL, *next; cl; cl = next) {
		struct unit *u;

		next = cl->next;
		if (cl->phase != C_WAITING || cl->wait == WAIT_EXIT)
			continue;
		u = sv_find(sv, cl->service);
		if (!u) {
			reply(sv, cl, "ok %s removed\n", cl->service);
		} else if (cl->wait == WAIT_STOPPED && unit_final(u->state)) {
			reply(sv, cl, "ok %s %s\n", u->name, unit_state_name(u->state));
		} else if (cl->wait == WAIT_STARTED) {
			if (u->state == U_RUNNING)
				reply(sv, cl, "ok %s running (pid %d)\n", u->name, (int)u->pid);
			else if (u->state == U_EXITED)
				reply(sv, cl, "ok %s %s\n", u->name, u->last_exit);
			else if (u->state == U_FAILED || u->state == U_STOPPED ||
				 (u->state == U_BACKOFF && !u->ever_started))
				reply(sv, cl, "error %s: %s\n", u->name,
				      u->last_error[0] ? u->last_error : u->last_exit);
		}
	}
}

uint64_t control_next_deadline(struct supervisor *sv)
{
	struct control *c = sv->control;
	uint64_t next = UINT64_MAX;

	if (!c)
		return next;
	if (c->resume_at)
		next = c->resume_at;
	for (struct client *cl = c->clients; cl; cl = cl->next)
		if (cl->phase != C_WAITING || cl->wait != WAIT_EXIT)
			next = cl->deadline < next ? cl->deadline : next;
	return next;
}

void control_on_deadlines(struct supervisor *sv)
{
	struct control *c = sv->control;
	uint64_t now = now_ms();

	if (!c)
		return;
	if (c->resume_at && c->resume_at <= now) {
		c->resume_at = 0;
		if (sv_watch(sv, c->fd, &c->w, EPOLLIN) < 0)
			c->resume_at = now + LISTEN_PAUSE_MS;
	}
	for (struct client *cl = c->clients, *next; cl; cl = next) {
		next = cl->next;
		if (cl->deadline > now || (cl->phase == C_WAITING && cl->wait == WAIT_EXIT))
			continue;
		if (cl->phase == C_WAITING) {
			struct unit *u = sv_find(sv, cl->service);

			reply(sv, cl, "ok %s is %s\n", cl->service,
			      u ? unit_state_name(u->state) : "removed");
		} else {
			client_free(sv, cl); /* idle, or too slow to take its answer */
		}
	}
}

void control_close(struct supervisor *sv, const char *final_reply)
{
	struct control *c = sv->control;

	if (!c)
		return;
	while (c->clients) {
		struct client *cl = c->clients;

		if (final_reply && cl->phase == C_WAITING)
			(void)!write(cl->fd, final_reply, strlen(final_reply));
		client_free(sv, cl);
	}
	if (c->fd >= 0) {
		close(c->fd);
		(void)unlink(c->path);
	}
	free(c);
	sv->control = NULL;
}
