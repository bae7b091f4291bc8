#!/bin/sh
# isolation.user. As root: a service that runs as nobody in a user namespace
# of its own gets the default maps (its uid and gid to themselves), keeps
# setgroups allowed so that the core sets its (empty) supplementary groups,
# and runs with exactly those credentials; an explicit user_map is written
# as given. As nobody (setpriv, no capability at all): sysg makes the user
# namespace first and every other namespace inside it, the maps say
# 65534 -> 65534 with setgroups denied (the kernel requires it of an
# unprivileged writer), and the service holds no capability on the host.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-isolation.sh"
need_root "the test runs sysg as root and as nobody (setpriv)"
iso_need
command -v setpriv >/dev/null && command -v nsenter >/dev/null || skip "no setpriv or nsenter (util-linux)"
[ "$(id -u nobody 2>/dev/null)" = 65534 ] && [ "$(id -g nobody)" = 65534 ] ||
	skip "no user nobody with uid and gid 65534"
[ "$(cat /proc/sys/user/max_user_namespaces)" -gt 0 ] || skip "user namespaces are disabled (user.max_user_namespaces = 0)"

# map FILE: its lines as "A B C;..." without the column padding.
map() {
	awk '{ printf "%s%s %s %s", (NR > 1 ? ";" : ""), $1, $2, $3 }' "$1"
}

cat >"$T/root.yaml" <<YAML
services:
  nobody:
    exec: [sleep, "3301"]
    user: nobody
    isolation: { user: true, pid: true, network: true }
  mapped:
    exec: [sleep, "3302"]
    isolation: { user: true, user_map: ["0 0 1", "1000 1000 10", "100000 200000 1000"], group_map: ["0 0 1"] }
YAML
start_sysg "$T/root.yaml"
svc=$(service_proc "sleep 3301")
expect_ns "$svc" "user pid net"
[ "$(map "/proc/$svc/uid_map")" = "65534 65534 1" ] || fail "uid_map of nobody: $(cat "/proc/$svc/uid_map")"
[ "$(map "/proc/$svc/gid_map")" = "65534 65534 1" ] || fail "gid_map of nobody: $(cat "/proc/$svc/gid_map")"
[ "$(cat "/proc/$svc/setgroups")" = allow ] || fail "setgroups of nobody: $(cat "/proc/$svc/setgroups")"
[ "$(status_field "$svc" Uid)" = "65534 65534 65534 65534" ] || fail "Uid of nobody: $(status_field "$svc" Uid)"
[ "$(status_field "$svc" Gid)" = "65534 65534 65534 65534" ] || fail "Gid of nobody: $(status_field "$svc" Gid)"
[ -z "$(status_field "$svc" Groups)" ] || fail "nobody kept supplementary groups: $(status_field "$svc" Groups)"
expect_caps "$svc" 0000000000000000
mapped=$(service_proc "sleep 3302")
expect_ns "$mapped" user
[ "$(map "/proc/$mapped/uid_map")" = "0 0 1;1000 1000 10;100000 200000 1000" ] || fail "uid_map of mapped: $(cat "/proc/$mapped/uid_map")"
[ "$(map "/proc/$mapped/gid_map")" = "0 0 1" ] || fail "gid_map of mapped: $(cat "/proc/$mapped/gid_map")"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"

# sysg as nobody, with no capability: every namespace, made inside the user
# namespace.
sysg=$(helper_sysg)
cat >"$T/nobody.yaml" <<YAML
services:
  box:
    exec: [sleep, "3311"]
    isolation: { user: true, network: true, pid: true, mount: true, uts: true, hostname: sysg-iso-user, ipc: true, cgroup: true }
YAML
SYSG_LOG="$T/nobody.log"
setpriv --reuid=65534 --regid=65534 --clear-groups $(user_xdg_env 65534) \
	"$sysg" start -c "$T/nobody.yaml" >"$T/nobody.out" 2>"$SYSG_LOG" &
SYSG_PID=$!
box=$(service_proc "sleep 3311")
[ "$(status_field "$SYSG_PID" Uid)" = "65534 65534 65534 65534" ] || fail "sysg does not run as nobody"
[ "$(status_field "$SYSG_PID" CapEff)" = 0000000000000000 ] || fail "sysg as nobody holds capabilities"
expect_ns "$box" "user net pid mnt uts ipc cgroup"
[ "$(map "/proc/$box/uid_map")" = "65534 65534 1" ] || fail "uid_map of box: $(cat "/proc/$box/uid_map")"
[ "$(map "/proc/$box/gid_map")" = "65534 65534 1" ] || fail "gid_map of box: $(cat "/proc/$box/gid_map")"
[ "$(cat "/proc/$box/setgroups")" = deny ] || fail "setgroups of box: $(cat "/proc/$box/setgroups")"
[ "$(status_field "$box" Uid)" = "65534 65534 65534 65534" ] || fail "Uid of box: $(status_field "$box" Uid)"
[ "$(status_field "$box" NSpid | awk '{ print NF, $2 }')" = "2 2" ] || fail "NSpid of box: $(status_field "$box" NSpid)"
# Its capabilities inside its namespace were dropped at exec (uid 65534
# is not root there either).
for f in CapPrm CapEff CapAmb; do
	[ "$(status_field "$box" $f)" = 0000000000000000 ] || fail "box: $f is $(status_field "$box" $f)"
done
[ "$(nsenter -t "$box" -u hostname)" = sysg-iso-user ] || fail "hostname in box: $(nsenter -t "$box" -u hostname)"
nsenter -t "$box" -n ip -o link show 2>/dev/null | grep -q '^1: lo: <LOOPBACK,UP,LOWER_UP>' ||
	fail "lo is not up in box: $(nsenter -t "$box" -n ip -o link show 2>&1)"
procs=$(nsenter -t "$box" -m ls /proc | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ')
[ "$procs" = "1 2 " ] || fail "/proc in box lists pids '$procs', expected '1 2 '"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg as nobody exited $SYSG_RC after SIGTERM"
kill -0 "$box" 2>/dev/null && fail "box survived the stop"
exit 0
