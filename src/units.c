/* SPDX-License-Identifier: MIT */
/* Text to numbers: sizes (K/M/G/T, unlimited), durations, booleans, integers. */
#include "build-config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "node.h"

int parse_int(const char *s, long long *ret)
{
	char *end;
	long long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* Digits only: strtoull would accept "-1" and " 1". */
static int parse_uint_prefix(const char *s, uint64_t *ret, const char **rest)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*ret = v;
	*rest = s;
	return 0;
}

int parse_size(const char *s, uint64_t *ret)
{
	static const char units[] = "KMGT";
	const char *rest, *u;
	uint64_t v;
	unsigned shift = 0;
	int r;

	if (!s)
		return -EINVAL;
	if (!strcasecmp(s, "unlimited") || !strcasecmp(s, "infinity") || !strcasecmp(s, "max")) {
		*ret = SYSG_UNLIMITED;
		return 0;
	}
	r = parse_uint_prefix(s, &v, &rest);
	if (r < 0)
		return r;
	if (*rest && (u = strchr(units, toupper((unsigned char)*rest)))) {
		shift = 10 * (unsigned)(u - units + 1);
		rest++;
		if (*rest == 'i')
			rest++;
	}
	if ((*rest == 'B' || *rest == 'b') && rest[1] == '\0')
		rest++;
	if (*rest)
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	v <<= shift;
	/* UINT64_MAX is reserved for "unlimited". */
	if (v == SYSG_UNLIMITED)
		return -ERANGE;
	*ret = v;
	return 0;
}

int parse_duration_ms(const char *s, uint64_t *ret)
{
	static const struct {
		const char *suffix;
		uint64_t ms;
	} units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
	uint64_t total = 0, v;
	const char *rest;
	int r;

	if (!s)
		return -EINVAL;
	r = parse_uint_prefix(s, &v, &rest);
	if (r < 0)
		return r;
	if (!*rest) {
		/* A bare number is seconds. */
		if (v > UINT64_MAX / 1000)
			return -ERANGE;
		*ret = v * 1000;
		return 0;
	}
	for (;;) {
		size_t i, n = 0;

		for (i = 0; i < sizeof units / sizeof *units; i++) {
			n = strlen(units[i].suffix);
			if (!strncmp(rest, units[i].suffix, n) && !isalpha((unsigned char)rest[n]))
				break;
		}
		if (i == sizeof units / sizeof *units)
			return -EINVAL;
		if (v > (UINT64_MAX - total) / units[i].ms)
			return -ERANGE;
		total += v * units[i].ms;
		rest += n;
		if (!*rest)
			break;
		r = parse_uint_prefix(rest, &v, &rest);
		if (r < 0)
			return r;
	}
	*ret = total;
	return 0;
}

int parse_bool(const char *s, bool *ret)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			*ret = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}
