/* SPDX-License-Identifier: MIT */
/*
 * isolation.pid: the slots in which each service's init leaves its wait
 * status for sysg (see pidinit.c), in memory shared with every child.
 *
 * Why slots in a few large mappings rather than one mapping per service: a
 * shared anonymous mapping is a file of its own to the kernel, so no two
 * ever merge, and fork() copies every mapping of sysg. With a page per
 * service, 1,000 PID-isolated services made sysg 1,000 mappings bigger and
 * every later start that much slower. One chunk holds ISO_SLOTS_PER_CHUNK
 * services; its pages are only allocated once a slot in them is written.
 */
#include "build-config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "isolation.h"

#define ISO_SLOTS_PER_CHUNK 4096
#define BITS (8 * sizeof(unsigned long))

struct iso_slot_chunk {
	struct iso_slot_chunk *next;
	struct iso_shared *slots; /* ISO_SLOTS_PER_CHUNK, MAP_SHARED */
	unsigned long used[ISO_SLOTS_PER_CHUNK / BITS];
};

static int chunk_take(struct iso_slot_chunk *c, struct iso_shared **ret)
{
	for (size_t w = 0; w < ISO_SLOTS_PER_CHUNK / BITS; w++) {
		if (c->used[w] == ~0UL)
			continue;
		for (size_t b = 0; b < BITS; b++)
			if (!(c->used[w] & (1UL << b))) {
				c->used[w] |= 1UL << b;
				*ret = &c->slots[w * BITS + b];
				(*ret)->valid = 0;
				return 0;
			}
	}
	return -ENOSPC;
}

int iso_slot_get(struct iso_state *st, struct iso_shared **ret)
{
	struct iso_slot_chunk *c;
	void *p;

	for (c = st->slot_chunks; c; c = c->next)
		if (chunk_take(c, ret) == 0)
			return 0;
	c = calloc(1, sizeof *c);
	if (!c)
		return -ENOMEM;
	p = mmap(NULL, ISO_SLOTS_PER_CHUNK * sizeof(struct iso_shared), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		int e = errno;

		free(c);
		return -e;
	}
	c->slots = p;
	c->next = st->slot_chunks;
	st->slot_chunks = c;
	return chunk_take(c, ret);
}

void iso_slot_put(struct iso_state *st, struct iso_shared *slot)
{
	for (struct iso_slot_chunk *c = st->slot_chunks; c; c = c->next) {
		/* As addresses: the slot may be in another chunk. */
		size_t i = ((uintptr_t)slot - (uintptr_t)c->slots) / sizeof *slot;

		if ((uintptr_t)slot >= (uintptr_t)c->slots && i < ISO_SLOTS_PER_CHUNK) {
			c->used[i / BITS] &= ~(1UL << (i % BITS));
			return;
		}
	}
}

void iso_slots_free(struct iso_state *st)
{
	while (st->slot_chunks) {
		struct iso_slot_chunk *c = st->slot_chunks;

		st->slot_chunks = c->next;
		munmap(c->slots, ISO_SLOTS_PER_CHUNK * sizeof(struct iso_shared));
		free(c);
	}
}
