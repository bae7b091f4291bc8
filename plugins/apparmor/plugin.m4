dnl The apparmor plugin: isolation.apparmor_profile. Talks to the kernel
dnl through /proc and /sys files only (no libapparmor), so it needs nothing
dnl to build; whether AppArmor is enabled is checked at config load.
SYSG_PLUGIN([apparmor], [isolation.apparmor_profile: run under an AppArmor profile],
	[/proc/self/attr interface], [])
