# The landlock plugin (isolation.landlock): its module, its Check suite, the
# test program its integration tests use, and the tests themselves.
landlock_integration_tests = \
	tests/integration/landlock-paths.sh \
	tests/integration/landlock-errors.sh
EXTRA_DIST += $(landlock_integration_tests)

if BUILD_PLUGIN_LANDLOCK
plugin_LTLIBRARIES += plugins/landlock/landlock.la
landlock_sources = plugins/landlock/landlock.c plugins/landlock/landlock.h \
	plugins/landlock/rights.c plugins/landlock/program.c
plugins_landlock_landlock_la_SOURCES = $(landlock_sources)
plugins_landlock_landlock_la_LDFLAGS = $(plugin_link_flags)

# landlock-abi: prints the kernel's ABI (tests skip below 3). no-landlock: runs a command with the Landlock system calls answering
# ENOSYS, as on a kernel without Landlock (a seccomp filter, no libseccomp).
check_PROGRAMS += tests/helpers/no-landlock tests/helpers/landlock-abi
tests_helpers_no_landlock_SOURCES = tests/helpers/no-landlock.c
tests_helpers_landlock_abi_SOURCES = tests/helpers/landlock-abi.c

if HAVE_CHECK
# The plugin's own files, linked in directly; the hook runs in forked children.
check_PROGRAMS += tests/unit/check_landlock
tests_unit_check_landlock_SOURCES = tests/unit/check_landlock.c $(landlock_sources)
tests_unit_check_landlock_CFLAGS = $(unit_cflags) -I$(top_srcdir)/plugins/landlock
tests_unit_check_landlock_LDADD = $(unit_ldadd)
tests_unit_check_landlock_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_landlock
endif

TESTS += $(landlock_integration_tests)
endif
