dnl The landlock plugin: isolation.landlock (ro_paths, rw_paths, exec_paths).
dnl Uses the raw system calls and defines the access rights newer than the
dnl installed headers itself, so it needs only <linux/landlock.h> (Linux 5.13
dnl headers); the running kernel's ABI is checked at config load.
SYSG_PLUGIN([landlock], [isolation.landlock: filesystem access beneath listed paths only],
	[Landlock system calls],
	[AC_CHECK_HEADER([linux/landlock.h], [],
		[sysg_plugin_ok=no; sysg_plugin_why="<linux/landlock.h> not found (apt-get install linux-libc-dev)"])])
