#!/bin/sh
# Both mount plugins in a user namespace, the way an unprivileged sysg runs
# a service with isolation.user: here sysg itself runs as nobody inside
# `unshare --user --map-root-user` (a stand-in that does not depend on the
# isolation plugin). mknod is impossible there, so this shows the bind
# mounts, the devpts instance, the read-only remount and the bounding-set
# drop all work without real privilege. Read from the kernel:
# /proc/PID/root, /proc/PID/mountinfo, /proc/PID/status.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-mounts.sh"
need_root "running sysg as nobody"
need_plugin private-tmp
need_plugin private-devices
no_valgrind "valgrind 3.19 cannot run open_tree, which the hook needs for every device node (it says: WARNING: unhandled amd64-linux syscall: 428)"
command -v unshare >/dev/null || skip "no unshare (util-linux)"
run_as_nobody unshare --user --map-root-user true 2>/dev/null ||
	skip "this kernel does not let nobody make a user namespace"

# Inside the namespace only files of the mapped user (nobody) are root's:
# the loader wants its plugins owned by root, so they are copied for nobody.
dir="$T/userns-plugins"
mkdir -p "$dir"
cp "$SYSG_STAGE_PLUGINS/private-tmp.so" "$SYSG_STAGE_PLUGINS/private-devices.so" "$dir/"
chmod 0755 "$dir" "$dir"/*.so
chown -R 65534:65534 "$dir"
cat >"$T/sysg.yaml" <<YAML
services:
  confined:
    command: "echo x > /dev/null && head -c 8 /dev/urandom > /dev/shm/random && echo mine > /tmp/file && exec sleep 3201"
    working_dir: /
    isolation: { private_tmp: true, private_devices: true }
YAML
sysg=$(helper_sysg)
# One process: setpriv, env and unshare each exec the next, so sysg keeps
# the pid of the background job (its services are its children).
# shellcheck disable=SC2046
setpriv --reuid=65534 --regid=65534 --clear-groups $(user_xdg_env 65534) SYSG_PLUGIN_DIR="$dir" \
	unshare --user --map-root-user "$sysg" start -c "$T/sysg.yaml" >"$SYSG_OUT" 2>"$SYSG_LOG" &
SYSG_PID=$!
pid=$(child_pid "sleep 3201")
track confined "$pid"
wait_until 10 "[ -s /proc/$pid/root/tmp/file ]" || fail "the service did not write its /tmp"

# Really unprivileged: nobody on the host, in a user namespace of its own.
[ "$(status_field "$pid" Uid | awk '{ print $1 }')" = 65534 ] || fail "the service is not nobody on the host"
[ "$(readlink "/proc/$pid/ns/user")" != "$(readlink /proc/$$/ns/user)" ] || fail "no user namespace"

want="fd full null ptmx pts random shm stderr stdin stdout tty urandom zero "
[ "$(ls -A "/proc/$pid/root/dev" | LC_ALL=C sort | tr '\n' ' ')" = "$want" ] ||
	fail "/proc/$pid/root/dev holds: $(ls -A "/proc/$pid/root/dev" | tr '\n' ' ')"
[ "$(stat -c %s "/proc/$pid/root/dev/shm/random")" = 8 ] || fail "reading /dev/urandom failed"
line=$(mount_line "$pid" /dev)
[ "$(mount_fstype "$line")" = tmpfs ] && has_opt "$(mount_opts "$line")" ro || fail "/dev: $line"
[ "$(mount_fstype "$(mount_line "$pid" /dev/pts)")" = devpts ] || fail "no devpts of its own"
[ "$(mount_fstype "$(mount_line "$pid" /tmp)")" = tmpfs ] || fail "/tmp is not a tmpfs"
[ "$(mount_fstype "$(mount_line "$pid" /var/tmp)")" = tmpfs ] || fail "/var/tmp is not a tmpfs"
[ -e "/tmp/file" ] && [ "$(cat /tmp/file)" = mine ] && fail "the service's file is on the host"
v=$(status_field "$pid" CapBnd)
[ $(((0x$v >> 27) & 1)) = 0 ] || fail "CapBnd $v has CAP_MKNOD"
[ $(((0x$v >> 17) & 1)) = 0 ] || fail "CapBnd $v has CAP_SYS_RAWIO"

ns=$(mount_ns "$pid")
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
untrack
wait_until 5 "ns_gone '$ns'" || fail "a process is still in the service's mount namespace"
exit 0
