dnl The private-tmp plugin: isolation.private_tmp, a private tmpfs on /tmp
dnl and /var/tmp in a mount namespace of the service's own. Needs nothing
dnl but Linux.
SYSG_PLUGIN([private-tmp], [isolation.private_tmp: a private /tmp and /var/tmp], [mount namespace, tmpfs], [])
