dnl The selinux plugin: isolation.selinux_context. libselinux answers, at
dnl config load, whether SELinux is enabled and the context valid; the
dnl pre-exec step writes /proc/thread-self/attr/exec itself.
SYSG_PLUGIN([selinux], [isolation.selinux_context: run in an SELinux context], [libselinux],
	[PKG_CHECK_MODULES([LIBSELINUX], [libselinux], [],
		[sysg_plugin_ok=no; sysg_plugin_why="libselinux not found (apt-get install libselinux1-dev)"])])
