/* SPDX-License-Identifier: MIT */
/*
 * The SELinux kernel interface. In the parent, libselinux answers whether
 * SELinux is enabled and enforcing and whether a context is valid for the
 * loaded policy. In the child, the context goes to
 * /proc/thread-self/attr/exec with open and write, as setexeccon(3) does,
 * but without its allocations (the child must not allocate); the kernel
 * applies it at the next execve.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <unistd.h>

#include "selinux.h"
#include "../common/exec_attr.h"

static int lib_check_context(const char *ctx)
{
	return security_check_context(ctx);
}

const struct se_ops se_libselinux_ops = {
	.enabled = is_selinux_enabled,
	.enforcing = security_getenforce,
	.check_context = lib_check_context,
};

void se_exec_attr(const char *root, char *out, size_t size)
{
	/* thread-self: the attribute belongs to the thread that execs. */
	snprintf(out, size, "%s/proc/thread-self/attr/exec", root);
}

int se_write_exec(const struct se_service *s, struct sysg_error *err)
{
	return exec_attr_write(s->attr, s->context, s->length, err);
}
