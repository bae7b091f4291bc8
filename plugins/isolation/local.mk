# The isolation plugin (isolation.*: namespaces): its module, its Check
# suite, the test programs its integration tests run, and the tests.
isolation_integration_tests = \
	tests/integration/isolation-namespaces.sh \
	tests/integration/isolation-network.sh \
	tests/integration/isolation-pid.sh \
	tests/integration/isolation-user.sh \
	tests/integration/isolation-untrusted.sh \
	tests/integration/isolation-errors.sh
# isolation-untrusted.sh runs the seed's example as it is shipped.
EXTRA_DIST += $(isolation_integration_tests) tests/integration/lib-isolation.sh \
	examples/seed-untrusted.yaml

if BUILD_PLUGIN_ISOLATION
plugin_LTLIBRARIES += plugins/isolation/isolation.la
isolation_sources = plugins/isolation/isolation.h plugins/isolation/config.c \
	plugins/isolation/idmap.c plugins/isolation/namespaces.c plugins/isolation/pidinit.c \
	plugins/isolation/slots.c
plugins_isolation_isolation_la_SOURCES = plugins/isolation/isolation.c $(isolation_sources)
plugins_isolation_isolation_la_LDFLAGS = $(plugin_link_flags)

# iso-orphan: a service that leaves an orphan behind in its PID namespace.
check_PROGRAMS += tests/helpers/iso-orphan
tests_helpers_iso_orphan_SOURCES = tests/helpers/iso-orphan.c

if HAVE_CHECK
# The plugin's own files, linked in directly.
check_PROGRAMS += tests/unit/check_isolation
tests_unit_check_isolation_SOURCES = tests/unit/check_isolation.c plugins/isolation/isolation.c \
	$(isolation_sources)
tests_unit_check_isolation_CFLAGS = $(unit_cflags) -I$(top_srcdir)/plugins/isolation
tests_unit_check_isolation_LDADD = $(unit_ldadd)
tests_unit_check_isolation_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_isolation
endif

TESTS += $(isolation_integration_tests)
endif
