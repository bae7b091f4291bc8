# The selinux plugin (isolation.selinux_context): its module, its Check
# suite (against a fake /proc tree and a fake policy) and its integration
# test.
selinux_integration_tests = tests/integration/selinux-refused.sh
EXTRA_DIST += $(selinux_integration_tests)

if BUILD_PLUGIN_SELINUX
plugin_LTLIBRARIES += plugins/selinux/selinux.la
selinux_sources = plugins/common/exec_attr.c plugins/common/exec_attr.h \
	plugins/selinux/selinux.c plugins/selinux/selinux.h \
	plugins/selinux/kernel.c
plugins_selinux_selinux_la_SOURCES = $(selinux_sources)
plugins_selinux_selinux_la_CFLAGS = $(AM_CFLAGS) $(LIBSELINUX_CFLAGS)
plugins_selinux_selinux_la_LIBADD = $(LIBSELINUX_LIBS)
plugins_selinux_selinux_la_LDFLAGS = $(plugin_link_flags)

if HAVE_CHECK
check_PROGRAMS += tests/unit/check_selinux
tests_unit_check_selinux_SOURCES = tests/unit/check_selinux.c $(selinux_sources)
tests_unit_check_selinux_CFLAGS = $(unit_cflags) $(LIBSELINUX_CFLAGS) -I$(top_srcdir)/plugins/selinux
tests_unit_check_selinux_LDADD = $(unit_ldadd) $(LIBSELINUX_LIBS)
tests_unit_check_selinux_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_selinux
endif

TESTS += $(selinux_integration_tests)
endif
