/* Helpers shared by the Check suites. */
#ifndef SYSG_TESTUTIL_H
#define SYSG_TESTUTIL_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Assert that a message contains a fragment, showing both on failure. */
#define ck_assert_contains(haystack, needle)                                                \
	ck_assert_msg(strstr((haystack), (needle)) != NULL, "'%s' does not contain '%s'",  \
		      (haystack), (needle))

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
