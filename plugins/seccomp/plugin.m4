dnl The seccomp plugin: isolation.seccomp, a system call filter. libseccomp
dnl resolves names and compiles the filter at config load; the pre-exec step
dnl only hands the finished program to prctl.
SYSG_PLUGIN([seccomp], [isolation.seccomp: a system call filter], [libseccomp],
	[PKG_CHECK_MODULES([LIBSECCOMP], [libseccomp >= 2.5], [],
		[sysg_plugin_ok=no; sysg_plugin_why="libseccomp >= 2.5 not found (apt-get install libseccomp-dev)"])])
