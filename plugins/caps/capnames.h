/* SPDX-License-Identifier: MIT */
/* Capability names to numbers and back, for the caps plugin's configure
 * step and its messages. Kept apart from caps.c because libcap's
 * <sys/capability.h> and the kernel's <linux/capability.h> do not mix. */
#ifndef SYSG_CAPS_CAPNAMES_H
#define SYSG_CAPS_CAPNAMES_H

#include <stdint.h>

/* The kernel's capability sets are 64 bits wide (two 32-bit words). */
#define CAPS_MAX 64
#define CAPS_NAME_MAX 32

struct capnames {
	/* The running kernel's highest capability number. */
	unsigned last_cap;
	/* "CAP_NET_BIND_SERVICE", or "CAP_41" for one libcap cannot name. */
	char name[CAPS_MAX][CAPS_NAME_MAX];
};

/* Probe the kernel's last capability and fill the names. Never fails: a
 * capability libcap does not know gets its number as a name. */
void capnames_load(struct capnames *t);

/*
 * A capability as a user writes it: CAP_NET_BIND_SERVICE, NET_BIND_SERVICE,
 * net_bind_service, in any case. Numbers are refused: a config names what it
 * grants. Returns 0 with *ret set; -EINVAL when no capability has that name;
 * -ERANGE when libcap knows the name but the running kernel does not.
 */
int capnames_parse(const struct capnames *t, const char *text, unsigned *ret);

/* "CAP_A,CAP_B" for the set bits of mask, or "none"; truncated to fit. */
void capnames_list(const struct capnames *t, uint64_t mask, char *buf, size_t size);

#endif
