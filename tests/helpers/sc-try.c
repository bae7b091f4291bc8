/* SPDX-License-Identifier: MIT */
/*
 * sc-try OUT OP ARG [OP ARG ...]: make each system call and append
 * "OP=ok" or "OP=ENAME" to OUT, so a test can read what a seccomp filter
 * did to it. OPs: mkdir PATH, chmod PATH, unshare - (a new UTS namespace),
 * pause - (then wait forever).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int try(const char *op, const char *arg)
{
	if (!strcmp(op, "mkdir"))
		return mkdir(arg, 0755);
	if (!strcmp(op, "chmod"))
		return chmod(arg, 0700);
	if (!strcmp(op, "unshare"))
		return unshare(CLONE_NEWUTS);
	errno = EINVAL;
	return -1;
}

int main(int argc, char **argv)
{
	FILE *out;

	if (argc < 2 || argc % 2) {
		fprintf(stderr, "usage: sc-try OUT OP ARG [OP ARG ...]\n");
		return 2;
	}
	for (int i = 2; i < argc; i += 2) {
		int r;

		if (!strcmp(argv[i], "pause")) {
			for (;;)
				pause();
		}
		r = try(argv[i], argv[i + 1]);
		out = fopen(argv[1], "a");
		if (!out)
			return 3;
		fprintf(out, "%s=%s\n", argv[i], r == 0 ? "ok" : strerrorname_np(errno));
		fclose(out);
	}
	return 0;
}
