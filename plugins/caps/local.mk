# The caps plugin (capabilities:): its module, its Check suite, the test
# programs its integration tests run, and the tests themselves.
caps_integration_tests = \
	tests/integration/caps-web.sh \
	tests/integration/caps-sets.sh \
	tests/integration/caps-errors.sh
# caps-web.sh runs the seed's example as it is shipped.
EXTRA_DIST += $(caps_integration_tests) examples/seed-web.yaml

if BUILD_PLUGIN_CAPS
plugin_LTLIBRARIES += plugins/caps/caps.la
caps_sources = plugins/caps/caps.c plugins/caps/caps.h plugins/caps/capnames.c \
	plugins/caps/capnames.h
plugins_caps_caps_la_SOURCES = $(caps_sources)
plugins_caps_caps_la_CFLAGS = $(AM_CFLAGS) $(LIBCAP_CFLAGS)
plugins_caps_caps_la_LIBADD = $(LIBCAP_LIBS)
plugins_caps_caps_la_LDFLAGS = $(plugin_link_flags)

# bindport: the seed's ./server (binds a TCP port, then waits); setfcap: gives
# a test program file capabilities without needing libcap2-bin's setcap.
check_PROGRAMS += tests/helpers/bindport tests/helpers/setfcap
tests_helpers_bindport_SOURCES = tests/helpers/bindport.c
tests_helpers_setfcap_SOURCES = tests/helpers/setfcap.c
tests_helpers_setfcap_CFLAGS = $(AM_CFLAGS) $(LIBCAP_CFLAGS)
tests_helpers_setfcap_LDADD = $(LIBCAP_LIBS)

if HAVE_CHECK
# The plugin's own files, linked in directly; hooks run in forked children.
check_PROGRAMS += tests/unit/check_caps
tests_unit_check_caps_SOURCES = tests/unit/check_caps.c $(caps_sources)
tests_unit_check_caps_CFLAGS = $(unit_cflags) $(LIBCAP_CFLAGS) -I$(top_srcdir)/plugins/caps
tests_unit_check_caps_LDADD = $(unit_ldadd) $(LIBCAP_LIBS)
tests_unit_check_caps_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_caps
endif

TESTS += $(caps_integration_tests)
endif
