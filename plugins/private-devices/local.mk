# The private-devices plugin (isolation.private_devices): its module, its
# Check suite and its integration tests. plugins/common/mounts.c (mount
# steps safe between fork and exec) is shared with private-tmp, compiled
# into each.
private_devices_integration_tests = \
	tests/integration/private-devices.sh \
	tests/integration/private-devices-errors.sh \
	tests/integration/private-userns.sh
EXTRA_DIST += $(private_devices_integration_tests)

if BUILD_PLUGIN_PRIVATE_DEVICES
plugin_LTLIBRARIES += plugins/private-devices/private-devices.la
private_devices_sources = plugins/private-devices/private-devices.c \
	plugins/common/mounts.c plugins/common/mounts.h
plugins_private_devices_private_devices_la_SOURCES = $(private_devices_sources)
plugins_private_devices_private_devices_la_LDFLAGS = $(plugin_link_flags)

if HAVE_CHECK
check_PROGRAMS += tests/unit/check_private_devices
tests_unit_check_private_devices_SOURCES = tests/unit/check_private_devices.c \
	$(private_devices_sources)
tests_unit_check_private_devices_CFLAGS = $(unit_cflags)
tests_unit_check_private_devices_LDADD = $(unit_ldadd)
tests_unit_check_private_devices_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/unit/check_private_devices
endif

TESTS += $(private_devices_integration_tests)
endif
