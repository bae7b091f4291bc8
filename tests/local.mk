# Tests: Check unit suites (tests/unit), small plugins built only for the
# tests (tests/plugins), and integration scripts that run the installed
# sysg on real configs and read the truth from /proc (tests/integration).

# --- The installed layout, staged under the build tree -----------------------
# Integration tests run the sysg and plugins that `make install` produces.
# umask 022: the loader refuses plugin directories writable by group/others.
STAGE = $(abs_top_builddir)/tests/stage
tests/stage.stamp: $(bin_PROGRAMS) $(plugin_LTLIBRARIES) $(pkgconfig_DATA) $(man_MANS) \
	$(sysginclude_HEADERS)
	$(AM_V_GEN)rm -rf $(STAGE) && (umask 022 && \
	  $(MAKE) $(AM_MAKEFLAGS) install-exec install-data DESTDIR=$(STAGE) >/dev/null) && \
	  touch $@
check_DATA = tests/stage.stamp
clean-local: clean-stage
clean-stage:
	-rm -rf $(STAGE) tests/stage.stamp
.PHONY: clean-stage

AM_TESTS_ENVIRONMENT = \
	SYSG='$(STAGE)$(bindir)/sysg'; \
	SYSG_STAGE_PLUGINS='$(STAGE)$(plugindir)'; \
	SYSG_STAGE='$(STAGE)'; SYSG_STAGE_PKGCONFIG='$(STAGE)$(pkgconfigdir)'; \
	SYSG_TEST_PLUGINS='$(abs_top_builddir)/tests/plugins/.libs'; \
	SYSG_TEST_HELPERS='$(abs_top_builddir)/tests/helpers'; \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	export SYSG SYSG_STAGE_PLUGINS SYSG_STAGE SYSG_STAGE_PKGCONFIG SYSG_TEST_PLUGINS SYSG_TEST_HELPERS top_srcdir top_builddir;

# --- Plugins built only for the tests ----------------------------------------
# -rpath makes libtool build real shared modules that are never installed.
test_plugin_flags = -module -avoid-version -shared -rpath /nowhere \
	-export-symbols-regex '^sysg_plugin_entry$$'
check_LTLIBRARIES += tests/plugins/good.la tests/plugins/failhook.la tests/plugins/crashhook.la \
	tests/plugins/badabi.la tests/plugins/shortsize.la tests/plugins/noentry.la \
	tests/plugins/dupname.la tests/plugins/dupkey.la tests/plugins/nestkey.la
tests_plugins_good_la_SOURCES = tests/plugins/good.c
tests_plugins_good_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_failhook_la_SOURCES = tests/plugins/failhook.c
tests_plugins_failhook_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_crashhook_la_SOURCES = tests/plugins/crashhook.c
tests_plugins_crashhook_la_LDFLAGS = $(test_plugin_flags)
# One source, each variant wrong in one way.
broken_ok_abi = -DBROKEN_ABI=SYSG_PLUGIN_ABI -D'BROKEN_SIZE=sizeof(struct sysg_plugin)'
tests_plugins_badabi_la_SOURCES = tests/plugins/broken.c
tests_plugins_badabi_la_CPPFLAGS = $(AM_CPPFLAGS) -DBROKEN_NAME='"badabi"' -DBROKEN_ABI=999 \
	-D'BROKEN_SIZE=sizeof(struct sysg_plugin)' -DBROKEN_KEY='"test.badabi"'
tests_plugins_badabi_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_shortsize_la_SOURCES = tests/plugins/broken.c
tests_plugins_shortsize_la_CPPFLAGS = $(AM_CPPFLAGS) -DBROKEN_NAME='"shortsize"' \
	-DBROKEN_ABI=SYSG_PLUGIN_ABI -DBROKEN_SIZE=16 -DBROKEN_KEY='"test.short"'
tests_plugins_shortsize_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_dupname_la_SOURCES = tests/plugins/broken.c
tests_plugins_dupname_la_CPPFLAGS = $(AM_CPPFLAGS) $(broken_ok_abi) -DBROKEN_NAME='"good"' \
	-DBROKEN_KEY='"test.other"'
tests_plugins_dupname_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_dupkey_la_SOURCES = tests/plugins/broken.c
tests_plugins_dupkey_la_CPPFLAGS = $(AM_CPPFLAGS) $(broken_ok_abi) -DBROKEN_NAME='"dupkey"' \
	-DBROKEN_KEY='"test.good"'
tests_plugins_dupkey_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_nestkey_la_SOURCES = tests/plugins/broken.c
tests_plugins_nestkey_la_CPPFLAGS = $(AM_CPPFLAGS) $(broken_ok_abi) -DBROKEN_NAME='"nestkey"' \
	-DBROKEN_KEY='"test"'
tests_plugins_nestkey_la_LDFLAGS = $(test_plugin_flags)
tests_plugins_noentry_la_SOURCES = tests/plugins/noentry.c
# No entry point: export everything so the loader finds a plugin without it.
tests_plugins_noentry_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere

# --- Check unit suites --------------------------------------------------------
if HAVE_CHECK
unit_ldadd = libsysg.la $(CHECK_LIBS)
unit_cflags = $(AM_CFLAGS) $(CHECK_CFLAGS) -I$(top_srcdir)/src \
	-DTEST_PLUGIN_DIR='"$(abs_top_builddir)/tests/plugins/.libs"'
check_PROGRAMS += tests/unit/check_config tests/unit/check_hooks tests/unit/check_loader \
	tests/unit/check_known_keys tests/unit/check_logfile
tests_unit_check_config_SOURCES = tests/unit/check_config.c
tests_unit_check_config_CFLAGS = $(unit_cflags)
tests_unit_check_config_LDADD = $(unit_ldadd)
tests_unit_check_config_LDFLAGS = $(EXPORT_SDK)
tests_unit_check_hooks_SOURCES = tests/unit/check_hooks.c
tests_unit_check_hooks_CFLAGS = $(unit_cflags)
tests_unit_check_hooks_LDADD = $(unit_ldadd)
tests_unit_check_hooks_LDFLAGS = $(EXPORT_SDK)
tests_unit_check_loader_SOURCES = tests/unit/check_loader.c
tests_unit_check_loader_CFLAGS = $(unit_cflags)
tests_unit_check_loader_LDADD = $(unit_ldadd)
tests_unit_check_loader_LDFLAGS = $(EXPORT_SDK)
tests_unit_check_known_keys_SOURCES = tests/unit/check_known_keys.c
tests_unit_check_known_keys_CFLAGS = $(unit_cflags) -DSTAGE_PLUGIN_DIR='"$(STAGE)$(plugindir)"'
tests_unit_check_known_keys_LDADD = $(unit_ldadd)
tests_unit_check_known_keys_LDFLAGS = $(EXPORT_SDK)
tests_unit_check_logfile_SOURCES = tests/unit/check_logfile.c
tests_unit_check_logfile_CFLAGS = $(unit_cflags)
tests_unit_check_logfile_LDADD = $(unit_ldadd)
tests_unit_check_logfile_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_config tests/unit/check_hooks tests/unit/check_loader \
	tests/unit/check_known_keys tests/unit/check_logfile
endif

# --- Integration --------------------------------------------------------------
# Small programs the tests' services and clients run.
check_PROGRAMS += tests/helpers/sockreq tests/helpers/listen_echo tests/helpers/tcpget \
	tests/helpers/holdconn tests/helpers/after tests/helpers/sigcount
tests_helpers_sockreq_SOURCES = tests/helpers/sockreq.c
tests_helpers_listen_echo_SOURCES = tests/helpers/listen_echo.c
tests_helpers_tcpget_SOURCES = tests/helpers/tcpget.c
tests_helpers_holdconn_SOURCES = tests/helpers/holdconn.c
tests_helpers_after_SOURCES = tests/helpers/after.c
tests_helpers_sigcount_SOURCES = tests/helpers/sigcount.c
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
integration_tests = \
	tests/integration/core-credentials.sh \
	tests/integration/core-restart.sh \
	tests/integration/core-depends.sh \
	tests/integration/core-stop.sh \
	tests/integration/core-hook-failure.sh tests/integration/core-spawn-vfork.sh \
	tests/integration/core-validate.sh \
	tests/integration/core-plugins.sh tests/integration/plugins-order.sh \
	tests/integration/bad-input-table.sh \
	tests/integration/core-cli.sh \
	tests/integration/daemon-control.sh \
	tests/integration/daemon-socket.sh \
	tests/integration/daemon-logs.sh \
	tests/integration/daemon-activation.sh \
	tests/integration/daemon-sys.sh \
	tests/integration/sdk-hello.sh \
	tests/integration/man-pages.sh \
	tests/integration/completion.sh \
	tests/integration/fault-fds.sh \
	tests/integration/fault-disk.sh \
	tests/integration/churn-crash.sh \
	tests/integration/churn-clients.sh \
	tests/integration/sys-config.sh \
	tests/integration/testlib-cleanup.sh
TESTS += $(integration_tests)
EXTRA_DIST += $(integration_tests) tests/integration/lib.sh tests/unit/testutil.h \
	tests/unit/plugin_unit.h
include tests/fuzz/local.mk
include tests/valgrind/local.mk
