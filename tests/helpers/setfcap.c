/* setfcap FILE CAPS: set file capabilities (cap_to_text(3) syntax, e.g.
 * "cap_net_bind_service=p") on FILE, as setcap(8) would, for machines
 * without libcap2-bin. */
#include <stdio.h>
#include <sys/capability.h>

int main(int argc, char **argv)
{
	cap_t caps;

	if (argc != 3) {
		fprintf(stderr, "usage: setfcap FILE CAPS\n");
		return 2;
	}
	caps = cap_from_text(argv[2]);
	if (!caps) {
		perror("setfcap: cap_from_text");
		return 1;
	}
	if (cap_set_file(argv[1], caps) < 0) {
		perror("setfcap: cap_set_file");
		cap_free(caps);
		return 1;
	}
	cap_free(caps);
	return 0;
}
