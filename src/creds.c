/* SPDX-License-Identifier: MIT */
/* User and group names to ids: done in the parent at config load, because
 * NSS may load modules, open sockets and allocate, none of which may happen
 * between fork and exec. */
#include "build-config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "node.h"

static bool numeric_id(const char *s, unsigned *ret)
{
	long long v;

	if (parse_int(s, &v) < 0 || v < 0 || v >= (long long)(unsigned)-1)
		return false;
	*ret = (unsigned)v;
	return true;
}

int creds_lookup_user(const char *spec, struct user_info *ret)
{
	struct passwd pw, *res = NULL;
	char buf[16384];
	unsigned id;
	bool numeric = numeric_id(spec, &id);
	int r;

	memset(ret, 0, sizeof *ret);
	if (numeric)
		r = getpwuid_r(id, &pw, buf, sizeof buf, &res);
	else
		r = getpwnam_r(spec, &pw, buf, sizeof buf, &res);
	if (r != 0)
		return -r;
	if (!res && !numeric)
		return -ENOENT;
	if (res) {
		ret->uid = pw.pw_uid;
		ret->gid = pw.pw_gid;
		ret->name = strdup(pw.pw_name);
		ret->home = strdup(pw.pw_dir && *pw.pw_dir ? pw.pw_dir : "/");
		ret->shell = strdup(pw.pw_shell && *pw.pw_shell ? pw.pw_shell : "/bin/sh");
	} else {
		ret->uid = id;
		ret->gid = id;
		ret->name = strdup(spec);
		ret->home = strdup("/");
		ret->shell = strdup("/bin/sh");
	}
	if (!ret->name || !ret->home || !ret->shell) {
		creds_user_free(ret);
		return -ENOMEM;
	}
	return 0;
}

void creds_user_free(struct user_info *u)
{
	free(u->name);
	free(u->home);
	free(u->shell);
	memset(u, 0, sizeof *u);
}

int creds_lookup_group(const char *spec, gid_t *ret)
{
	struct group gr, *res = NULL;
	char buf[16384];
	unsigned id;
	int r;

	if (numeric_id(spec, &id)) {
		*ret = id;
		return 0;
	}
	r = getgrnam_r(spec, &gr, buf, sizeof buf, &res);
	if (r != 0)
		return -r;
	if (!res)
		return -ENOENT;
	*ret = gr.gr_gid;
	return 0;
}
