# The cgroup plugin (limits.cgroup): its module, its Check suite, the test
# programs its integration tests run as services, and the tests themselves.
cgroup_integration_tests = \
	tests/integration/cgroup-limits.sh \
	tests/integration/cgroup-cpu.sh \
	tests/integration/cgroup-stop.sh \
	tests/integration/cgroup-errors.sh
EXTRA_DIST += $(cgroup_integration_tests) tests/integration/lib-cgroup.sh

if BUILD_PLUGIN_CGROUP
plugin_LTLIBRARIES += plugins/cgroup/cgroup.la
cgroup_sources = plugins/cgroup/cgroup.h plugins/cgroup/group.c plugins/cgroup/hierarchy.c \
	plugins/cgroup/limits.c
plugins_cgroup_cgroup_la_SOURCES = plugins/cgroup/cgroup.c $(cgroup_sources)
plugins_cgroup_cgroup_la_LDFLAGS = $(plugin_link_flags)

# Services the integration tests run: allocate memory, spin, fork.
check_PROGRAMS += tests/helpers/cg-hog tests/helpers/cg-spin tests/helpers/cg-fork
tests_helpers_cg_hog_SOURCES = tests/helpers/cg-hog.c
tests_helpers_cg_spin_SOURCES = tests/helpers/cg-spin.c
tests_helpers_cg_fork_SOURCES = tests/helpers/cg-fork.c

if HAVE_CHECK
# The plugin's own files, linked in directly, against a fake cgroupfs.
check_PROGRAMS += tests/unit/check_cgroup
tests_unit_check_cgroup_SOURCES = tests/unit/check_cgroup.c $(cgroup_sources)
tests_unit_check_cgroup_CFLAGS = $(unit_cflags) -I$(top_srcdir)/plugins/cgroup
tests_unit_check_cgroup_LDADD = $(unit_ldadd)
tests_unit_check_cgroup_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_cgroup
endif

TESTS += $(cgroup_integration_tests)
endif
