/* SPDX-License-Identifier: MIT */
/*
 * The AppArmor kernel interface, as plain files (no libapparmor):
 *   /sys/module/apparmor/parameters/enabled   "Y" when AppArmor is active
 *   /sys/kernel/security/apparmor/profiles    "NAME (MODE)" per loaded profile
 *   /proc/self/attr/apparmor/exec             "exec NAME": the profile for
 *                                             the next execve (Linux 5.8+;
 *                                             /proc/self/attr/exec before)
 * Every path is below `root`, "" on a real system, a fake tree in the unit
 * suite.
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apparmor.h"
#include "../common/exec_attr.h"

#define ENABLED_FILE "/sys/module/apparmor/parameters/enabled"
#define SECURITYFS_DIR "/sys/kernel/security/apparmor"
#define PROFILES_FILE SECURITYFS_DIR "/profiles"

int aa_enabled(const char *root, char *why, size_t size)
{
	char path[PATH_MAX], value[8] = "";
	struct stat st;
	FILE *f;

	snprintf(path, sizeof path, "%s%s", root, ENABLED_FILE);
	f = fopen(path, "re");
	if (!f) {
		snprintf(why, size, "%s: %s", ENABLED_FILE, strerror(errno));
		return -EOPNOTSUPP;
	}
	if (!fgets(value, sizeof value, f))
		value[0] = '\0';
	fclose(f);
	value[strcspn(value, "\n")] = '\0';
	if (strcmp(value, "Y")) {
		snprintf(why, size, "%s is '%s'", ENABLED_FILE, value);
		return -EOPNOTSUPP;
	}
	snprintf(path, sizeof path, "%s%s", root, SECURITYFS_DIR);
	if (stat(path, &st) < 0) {
		snprintf(why, size, "%s: %s (is securityfs mounted?)", SECURITYFS_DIR,
			 strerror(errno));
		return -EOPNOTSUPP;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, size, "%s is not a directory", SECURITYFS_DIR);
		return -EOPNOTSUPP;
	}
	return 0;
}

int aa_profile_loaded(const char *root, const char *name, char *mode, size_t mode_size)
{
	char path[PATH_MAX], line[4096];
	size_t n = strlen(name);
	int found = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s%s", root, PROFILES_FILE);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* "NAME (MODE)\n"; a name may hold spaces, the mode never does. */
	while (!found && fgets(line, sizeof line, f)) {
		if (strncmp(line, name, n) || strncmp(line + n, " (", 2))
			continue;
		found = 1;
		snprintf(mode, mode_size, "%.*s", (int)strcspn(line + n + 2, ")\n"), line + n + 2);
	}
	fclose(f);
	return found;
}

void aa_exec_attr(const char *root, char *out, size_t size)
{
	char dir[PATH_MAX];
	struct stat st;

	snprintf(dir, sizeof dir, "%s/proc/self/attr/apparmor", root);
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(out, size, "%s/exec", dir);
	else
		snprintf(out, size, "%s/proc/self/attr/exec", root);
}

int aa_write_exec(const struct aa_service *s, struct sysg_error *err)
{
	return exec_attr_write(s->attr, s->command, s->length, err);
}
