# The seccomp plugin (isolation.seccomp): its module, its Check suite, the
# test program its integration tests run, and the tests themselves. Every
# test here is named seccomp-* / check_seccomp: valgrind cannot run code
# under a seccomp filter, so a valgrind run excludes them by name.
seccomp_integration_tests = \
	tests/integration/seccomp-deny.sh \
	tests/integration/seccomp-kill.sh \
	tests/integration/seccomp-baseline.sh \
	tests/integration/seccomp-errors.sh
EXTRA_DIST += $(seccomp_integration_tests)

if BUILD_PLUGIN_SECCOMP
plugin_LTLIBRARIES += plugins/seccomp/seccomp.la
seccomp_sources = plugins/seccomp/seccomp.c plugins/seccomp/policy.c plugins/seccomp/policy.h \
	plugins/seccomp/profiles.c plugins/seccomp/profiles.h plugins/seccomp/compile.c \
	plugins/seccomp/compile.h
plugins_seccomp_seccomp_la_SOURCES = $(seccomp_sources)
plugins_seccomp_seccomp_la_CFLAGS = $(AM_CFLAGS) $(LIBSECCOMP_CFLAGS)
plugins_seccomp_seccomp_la_LIBADD = $(LIBSECCOMP_LIBS)
plugins_seccomp_seccomp_la_LDFLAGS = $(plugin_link_flags)

# sc-try: makes the system calls a test names and writes what each returned.
check_PROGRAMS += tests/helpers/sc-try
tests_helpers_sc_try_SOURCES = tests/helpers/sc-try.c

if HAVE_CHECK
check_PROGRAMS += tests/unit/check_seccomp
tests_unit_check_seccomp_SOURCES = tests/unit/check_seccomp.c $(seccomp_sources)
tests_unit_check_seccomp_CFLAGS = $(unit_cflags) $(LIBSECCOMP_CFLAGS) -I$(top_srcdir)/plugins/seccomp
tests_unit_check_seccomp_LDADD = $(unit_ldadd) $(LIBSECCOMP_LIBS)
tests_unit_check_seccomp_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_seccomp
endif

TESTS += $(seccomp_integration_tests)
endif

# A config a new user starts from (seccomp-deny.sh validates it).
EXTRA_DIST += examples/seccomp.yaml
