/* SPDX-License-Identifier: MIT */
/* Capability names through libcap, which tracks the kernel's list; the
 * numbers the kernel actually supports come from the kernel itself. */
#include "build-config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "capnames.h"

void capnames_load(struct capnames *t)
{
	unsigned cap;

	/* PR_CAPBSET_READ fails with EINVAL past the kernel's last
	 * capability: the one probe that works without /proc. */
	for (cap = 0; cap + 1 < CAPS_MAX && prctl(PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0; cap++)
		;
	t->last_cap = cap;
	for (cap = 0; cap < CAPS_MAX; cap++) {
		char *name = cap_to_name((cap_value_t)cap);
		size_t i;

		/* libcap returns the number as text for a capability it cannot
		 * name (and NULL only when out of memory). */
		if (name && !isdigit((unsigned char)name[0]))
			snprintf(t->name[cap], sizeof t->name[cap], "%s", name);
		else
			snprintf(t->name[cap], sizeof t->name[cap], "CAP_%u", cap);
		cap_free(name);
		for (i = 0; t->name[cap][i]; i++)
			t->name[cap][i] = (char)toupper((unsigned char)t->name[cap][i]);
	}
}

int capnames_parse(const struct capnames *t, const char *text, unsigned *ret)
{
	char name[CAPS_NAME_MAX + 4];
	cap_value_t value;
	size_t n;

	if (!strncasecmp(text, "CAP_", 4))
		text += 4;
	n = strlen(text);
	if (n == 0 || n >= CAPS_NAME_MAX)
		return -EINVAL;
	/* Letters and underscores only: libcap would also take "21". */
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)text[i]) && text[i] != '_')
			return -EINVAL;
	snprintf(name, sizeof name, "cap_%s", text);
	if (cap_from_name(name, &value) < 0 || value < 0 || value >= CAPS_MAX)
		return -EINVAL;
	if ((unsigned)value > t->last_cap)
		return -ERANGE;
	*ret = (unsigned)value;
	return 0;
}

void capnames_list(const struct capnames *t, uint64_t mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, size, "none");
		return;
	}
	for (unsigned cap = 0; cap < CAPS_MAX && len < size; cap++)
		if (mask & (UINT64_C(1) << cap))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "",
						t->name[cap]);
}
