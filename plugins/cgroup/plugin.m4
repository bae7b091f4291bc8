dnl The cgroup plugin: per-service cgroups (limits.cgroup) on cgroup v2 or
dnl v1. Needs nothing but Linux; which version is used is decided at run
dnl time from what the machine mounts.
SYSG_PLUGIN([cgroup], [a cgroup per service: limits.cgroup], [cgroup v2, v1 fallback], [])
