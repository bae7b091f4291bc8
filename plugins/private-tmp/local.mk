# The private-tmp plugin (isolation.private_tmp): its module, its Check
# suite and its integration tests. plugins/common/mounts.c (mount steps safe
# between fork and exec) is shared with private-devices, compiled into each.
private_tmp_integration_tests = \
	tests/integration/private-tmp.sh \
	tests/integration/private-tmp-errors.sh
EXTRA_DIST += $(private_tmp_integration_tests) tests/integration/lib-mounts.sh

if BUILD_PLUGIN_PRIVATE_TMP
plugin_LTLIBRARIES += plugins/private-tmp/private-tmp.la
private_tmp_sources = plugins/private-tmp/private-tmp.c \
	plugins/common/mounts.c plugins/common/mounts.h
plugins_private_tmp_private_tmp_la_SOURCES = $(private_tmp_sources)
plugins_private_tmp_private_tmp_la_LDFLAGS = $(plugin_link_flags)

if HAVE_CHECK
check_PROGRAMS += tests/unit/check_private_tmp
tests_unit_check_private_tmp_SOURCES = tests/unit/check_private_tmp.c $(private_tmp_sources)
tests_unit_check_private_tmp_CFLAGS = $(unit_cflags)
tests_unit_check_private_tmp_LDADD = $(unit_ldadd)
tests_unit_check_private_tmp_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_private_tmp
endif

TESTS += $(private_tmp_integration_tests)
endif
