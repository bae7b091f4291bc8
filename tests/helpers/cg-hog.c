/* cg-hog MB [hold]: allocate MB mebibytes, touching every page so that
 * they are really charged, print "allocated MB MiB", then exit 0 (or, with
 * "hold", wait to be killed). The cgroup tests run it under memory_max. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Kept reachable: a leak checker (ASan builds) must not fail the run. */
static char *chunks[65536];

int main(int argc, char **argv)
{
	long mb = argc > 1 ? strtol(argv[1], NULL, 10) : 0;

	if (mb <= 0 || mb > 65536) {
		fprintf(stderr, "usage: cg-hog MB [hold]\n");
		return 2;
	}
	for (long i = 0; i < mb; i++) {
		char *chunk = chunks[i] = malloc(1 << 20);

		if (!chunk) {
			printf("malloc failed after %ld MiB\n", i);
			return 1;
		}
		/* Nonzero bytes: every page is written, none can stay shared. */
		memset(chunk, 0x5a, 1 << 20);
	}
	printf("allocated %ld MiB\n", mb);
	fflush(stdout);
	if (argc > 2 && !strcmp(argv[2], "hold"))
		for (;;)
			pause();
	return 0;
}
