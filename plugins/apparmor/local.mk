# The apparmor plugin (isolation.apparmor_profile): its module, its Check
# suite (against a fake /proc and /sys tree) and its integration test.
apparmor_integration_tests = tests/integration/apparmor-refused.sh
EXTRA_DIST += $(apparmor_integration_tests)

if BUILD_PLUGIN_APPARMOR
plugin_LTLIBRARIES += plugins/apparmor/apparmor.la
apparmor_sources = plugins/common/exec_attr.c plugins/common/exec_attr.h \
	plugins/apparmor/apparmor.c plugins/apparmor/apparmor.h \
	plugins/apparmor/kernel.c
plugins_apparmor_apparmor_la_SOURCES = $(apparmor_sources)
plugins_apparmor_apparmor_la_LDFLAGS = $(plugin_link_flags)

if HAVE_CHECK
check_PROGRAMS += tests/unit/check_apparmor
tests_unit_check_apparmor_SOURCES = tests/unit/check_apparmor.c $(apparmor_sources)
tests_unit_check_apparmor_CFLAGS = $(unit_cflags) -I$(top_srcdir)/plugins/apparmor
tests_unit_check_apparmor_LDADD = $(unit_ldadd)
tests_unit_check_apparmor_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_apparmor
endif

TESTS += $(apparmor_integration_tests)
endif
