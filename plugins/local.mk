# Each plugin's build rules and tests, one file per plugin.
EXTRA_DIST += plugins/plugins.m4 \
	plugins/apparmor/plugin.m4 plugins/caps/plugin.m4 plugins/cgroup/plugin.m4 plugins/isolation/plugin.m4 plugins/landlock/plugin.m4 plugins/limits/plugin.m4 plugins/private-devices/plugin.m4 plugins/private-tmp/plugin.m4 plugins/seccomp/plugin.m4 plugins/selinux/plugin.m4

include plugins/apparmor/local.mk
include plugins/caps/local.mk
include plugins/cgroup/local.mk
include plugins/isolation/local.mk
include plugins/landlock/local.mk
include plugins/limits/local.mk
include plugins/private-devices/local.mk
include plugins/private-tmp/local.mk
include plugins/seccomp/local.mk
include plugins/selinux/local.mk

# libtool's .la files are of no use in a plugin directory: remove them, and
# remove the .so on uninstall (libtool's uninstall only knows the .la).
# plugindir's name has no "exec" in it, so automake installs the plugins
# in install-data: the hook must be install-data-hook to run after them.
install-data-hook:
	@for la in $(plugin_LTLIBRARIES); do \
	  rm -f "$(DESTDIR)$(plugindir)/$$(basename $$la)"; done
uninstall-hook:
	@for la in $(plugin_LTLIBRARIES); do \
	  rm -f "$(DESTDIR)$(plugindir)/$$(basename $$la .la).so"; done
