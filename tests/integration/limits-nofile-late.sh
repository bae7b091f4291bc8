#!/bin/sh
# The child holds all of sysg's descriptors until exec, so RLIMIT_NOFILE is
# set last (priority 790): a hook before it that opens one (here the network
# namespace's socket that brings lo up, at 300) must find a free number even
# when sysg holds more descriptors than the service's limit. Both the
# service's own `limits.nofile` and the soft limit sysg was started with
# (which sysg raises for itself) are checked in /proc/PID/limits.
. "$top_srcdir/tests/integration/lib.sh"
need_root "network namespaces"
no_valgrind "valgrind refuses RLIMIT_NOFILE changes in the child before exec"
for p in isolation limits; do
	[ -f "$SYSG_STAGE_PLUGINS/$p.so" ] || skip "the $p plugin was not built"
done

# 40 fillers: sysg holds four descriptors for each (two log pipes, two log
# files), far above the limits below.
{
	echo "services:"
	for i in $(seq 10 49); do
		printf '  filler%s:\n    exec: [/bin/sleep, "13%s"]\n' "$i" "$i"
	done
	cat <<'YAML'
  capped:
    exec: [/bin/sleep, "1400"]
    limits: { nofile: 32 }
    isolation: { network: true }
  inherited:
    exec: [/bin/sleep, "1401"]
    isolation: { network: true }
YAML
} >"$T/sysg.yaml"
hard=$(ulimit -Hn)
sh -c 'ulimit -Sn 64 && exec "$0" start -c "$1"' "$SYSG" "$T/sysg.yaml" >"$SYSG_OUT" 2>"$SYSG_LOG" &
SYSG_PID=$!
wait_until 20 "[ \$(pgrep -c -P $SYSG_PID) -ge 42 ]" || fail "not every service started"
[ "$(ls "/proc/$SYSG_PID/fd" | wc -l)" -gt 64 ] || fail "sysg holds too few descriptors for this test to mean anything"

files_limit() { # soft/hard "Max open files" of the service running sleep $1
	local pid
	pid=$(pgrep -P "$SYSG_PID" -fx "/bin/sleep $1") || fail "sleep $1 is not running"
	[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] ||
		fail "sleep $1 is in the host's network namespace"
	awk '/^Max open files/ {print $4 "/" $5}' "/proc/$pid/limits"
}
[ "$(files_limit 1400)" = 32/32 ] || fail "capped: Max open files $(files_limit 1400), expected 32/32"
[ "$(files_limit 1401)" = "64/$hard" ] ||
	fail "inherited: Max open files $(files_limit 1401), expected sysg's starting 64/$hard"
grep -q "Too many open files" "$SYSG_LOG" && fail "a start failed for lack of descriptors"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
exit 0
