dnl Each plugin's configure check, one file per plugin (see SYSG_PLUGIN in
dnl configure.ac).
m4_include([plugins/apparmor/plugin.m4])
m4_include([plugins/caps/plugin.m4])
m4_include([plugins/cgroup/plugin.m4])
m4_include([plugins/isolation/plugin.m4])
m4_include([plugins/landlock/plugin.m4])
m4_include([plugins/limits/plugin.m4])
m4_include([plugins/private-devices/plugin.m4])
m4_include([plugins/private-tmp/plugin.m4])
m4_include([plugins/seccomp/plugin.m4])
m4_include([plugins/selinux/plugin.m4])
