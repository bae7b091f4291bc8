/* SPDX-License-Identifier: MIT */
#include "build-config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "request.h"
#include "service.h"

int request_parse(const char *line, size_t len, struct request *ret, char *err, size_t errsize)
{
	static const struct {
		const char *word;
		enum request_verb verb;
		int service; /* 0 none, 1 optional, 2 required */
	} verbs[] = {
		{"status", REQ_STATUS, 1}, {"status-json", REQ_STATUS_JSON, 1},
		{"start", REQ_START, 2},   {"stop", REQ_STOP, 1},
		{"restart", REQ_RESTART, 1},
	};
	char buf[REQUEST_MAX];
	char *verb, *name, *extra, *save = NULL;

	if (len >= sizeof buf || memchr(line, '\0', len)) {
		snprintf(err, errsize, "malformed request");
		return -EINVAL;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	verb = strtok_r(buf, " ", &save);
	name = verb ? strtok_r(NULL, " ", &save) : NULL;
	extra = name ? strtok_r(NULL, " ", &save) : NULL;
	if (!verb) {
		snprintf(err, errsize, "empty request");
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
		if (strcmp(verb, verbs[i].word))
			continue;
		if (extra || (name && !verbs[i].service)) {
			snprintf(err, errsize, "%s: too many arguments", verb);
			return -EINVAL;
		}
		if (!name && verbs[i].service == 2) {
			snprintf(err, errsize, "%s needs a service name", verb);
			return -EINVAL;
		}
		if (name && !service_name_valid(name)) {
			snprintf(err, errsize, "'%.64s' is not a valid service name", name);
			return -EINVAL;
		}
		ret->verb = verbs[i].verb;
		snprintf(ret->service, sizeof ret->service, "%s", name ? name : "");
		return 0;
	}
	snprintf(err, errsize, "unknown request '%.32s'", verb);
	return -EINVAL;
}
