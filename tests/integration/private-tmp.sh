#!/bin/sh
# isolation.private_tmp: the service's /tmp and /var/tmp are tmpfs mounts
# of its own (mode 1777, nosuid, nodev) in a mount namespace of its own; a
# file it writes there is not on the host, a host file in /tmp is not
# visible to it, a service without the key sees the host's /tmp; after the
# stop no mount, no file and no namespace of it remains. All read from the
# kernel: /proc/PID/mountinfo, /proc/PID/root, /proc/PID/ns/mnt.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-mounts.sh"
need_root "mounting a tmpfs"
need_plugin private-tmp
getent passwd nobody >/dev/null || skip "no user nobody"

s=$MOUNTS_STAMP
echo host >"/tmp/$s.host"
host_tmp_mounts=$(grep -c ' /tmp \| /var/tmp ' /proc/self/mountinfo)
# (cleanup reads the test's status from $?: hand it on.)
trap 'st=$?; rm -f "/tmp/$s.host" "/tmp/$s.svc" "/var/tmp/$s.svc"; (exit $st); cleanup' EXIT

# The service writes in its /tmp and /var/tmp as nobody, lists its /tmp
# and says whether it sees the host's file; the control sees the host's.
cat >"$T/sysg.yaml" <<YAML
services:
  private:
    command: "echo mine > /tmp/$s.svc && echo var > /var/tmp/$s.svc && ls -A /tmp > /tmp/listing && if [ -e /tmp/$s.host ]; then echo seen; else echo unseen; fi > /tmp/host-file && exec sleep 3001"
    user: nobody
    working_dir: /
    isolation: { private_tmp: true }
  control:
    command: "exec sleep 3002"
    user: nobody
    working_dir: /
YAML
start_sysg "$T/sysg.yaml"
pid=$(child_pid "sleep 3001")
track private "$pid"
cpid=$(child_pid "sleep 3002")
track control "$cpid"
wait_until 10 "[ -s /proc/$pid/root/tmp/host-file ]" || fail "the service did not finish writing its /tmp"

# Its own mount namespace, with a tmpfs on each directory.
ns=$(mount_ns "$pid")
[ "$ns" != "$(mount_ns $$)" ] || fail "the service shares the host's mount namespace"
[ "$(mount_ns "$cpid")" = "$(mount_ns $$)" ] || fail "the control is not in the host's mount namespace"
for d in /tmp /var/tmp; do
	line=$(mount_line "$pid" $d)
	[ -n "$line" ] || fail "no mount on $d in /proc/$pid/mountinfo"
	[ "$(mount_fstype "$line")" = tmpfs ] || fail "$d is not a tmpfs: $line"
	has_opt "$(mount_opts "$line")" nosuid || fail "$d is not nosuid: $line"
	has_opt "$(mount_opts "$line")" nodev || fail "$d is not nodev: $line"
	[ "$(stat -c %a "/proc/$pid/root$d")" = 1777 ] || fail "the service's $d is not mode 1777"
	# Private: no peer group shared with the host (no "shared:N" field).
	echo "$line" | grep -q ' shared:' && fail "$d propagates to other namespaces: $line"
done

# What it wrote is its own (as nobody) and only its own.
[ "$(cat "/proc/$pid/root/tmp/$s.svc")" = mine ] || fail "the service's file is not in its /tmp"
[ "$(stat -c %U "/proc/$pid/root/tmp/$s.svc")" = nobody ] || fail "the file is not nobody's"
[ "$(cat "/proc/$pid/root/var/tmp/$s.svc")" = var ] || fail "the service's file is not in its /var/tmp"
[ -e "/tmp/$s.svc" ] && fail "the service's /tmp file is on the host"
[ -e "/var/tmp/$s.svc" ] && fail "the service's /var/tmp file is on the host"
# ...and the host's is not visible to it: its /tmp holds only its files.
[ "$(cat "/proc/$pid/root/tmp/host-file")" = unseen ] || fail "the service saw the host's /tmp file"
[ "$(LC_ALL=C sort "/proc/$pid/root/tmp/listing" | tr "\n" " ")" = "listing $s.svc " ] ||
	fail "the service's /tmp held: $(cat "/proc/$pid/root/tmp/listing")"
# The control sees the host's /tmp (the check above can fail).
[ -e "/proc/$cpid/root/tmp/$s.host" ] || fail "the control does not see the host's /tmp"
[ "$(grep -c ' /tmp \| /var/tmp ' /proc/self/mountinfo)" = "$host_tmp_mounts" ] ||
	fail "a mount on /tmp or /var/tmp appeared on the host"

# After the stop: the namespace is gone, and with it the tmpfs and files.
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
untrack
wait_until 5 "ns_gone '$ns'" || fail "a process is still in the service's mount namespace $ns"
[ "$(grep -c ' /tmp \| /var/tmp ' /proc/self/mountinfo)" = "$host_tmp_mounts" ] ||
	fail "a mount on /tmp or /var/tmp remains on the host"
[ -e "/tmp/$s.svc" ] || [ -e "/var/tmp/$s.svc" ] && fail "a file of the service remains"
exit 0
