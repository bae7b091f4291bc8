/* SPDX-License-Identifier: MIT */
/*
 * libseccomp builds the filter; we never let it load one. Debian 12's
 * libseccomp (2.5.4) can only export a program to a file descriptor, so it
 * is written to a memfd and read back: the child then needs nothing but
 * prctl(PR_SET_SECCOMP) on memory it inherited.
 */
#include "build-config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"

static uint32_t scmp_action(enum sc_action a, int errno_value)
{
	switch (a) {
	case SC_ALLOW:
		return SCMP_ACT_ALLOW;
	case SC_ERRNO:
		return SCMP_ACT_ERRNO((uint32_t)errno_value);
	case SC_KILL:
		return SCMP_ACT_KILL_PROCESS;
	case SC_LOG:
		return SCMP_ACT_LOG;
	case SC_TRAP:
		return SCMP_ACT_TRAP;
	}
	return SCMP_ACT_KILL_PROCESS;
}

static const enum scmp_compare scmp_ops[] = {
	[SC_EQ] = SCMP_CMP_EQ, [SC_NE] = SCMP_CMP_NE, [SC_LT] = SCMP_CMP_LT,
	[SC_LE] = SCMP_CMP_LE, [SC_GT] = SCMP_CMP_GT, [SC_GE] = SCMP_CMP_GE,
	[SC_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

static int add_rule(scmp_filter_ctx ctx, const struct sc_rule *r, struct sysg_error *err)
{
	struct scmp_arg_cmp cmp[SC_MAX_ARGS];
	int nr = seccomp_syscall_resolve_name(r->name);
	int ret;

	if (nr == __NR_SCMP_ERROR)
		return sysg_error_set(err, -EINVAL, "unknown system call '%s'", r->name);
	for (unsigned i = 0; i < r->n_args; i++) {
		const struct sc_arg *a = &r->args[i];

		cmp[i] = (struct scmp_arg_cmp){.arg = a->index, .op = scmp_ops[a->op]};
		if (a->op == SC_MASKED_EQ) {
			cmp[i].datum_a = a->mask;
			cmp[i].datum_b = a->value;
		} else {
			cmp[i].datum_a = a->value;
		}
	}
	ret = seccomp_rule_add_array(ctx, scmp_action(r->action, r->errno_value), nr, r->n_args,
				     cmp);
	if (ret < 0)
		return sysg_error_set(err, ret, "seccomp_rule_add %s (%s): %s", r->name,
				      sc_action_name(r->action), strerror(-ret));
	return 0;
}

static int read_program(int fd, struct sock_fprog *ret, struct sysg_error *err)
{
	struct stat st;
	struct sock_filter *filter;
	size_t done = 0;

	if (fstat(fd, &st) < 0)
		return sysg_error_set(err, -errno, "fstat of the exported filter: %s", strerror(errno));
	if (st.st_size <= 0 || st.st_size % sizeof *filter ||
	    (size_t)st.st_size / sizeof *filter > BPF_MAXINSNS)
		return sysg_error_set(err, -E2BIG,
				      "the compiled filter has %lld bytes (the kernel takes at most %d "
				      "instructions of %zu bytes)",
				      (long long)st.st_size, BPF_MAXINSNS, sizeof *filter);
	filter = malloc((size_t)st.st_size);
	if (!filter)
		return sysg_error_set(err, -ENOMEM, "out of memory");
	while (done < (size_t)st.st_size) {
		ssize_t n = pread(fd, (char *)filter + done, (size_t)st.st_size - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			free(filter);
			return sysg_error_set(err, -e, "reading the exported filter: %s", strerror(e));
		}
		done += (size_t)n;
	}
	ret->len = (unsigned short)(st.st_size / (off_t)sizeof *filter);
	ret->filter = filter;
	return 0;
}

int sc_compile(const struct sc_policy *p, struct sock_fprog *ret, struct sysg_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(scmp_action(p->default_action, p->errno_value));
	int fd = -1, r;

	if (!ctx)
		return sysg_error_set(err, -ENOMEM, "seccomp_init failed");
	/* A call from an architecture the filter does not cover is never
	 * allowed: the whole process dies, not only the thread. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (r < 0) {
		sysg_error_set(err, r, "seccomp_attr_set(ACT_BADARCH): %s", strerror(-r));
		goto out;
	}
	/*
	 * A binary search over system call numbers instead of a linear scan:
	 * a long allow-list (baseline) costs each call of the service a few
	 * comparisons instead of hundreds, and the kernel's per-syscall action
	 * cache, which runs the filter for every number at load, is built
	 * faster too.
	 */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r < 0) {
		sysg_error_set(err, r, "seccomp_attr_set(CTL_OPTIMIZE, 2): %s", strerror(-r));
		goto out;
	}
	for (size_t i = 0; i < p->n_arches; i++) {
		r = seccomp_arch_add(ctx, p->arches[i]);
		if (r < 0 && r != -EEXIST) {
			sysg_error_set(err, r, "seccomp_arch_add 0x%x: %s", (unsigned)p->arches[i],
				       strerror(-r));
			goto out;
		}
	}
	/* seccomp_init added the native architecture; keep it only if asked
	 * (parsing made sure it is). */
	for (size_t i = 0; i < p->n_rules; i++) {
		r = add_rule(ctx, &p->rules[i], err);
		if (r < 0)
			goto out;
	}
	fd = memfd_create("sysg-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		sysg_error_set(err, r, "memfd_create: %s", strerror(errno));
		goto out;
	}
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0) {
		sysg_error_set(err, r, "seccomp_export_bpf: %s", strerror(-r));
		goto out;
	}
	r = read_program(fd, ret, err);
out:
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	return r;
}

void sc_program_free(struct sock_fprog *prog)
{
	if (!prog)
		return;
	free(prog->filter);
	prog->filter = NULL;
	prog->len = 0;
}
