dnl The private-devices plugin: isolation.private_devices, a minimal /dev
dnl (bind mounts of the host's null, zero, full, random, urandom, tty, a new
dnl devpts, a tmpfs shm) in a mount namespace of the service's own. Needs
dnl open_tree/move_mount (Linux 5.2) at run time, nothing at build time.
SYSG_PLUGIN([private-devices], [isolation.private_devices: a minimal private /dev], [mount namespace, open_tree], [])
