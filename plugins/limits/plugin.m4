dnl The limits plugin: limits.nofile, nproc, memlock, ... as setrlimit(2).
dnl Needs nothing but Linux.
SYSG_PLUGIN([limits], [resource limits: limits.nofile, nproc, memlock, ...], [setrlimit], [])
