/* SPDX-License-Identifier: MIT */
/*
 * Landlock's filesystem rights: which the kernel can handle at each ABI, and
 * which each of ro_paths, rw_paths and exec_paths grants.
 *
 * The ruleset handles every filesystem right the kernel's ABI knows, so a
 * right not granted beneath some listed path is denied everywhere.
 * ro_paths read and execute, as a read-only mount does (systemd's
 * ReadOnlyPaths=). rw_paths read and write but never execute: what the
 * service writes it cannot run, unless the path is in exec_paths too (the
 * rules of one path add up). Creating device nodes (MAKE_CHAR, MAKE_BLOCK)
 * is granted nowhere: a service holding CAP_MKNOD could otherwise make a
 * node for a disk in one of its rw_paths and open it there.
 */
#include "build-config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "landlock.h"

const char *const landlock_list_key[LANDLOCK_N_KINDS] = {"ro_paths", "rw_paths", "exec_paths"};

/* ABI 1: bits 0 (EXECUTE) to 12 (MAKE_SYM). */
#define ABI1_RIGHTS ((LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1)

/* Rights the kernel accepts on a rule for a file (the others only make sense
 * for a directory, and the kernel refuses them on a file with EINVAL). */
#define FILE_RIGHTS                                                                        \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |                      \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |                      \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

#define READ_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

#define WRITE_RIGHTS                                                                       \
	(LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |                   \
	 LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR |                    \
	 LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |                      \
	 LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_SYM |                      \
	 LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE |                          \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

uint64_t landlock_handled(int abi)
{
	uint64_t rights;

	if (abi < 1)
		return 0;
	rights = ABI1_RIGHTS;
	if (abi >= 2)
		rights |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
	/* ABI 4 adds network rights, 6 scopes, 7 logging: none for files. */
	if (abi >= 5)
		rights |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return rights;
}

uint64_t landlock_allowed(enum landlock_kind kind, uint64_t handled, bool is_dir)
{
	uint64_t rights = READ_RIGHTS;

	if (kind == LANDLOCK_RW)
		rights |= WRITE_RIGHTS;
	else
		rights |= LANDLOCK_ACCESS_FS_EXECUTE;
	rights &= handled;
	return is_dir ? rights : rights & FILE_RIGHTS;
}

int landlock_probe_abi(void)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? -errno : (int)abi;
}

int landlock_abi_refusal(int abi, char *buf, size_t size)
{
	if (abi == -ENOSYS) {
		snprintf(buf, size,
			 "landlock is not supported by this kernel (it was built without "
			 "CONFIG_SECURITY_LANDLOCK)");
		return -EOPNOTSUPP;
	}
	if (abi == -EOPNOTSUPP) {
		snprintf(buf, size,
			 "landlock is not supported by this kernel (it is built in but not "
			 "enabled: add landlock to the lsm= boot parameter)");
		return -EOPNOTSUPP;
	}
	if (abi < 0) {
		snprintf(buf, size,
			 "landlock is not supported by this kernel (landlock_create_ruleset "
			 "answered errno %d)",
			 -abi);
		return -EOPNOTSUPP;
	}
	if (abi < LANDLOCK_MIN_ABI) {
		snprintf(buf, size,
			 "this kernel's Landlock (ABI %d) cannot deny truncate(2), so files "
			 "outside rw_paths could be emptied; sysg needs Landlock ABI %d "
			 "(Linux 6.2) or newer",
			 abi, LANDLOCK_MIN_ABI);
		return -EOPNOTSUPP;
	}
	return 0;
}
