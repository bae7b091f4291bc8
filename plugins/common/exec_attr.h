/* SPDX-License-Identifier: MIT */
/*
 * The LSM exec label, shared by the apparmor and selinux plugins: write a
 * label into a /proc attr file (attr/apparmor/exec, thread-self/attr/exec)
 * that the kernel applies at the next execve. For the hooks in the child:
 * open and write only, no allocation.
 */
#ifndef SYSG_PLUGINS_COMMON_EXEC_ATTR_H
#define SYSG_PLUGINS_COMMON_EXEC_ATTR_H

#include <stddef.h>

#include "sysg/plugin.h"

/* Write length bytes of label into path in one write(2). err names what
 * was tried ("write 'exec web' to PATH"); the core adds the errno text. */
int exec_attr_write(const char *path, const char *label, size_t length, struct sysg_error *err);

#endif
