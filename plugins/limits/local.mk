# The limits plugin (limits.nofile, nproc, ...): its module, its Check suite,
# the test programs its integration tests run, and the tests themselves.
limits_integration_tests = \
	tests/integration/limits-values.sh \
	tests/integration/limits-nproc.sh \
	tests/integration/limits-nofile.sh \
	tests/integration/limits-nofile-late.sh \
	tests/integration/limits-errors.sh
# lib-limits.sh: helpers shared with the caps tests.
EXTRA_DIST += $(limits_integration_tests) tests/integration/lib-limits.sh

if BUILD_PLUGIN_LIMITS
plugin_LTLIBRARIES += plugins/limits/limits.la
limits_sources = plugins/limits/limits.c plugins/limits/rlimits.h
plugins_limits_limits_la_SOURCES = $(limits_sources)
plugins_limits_limits_la_LDFLAGS = $(plugin_link_flags)

# rl-fork: forks until the kernel refuses; rl-open: opens until it refuses.
check_PROGRAMS += tests/helpers/rl-fork tests/helpers/rl-open
tests_helpers_rl_fork_SOURCES = tests/helpers/rl-fork.c
tests_helpers_rl_open_SOURCES = tests/helpers/rl-open.c

if HAVE_CHECK
# The plugin's own file, linked in directly; the hook runs in forked children.
check_PROGRAMS += tests/unit/check_limits
tests_unit_check_limits_SOURCES = tests/unit/check_limits.c $(limits_sources)
tests_unit_check_limits_CFLAGS = $(unit_cflags) -I$(top_srcdir)/plugins/limits
tests_unit_check_limits_LDADD = $(unit_ldadd)
tests_unit_check_limits_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_limits
endif

TESTS += $(limits_integration_tests)
endif
