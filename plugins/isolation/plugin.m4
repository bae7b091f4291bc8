dnl The isolation plugin: Linux namespaces per service (isolation.network,
dnl pid, mount, user, uts, hostname, ipc, cgroup). Needs nothing but Linux;
dnl what the kernel allows is found out at run time.
SYSG_PLUGIN([isolation], [namespaces: isolation.network, pid, mount, user, uts, ipc, cgroup], [Linux namespaces], [])
