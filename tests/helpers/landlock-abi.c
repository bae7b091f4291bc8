/* landlock-abi: print the running kernel's Landlock ABI version, or
 * "none (ERRNO TEXT)" when Landlock is unavailable; for tests to skip. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif

int main(void)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, 1U /* VERSION */);

	if (abi < 0) {
		printf("none (%s)\n", strerror(errno));
		return 1;
	}
	printf("%ld\n", abi);
	return 0;
}
