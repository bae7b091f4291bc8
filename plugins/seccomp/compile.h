/* SPDX-License-Identifier: MIT */
/*
 * Turning a policy into the BPF program the kernel runs, in the parent at
 * config load, with libseccomp. The child gets only the finished program.
 */
#ifndef SYSG_SECCOMP_COMPILE_H
#define SYSG_SECCOMP_COMPILE_H

#include <linux/filter.h>

#include "policy.h"

/* Compile p into *ret (ret->filter newly allocated; free with
 * sc_program_free). */
int sc_compile(const struct sc_policy *p, struct sock_fprog *ret, struct sysg_error *err);
void sc_program_free(struct sock_fprog *prog);

#endif
