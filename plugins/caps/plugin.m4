dnl The caps plugin: capabilities: (bounding, permitted, effective,
dnl inheritable and ambient sets). libcap turns capability names into
dnl numbers at config load; the pre-exec steps use prctl and capset only.
SYSG_PLUGIN([caps], [capabilities: exactly the listed capabilities], [libcap],
	[PKG_CHECK_MODULES([LIBCAP], [libcap], [],
		[sysg_plugin_ok=no; sysg_plugin_why="libcap not found (apt-get install libcap-dev)"])])
