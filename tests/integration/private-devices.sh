#!/bin/sh
# isolation.private_devices: the service's /dev is a read-only tmpfs of its
# own holding exactly null zero full random urandom tty (the host's nodes,
# bound in), pts (a new devpts), ptmx, shm (a writable tmpfs), fd, stdin,
# stdout and stderr; no block device of the host is there; /dev/null,
# /dev/urandom and /dev/ptmx work; CapBnd lacks CAP_MKNOD and CAP_SYS_RAWIO.
# A service with private_tmp as well gets both (nested namespaces). Read
# from the kernel: /proc/PID/root/dev, /proc/PID/mountinfo, /proc/PID/status.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-mounts.sh"
need_root "mounting a tmpfs on /dev"
need_plugin private-devices
no_valgrind "valgrind 3.19 cannot run open_tree, which the hook needs for every device node (it says: WARNING: unhandled amd64-linux syscall: 428)"
getent passwd nobody >/dev/null || skip "no user nobody"
run=$(shared_dir)
host_dev_mounts=$(grep -c ' /dev[/ ]' /proc/self/mountinfo)

# The service (as root, so that only the plugin takes the capabilities
# away) uses its devices and writes what it saw where the test reads it.
cat >"$T/sysg.yaml" <<YAML
services:
  devices:
    command: "ls -A /dev > $run/dev-list; echo x > /dev/null && echo ok > $run/null; head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\\\n' > $run/random; ( exec 3<>/dev/ptmx ) && echo ok > $run/ptmx; echo x > /dev/shm/x && echo ok > $run/shm; touch /dev/new 2> $run/dev-write; exec sleep 3101"
    isolation: { private_devices: true }
  control:
    command: "exec sleep 3102"
  both:
    command: "echo x > /tmp/x && exec sleep 3103"
    working_dir: /
    user: nobody
    isolation: { private_devices: true, private_tmp: true }
YAML
[ -f "$SYSG_STAGE_PLUGINS/private-tmp.so" ] || sed -i 's/, private_tmp: true//' "$T/sysg.yaml"
start_sysg "$T/sysg.yaml"
pid=$(child_pid "sleep 3101")
track devices "$pid"
cpid=$(child_pid "sleep 3102")
track control "$cpid"
bpid=$(child_pid "sleep 3103")
track both "$bpid"
wait_until 10 "[ -e $run/dev-write ]" || fail "the service did not finish"

# Exactly the listed entries, seen from inside and through /proc/PID/root.
want="fd full null ptmx pts random shm stderr stdin stdout tty urandom zero "
[ "$(LC_ALL=C sort "$run/dev-list" | tr '\n' ' ')" = "$want" ] ||
	fail "the service listed in /dev: $(tr '\n' ' ' <"$run/dev-list")"
[ "$(ls -A "/proc/$pid/root/dev" | LC_ALL=C sort | tr '\n' ' ')" = "$want" ] ||
	fail "/proc/$pid/root/dev holds: $(ls -A "/proc/$pid/root/dev" | tr '\n' ' ')"
[ "$(ls -A "/proc/$bpid/root/dev" | LC_ALL=C sort | tr '\n' ' ')" = "$want" ] ||
	fail "both: /proc/$bpid/root/dev holds: $(ls -A "/proc/$bpid/root/dev" | tr '\n' ' ')"
# No block device of the host; the control still sees them.
for b in /sys/block/*; do
	b=${b##*/}
	[ -e "/proc/$pid/root/dev/$b" ] && fail "the host's block device $b is in the service's /dev"
	[ -b "/dev/$b" ] && { [ -b "/proc/$cpid/root/dev/$b" ] || fail "the control lacks /dev/$b"; }
done
[ -z "$(find "/proc/$pid/root/dev/" -type b)" ] || fail "a block device in the service's /dev"
for n in null zero full random urandom tty; do
	[ -c "/proc/$pid/root/dev/$n" ] || fail "/dev/$n is not a character device"
	[ "$(stat -c %t:%T "/proc/$pid/root/dev/$n")" = "$(stat -c %t:%T "/dev/$n")" ] ||
		fail "/dev/$n is not the host's node"
done
[ "$(readlink "/proc/$pid/root/dev/ptmx")" = pts/ptmx ] || fail "ptmx does not point to pts/ptmx"
[ "$(readlink "/proc/$pid/root/dev/fd")" = /proc/self/fd ] || fail "fd is not /proc/self/fd"
[ "$(readlink "/proc/$pid/root/dev/stderr")" = /proc/self/fd/2 ] || fail "stderr is not fd 2"

# The nodes work; /dev is read-only, /dev/shm is not.
[ "$(cat "$run/null")" = ok ] || fail "writing /dev/null failed"
grep -Eqx '[0-9a-f]{32}' "$run/random" || fail "reading /dev/urandom gave '$(cat "$run/random")'"
[ "$(cat "$run/ptmx")" = ok ] || fail "opening /dev/ptmx failed"
[ "$(cat "$run/shm")" = ok ] || fail "writing /dev/shm failed"
grep -q 'Read-only file system' "$run/dev-write" || fail "creating /dev/new: $(cat "$run/dev-write")"

# The mounts, as the kernel lists them.
line=$(mount_line "$pid" /dev)
[ "$(mount_fstype "$line")" = tmpfs ] || fail "/dev is not a tmpfs: $line"
for o in ro nosuid nodev noexec; do
	has_opt "$(mount_opts "$line")" $o || fail "/dev is not $o: $line"
done
line=$(mount_line "$pid" /dev/pts)
[ "$(mount_fstype "$line")" = devpts ] || fail "/dev/pts is not a devpts: $line"
has_opt "$(mount_super_opts "$line")" ptmxmode=666 || fail "/dev/pts: not ptmxmode=666: $line"
[ "$(echo "$line" | cut -d' ' -f3)" != "$(mount_line $$ /dev/pts | cut -d' ' -f3)" ] ||
	fail "/dev/pts is the host's instance: $line"
line=$(mount_line "$pid" /dev/shm)
[ "$(mount_fstype "$line")" = tmpfs ] && has_opt "$(mount_opts "$line")" rw ||
	fail "/dev/shm is not a writable tmpfs: $line"
[ "$(stat -c %a "/proc/$pid/root/dev/shm")" = 1777 ] || fail "/dev/shm is not mode 1777"
[ "$(grep -c ' /dev[/ ]' /proc/self/mountinfo)" = "$host_dev_mounts" ] ||
	fail "a mount under /dev appeared on the host"

# Both keys: /tmp is private too, and the nobody service wrote there.
if grep -q private_tmp "$T/sysg.yaml"; then
	[ "$(mount_fstype "$(mount_line "$bpid" /tmp)")" = tmpfs ] || fail "both: /tmp is not a tmpfs"
	wait_until 5 "[ -s /proc/$bpid/root/tmp/x ]" || fail "both: nothing written in its /tmp"
fi

# Capabilities: gone from the bounding set (and so from root's sets after
# exec); the control keeps them.
bit_set() { # HEX BIT
	[ $(( (0x$1 >> $2) & 1 )) = 1 ]
}
for f in CapBnd CapEff CapPrm; do
	v=$(status_field "$pid" $f)
	bit_set "$v" 27 && fail "$f $v has CAP_MKNOD"
	bit_set "$v" 17 && fail "$f $v has CAP_SYS_RAWIO"
done
bit_set "$(status_field "$pid" CapBnd)" 21 || fail "CAP_SYS_ADMIN was dropped too"
v=$(status_field $$ CapBnd)
if bit_set "$v" 27; then
	bit_set "$(status_field "$cpid" CapBnd)" 27 || fail "the control lost CAP_MKNOD"
fi

ns=$(mount_ns "$pid")
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
untrack
wait_until 5 "ns_gone '$ns'" || fail "a process is still in the service's mount namespace"
exit 0
