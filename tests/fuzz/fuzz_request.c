/* libFuzzer target: the control protocol's request decoder. */
#include "build-config.h"

#include <stdint.h>
#include <string.h>

#include "request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	char err[256];

	if (request_parse((const char *)data, size, &req, err, sizeof err) == 0 &&
	    strlen(req.service) > 64)
		__builtin_trap();
	return 0;
}
