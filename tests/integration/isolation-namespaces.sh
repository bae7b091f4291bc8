#!/bin/sh
# One service per isolation key: each gets its own namespace of that kind
# and shares every other kind with sysg (/proc/PID/ns/*). With the key set
# to false, or without isolation:, nothing is unshared. Then what each
# namespace holds: the hostname in the UTS namespace, no shared mount
# propagation in the mount namespace, / as the cgroup seen from inside the
# cgroup namespace, a fresh IPC namespace without the host's message queue.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-isolation.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
need_root "namespaces without a user namespace need CAP_SYS_ADMIN"
iso_need
run=$(shared_dir)

# With the cgroup plugin the service has a cgroup of its own below sysg's,
# so that / inside differs from its path outside.
cg_limits=
if [ -f "$SYSG_STAGE_PLUGINS/cgroup.so" ] && [ -n "$CG_VERSION" ]; then
	cg_limits="    limits: { cgroup: { pids_max: 100 } }"
fi
cat >"$T/sysg.yaml" <<YAML
services:
  net:
    exec: [sleep, "3001"]
    isolation: { network: true }
  pid:
    exec: [sleep, "3002"]
    isolation: { pid: true }
  mnt:
    exec: [sleep, "3003"]
    isolation: { mount: true }
  uts:
    exec: [sleep, "3004"]
    isolation: { uts: true, hostname: sysg-iso-box }
  ipc:
    command: "ipcs -q > $run/ipc; exec sleep 3005"
    isolation: { ipc: true }
  cgroup:
    command: "cat /proc/self/cgroup > $run/cgroup; exec sleep 3006"
    isolation: { cgroup: true }
$cg_limits
  user:
    exec: [sleep, "3007"]
    isolation: { user: true }
  off:
    exec: [sleep, "3008"]
    isolation: { network: false, pid: false, mount: false, user: false, uts: false, ipc: false, cgroup: false }
  plain:
    exec: [sleep, "3009"]
YAML
# A message queue on the host that the IPC namespace must not show.
command -v ipcmk >/dev/null || skip "no ipcmk (util-linux)"
qid=$(ipcmk -Q | awk '{ print $NF }')
[ -n "$qid" ] || fail "ipcmk -Q made no queue"
# A shared mount: what the service mounts below it must not reach the host.
mkdir "$T/prop" && mount -t tmpfs -o size=1M sysg-iso-prop "$T/prop" &&
	mount --make-shared "$T/prop" && mkdir "$T/prop/inner" || fail "cannot make a shared mount"
# (cg_cleanup hands the test's status on: keep it for it.)
trap 'st=$?; ipcrm -q "$qid" 2>/dev/null; umount -l "$T/prop/inner" 2>/dev/null; umount -l "$T/prop"; (exit $st); cg_cleanup' EXIT

start_sysg "$T/sysg.yaml"
net=$(service_proc "sleep 3001")
pid=$(service_proc "sleep 3002")
mnt=$(service_proc "sleep 3003")
uts=$(service_proc "sleep 3004")
ipc=$(service_proc "sleep 3005")
cg=$(service_proc "sleep 3006")
user=$(service_proc "sleep 3007")
off=$(service_proc "sleep 3008")
plain=$(service_proc "sleep 3009")
expect_ns "$net" net
expect_ns "$pid" pid
expect_ns "$mnt" mnt
expect_ns "$uts" uts
expect_ns "$ipc" ipc
expect_ns "$cg" cgroup
expect_ns "$user" user
expect_ns "$off" ""
expect_ns "$plain" ""

# The PID namespace's service is not sysg's child: its parent is the
# namespace's init, which is.
[ "$(pid_parent "$(pid_parent "$pid")")" = "$SYSG_PID" ] || fail "the pid service is not sysg's grandchild"
[ "$(status_field "$pid" NSpid | awk '{ print NF, $2 }')" = "2 2" ] ||
	fail "NSpid of the pid service: $(status_field "$pid" NSpid)"

# UTS: the name inside, the host's untouched.
[ "$(nsenter -t "$uts" -u hostname)" = sysg-iso-box ] || fail "hostname inside: $(nsenter -t "$uts" -u hostname)"
[ "$(hostname)" != sysg-iso-box ] || fail "the host's name was changed"

# Mount: every mount private (no shared: peer group in mountinfo), and a
# mount made inside below the host's shared mount stays inside.
grep -q " $T/prop .* shared:" /proc/self/mountinfo || fail "$T/prop is not shared on the host"
grep -q " $T/prop " "/proc/$mnt/mountinfo" || fail "no $T/prop in mnt's mountinfo"
grep -q " shared:" "/proc/$mnt/mountinfo" && fail "mounts in mnt's namespace still propagate: $(grep " shared:" "/proc/$mnt/mountinfo" | head -3)"
nsenter -t "$mnt" -m mount -t tmpfs -o size=1M sysg-iso-inner "$T/prop/inner" || fail "cannot mount inside mnt's namespace"
grep -q " $T/prop/inner " "/proc/$mnt/mountinfo" || fail "the inner mount is not in mnt's namespace"
grep -q " $T/prop/inner " /proc/self/mountinfo && fail "a mount made in mnt's namespace reached the host"

# IPC: the host's queue is not there.
wait_until 10 "[ -s '$run/ipc' ]" || fail "ipc did not list its queues"
grep -q "$qid" "$run/ipc" && fail "the host's message queue $qid is visible in the IPC namespace"
ipcs -q | grep -q "$qid" || fail "the host's queue is not visible on the host either: the test proves nothing"

# cgroup: inside, its own cgroup is the root of every hierarchy.
wait_until 10 "[ -s '$run/cgroup' ]" || fail "cgroup did not read /proc/self/cgroup"
if [ -n "$cg_limits" ]; then
	[ "$(cg_path "$cg" pids)" != / ] || fail "the cgroup service is in the root pids cgroup: nothing to compare"
else
	echo "note: no cgroup plugin or controller: the service's cgroup is sysg's, $(cg_path "$cg" pids)"
fi
awk -F: '$3 != "/" { bad = 1 } END { exit bad }' "$run/cgroup" ||
	fail "the cgroup namespace does not show / as the service's cgroup: $(cat "$run/cgroup")"

# user (as root, default map): the service's uid to itself.
[ "$(awk '{ print $1, $2, $3 }' "/proc/$user/uid_map")" = "0 0 1" ] || fail "uid_map of user: $(cat "/proc/$user/uid_map")"

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"
for p in $net $pid $mnt $uts $ipc $cg $user $off $plain; do
	kill -0 "$p" 2>/dev/null && fail "pid $p survived the stop"
done
exit 0
