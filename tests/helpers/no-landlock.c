/* no-landlock [-e ERRNO] COMMAND [ARG...]: run COMMAND with the Landlock
 * system calls failing with ENOSYS (or ERRNO), as on a kernel built without
 * Landlock (or with it disabled: EOPNOTSUPP). A seccomp filter written by
 * hand, so that the test needs no libseccomp. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define LANDLOCK_FIRST 444 /* landlock_create_ruleset; 445, 446 follow */
#define LANDLOCK_LAST 446

int main(int argc, char **argv)
{
	unsigned err = ENOSYS;
	int first = 1;

	if (argc > 2 && !strcmp(argv[1], "-e")) {
		err = (unsigned)atoi(argv[2]);
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: no-landlock [-e ERRNO] COMMAND [ARG...]\n");
		return 2;
	}
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, LANDLOCK_FIRST, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, LANDLOCK_LAST, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof filter / sizeof filter[0], .filter = filter};

	/* The syscall numbers are the same on every architecture Linux added
	 * them to after 5.1; the filter needs no architecture check for that. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("no-landlock: seccomp");
		return 2;
	}
	execvp(argv[first], argv + first);
	perror(argv[first]);
	return 127;
}
