# Man pages: sysg(1), sysg.yaml(5), sysg-plugin(7), with this build's
# version and paths filled in.
man_MANS = man/sysg.1 man/sysg.yaml.5 man/sysg-plugin.7
EXTRA_DIST += man/sysg.1.in man/sysg.yaml.5.in man/sysg-plugin.7.in
CLEANFILES += $(man_MANS)
man_subst = sed -e 's|@VERSION[@]|$(PACKAGE_VERSION)|g' -e 's|@PLUGINDIR[@]|$(plugindir)|g' \
	-e 's|@ABI[@]|$(SYSG_PLUGIN_ABI)|g'
man/sysg.1: man/sysg.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_subst) $(srcdir)/man/sysg.1.in >$@
man/sysg.yaml.5: man/sysg.yaml.5.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_subst) $(srcdir)/man/sysg.yaml.5.in >$@
man/sysg-plugin.7: man/sysg-plugin.7.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(man_subst) $(srcdir)/man/sysg-plugin.7.in >$@
