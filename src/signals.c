/* SPDX-License-Identifier: MIT */
/* Signal names for stop_signal and for exit messages. */
#include "build-config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "node.h"
#include "signals.h"

int signal_parse(const char *s, int *ret)
{
	long long n;

	if (parse_int(s, &n) == 0) {
		if (n < 1 || n >= NSIG)
			return -EINVAL;
		*ret = (int)n;
		return 0;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && !strcasecmp(s, abbrev)) {
			*ret = sig;
			return 0;
		}
	}
	return -EINVAL;
}

const char *signal_name(int sig)
{
	static char buf[32];
	const char *abbrev = sigabbrev_np(sig);

	if (!abbrev)
		return "SIG?";
	snprintf(buf, sizeof buf, "SIG%s", abbrev);
	return buf;
}
