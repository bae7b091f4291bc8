#!/bin/sh
# isolation.network: the service has a network namespace of its own with lo
# and nothing else, and lo is up; a port listening on the host's 127.0.0.1
# cannot be reached from inside, while the same connection from a service
# without the key gets through. Read from /proc/PID/net/dev and, through
# netlink in the service's namespace, from `ip -o link`.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-isolation.sh"
need_root "a network namespace without a user namespace needs CAP_SYS_ADMIN"
iso_need
command -v ip >/dev/null && command -v nsenter >/dev/null || skip "no ip (iproute2) or nsenter (util-linux)"
command -v timeout >/dev/null || skip "no timeout (coreutils)"
run=$(shared_dir)
tcpget=$(helper tcpget)

# A listener on the host's loopback, on a free port.
bindport=$(helper bindport)
port=
for try in 1 2 3 4 5; do
	p=$((20000 + ($$ * 7 + try * 131) % 30000))
	"$bindport" "$p" >"$T/listen.out" 2>&1 &
	echo $! >"$T/listener.pid"
	wait_until 5 "grep -q 'bindport: ' '$T/listen.out'" || fail "bindport said nothing"
	if grep -q "listening on 127.0.0.1:$p" "$T/listen.out"; then
		port=$p
		break
	fi
done
[ -n "$port" ] || fail "no free port for the listener: $(cat "$T/listen.out")"

cat >"$T/sysg.yaml" <<YAML
services:
  boxed:
    command: "timeout 1 $tcpget $port 2>$run/boxed.err; echo \$? >$run/boxed.rc; exec sleep 3101"
    isolation: { network: true }
  open:
    command: "timeout 1 $tcpget $port 2>$run/open.err; echo \$? >$run/open.rc; exec sleep 3102"
YAML
start_sysg "$T/sysg.yaml"
boxed=$(service_proc "sleep 3101")
open=$(service_proc "sleep 3102")
expect_ns "$boxed" net
expect_ns "$open" ""

# Only lo, in the kernel's table of the service's namespace...
devs=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' "/proc/$boxed/net/dev" | tr '\n' ' ')
[ "$devs" = "lo " ] || fail "/proc/$boxed/net/dev lists '$devs', expected only lo"
awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' "/proc/$open/net/dev" | grep -qvx lo ||
	echo "note: the host has no interface but lo; the comparison shows little"
# ...and up.
links=$(nsenter -t "$boxed" -n ip -o link show)
[ "$(echo "$links" | wc -l)" = 1 ] || fail "ip link in boxed's namespace: $links"
echo "$links" | grep -q '^1: lo: <LOOPBACK,UP,LOWER_UP>' || fail "lo is not up in boxed's namespace: $links"

# ...and as sysfs mounted in that namespace shows it: lo alone, IFF_UP set.
sysfs=$(nsenter -t "$boxed" -n unshare -m --propagation private sh -c \
	'mount -t sysfs sysfs /sys && ls /sys/class/net | tr "\n" " " && echo && cat /sys/class/net/lo/flags') ||
	fail "cannot read sysfs in boxed's network namespace"
[ "$(echo "$sysfs" | head -1)" = "lo " ] || fail "/sys/class/net in boxed's namespace: $sysfs"
[ $(($(echo "$sysfs" | tail -1) & 1)) = 1 ] || fail "lo's flags in boxed's namespace: $(echo "$sysfs" | tail -1)"

# The host's listener: refused from inside, reached from outside (timeout
# ends the connected client, 124).
wait_until 10 "[ -s '$run/boxed.rc' ] && [ -s '$run/open.rc' ]" || fail "the clients did not finish"
[ "$(cat "$run/boxed.rc")" = 1 ] || fail "boxed's connection: exit $(cat "$run/boxed.rc"): $(cat "$run/boxed.err")"
assert_contains "$run/boxed.err" "connect 127.0.0.1:$port: Connection refused"
[ "$(cat "$run/open.rc")" = 124 ] || fail "open could not connect to the host's listener: exit $(cat "$run/open.rc"): $(cat "$run/open.err")"

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"
exit 0
