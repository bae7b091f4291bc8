/* SPDX-License-Identifier: MIT */
/*
 * The keys of the plugins sysg ships, so that a config using one whose
 * plugin is not installed (or not loaded) is refused with the plugin's name
 * instead of "unknown key": the operator asked for protection, and must learn
 * which package provides it. Keep in sync with each plugin's keys (a unit test
 * compares them).
 */
#include "build-config.h"

#include <string.h>

#include "config.h"

const char *const known_plugin_keys[][2] = {
	{"capabilities", "caps"},
	{"limits.nofile", "limits"},
	{"limits.nproc", "limits"},
	{"limits.memlock", "limits"},
	{"limits.core", "limits"},
	{"limits.stack", "limits"},
	{"limits.as", "limits"},
	{"limits.fsize", "limits"},
	{"limits.data", "limits"},
	{"limits.cpu", "limits"},
	{"limits.rss", "limits"},
	{"limits.locks", "limits"},
	{"limits.sigpending", "limits"},
	{"limits.msgqueue", "limits"},
	{"limits.nice", "limits"},
	{"limits.rtprio", "limits"},
	{"limits.cgroup", "cgroup"},
	{"isolation.network", "isolation"},
	{"isolation.pid", "isolation"},
	{"isolation.mount", "isolation"},
	{"isolation.user", "isolation"},
	{"isolation.user_map", "isolation"},
	{"isolation.group_map", "isolation"},
	{"isolation.uts", "isolation"},
	{"isolation.hostname", "isolation"},
	{"isolation.ipc", "isolation"},
	{"isolation.cgroup", "isolation"},
	{"isolation.seccomp", "seccomp"},
	{"isolation.private_tmp", "private-tmp"},
	{"isolation.private_devices", "private-devices"},
	{"isolation.apparmor_profile", "apparmor"},
	{"isolation.selinux_context", "selinux"},
	{"isolation.landlock", "landlock"},
	{NULL, NULL},
};

const char *known_key_plugin(const char *path)
{
	for (size_t i = 0; known_plugin_keys[i][0]; i++)
		if (strcmp(known_plugin_keys[i][0], path) == 0)
			return known_plugin_keys[i][1];
	return NULL;
}

/*
 * The distribution package holding a plugin, looked up in a list
 * "NAME=PACKAGE ..." (separated by spaces). Writes it to buf and returns
 * buf; NULL if the plugin is not in the list or the name does not fit.
 */
const char *plugin_package_in(const char *list, const char *plugin, char *buf, size_t size)
{
	size_t n = strlen(plugin);

	for (const char *p = list + strspn(list, " "); *p; p += strspn(p, " ")) {
		size_t len = strcspn(p, " ");

		if (len > n + 1 && strncmp(p, plugin, n) == 0 && p[n] == '=' &&
		    len - n - 1 < size) {
			memcpy(buf, p + n + 1, len - n - 1);
			buf[len - n - 1] = '\0';
			return buf;
		}
		p += len;
	}
	return NULL;
}

/* From configure's --with-plugin-packages: a distribution that ships plugins
 * in packages of their own says which, so that the operator learns what to
 * install. */
const char *known_plugin_package(const char *plugin, char *buf, size_t size)
{
	return plugin_package_in(SYSG_PLUGIN_PACKAGES, plugin, buf, size);
}
