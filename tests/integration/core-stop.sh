#!/bin/sh
# SIGTERM to sysg stops every service and everything they started, including
# a grandchild that ignores SIGTERM (SIGKILL after stop_timeout), and sysg
# exits 0 with nothing left running.
. "$top_srcdir/tests/integration/lib.sh"

cat >"$T/sysg.yaml" <<YAML
services:
  stubborn:
    command: "(trap '' TERM; exec sleep 1001) & echo \$! > $T/gc.pid; exec sleep 1002"
    stop_timeout: 1s
  polite:
    exec: [sleep, "1003"]
YAML
start_sysg "$T/sysg.yaml"
main=$(child_pid "sleep 1002")
polite=$(child_pid "sleep 1003")
wait_until 10 "[ -s '$T/gc.pid' ]" || fail "no grandchild pid"
gc=$(cat "$T/gc.pid")
kill -0 "$gc" || fail "grandchild $gc is not running"
# SIGTERM is signal 15: bit 14 of the ignored mask.
[ $((0x$(status_field "$gc" SigIgn) & 0x4000)) -ne 0 ] || fail "grandchild $gc does not ignore SIGTERM"
[ "$(ps -o pgid= -p "$gc" | tr -d ' ')" = "$main" ] || fail "grandchild not in the service's process group"

t0=$(now_ms)
stop_sysg
t1=$(now_ms)
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
for p in $main $polite $gc; do
	[ -e "/proc/$p" ] && fail "process $p survived the stop: $(cat /proc/$p/status | head -3)"
done
pgrep -g "$main" >/dev/null && fail "something in process group $main survived"
[ $((t1 - t0)) -ge 900 ] || fail "stop took $((t1 - t0)) ms: the grandchild was not given stop_timeout"
[ $((t1 - t0)) -lt 5000 ] || fail "stop took $((t1 - t0)) ms, stop_timeout is 1 s"
assert_contains "$SYSG_LOG" "stubborn: still running 1000 ms after SIGTERM: sending SIGKILL"

# SIGKILL of the supervisor: its services' main processes die with it
# (PR_SET_PDEATHSIG), also those that changed user, so nothing is left to
# be started twice by the next sysg.
user=$(id -un)
[ "$(id -u)" = 0 ] && user=nobody
cat >"$T/killed.yaml" <<YAML
services:
  one:
    exec: [sleep, "1004"]
  two:
    exec: [sleep, "1005"]
    user: $user
  three:
    command: "sleep 1006"
YAML
start_sysg "$T/killed.yaml"
one=$(child_pid "sleep 1004")
two=$(child_pid "sleep 1005")
# A command of plain words runs without a shell: the program itself is the
# service's main process.
three=$(child_pid "sleep 1006")
[ "$(cat /proc/$three/comm)" = sleep ] || fail "command 'sleep 1006' runs under $(cat /proc/$three/comm)"
kill -KILL "$SYSG_PID"
wait "$SYSG_PID" 2>/dev/null
wait_until 5 "! kill -0 $one 2>/dev/null && ! kill -0 $two 2>/dev/null && ! kill -0 $three 2>/dev/null" ||
	fail "services outlived a killed supervisor: $(ps -o pid,user,args -p "$one,$two,$three")"

# The stop signal reaches the main process once, not once through its
# process group and again by pid. A real-time signal is queued rather than
# merged, so the service can count the copies it got.
count=$(helper sigcount)
cat >"$T/once.yaml" <<YAML
services:
  counter:
    exec: [$count, "40", "$T/signals"]
    stop_signal: "40"
YAML
start_sysg "$T/once.yaml"
child_pid "sigcount" >/dev/null
wait_until 10 "grep -q 'waiting for signal 40' '$SYSG_OUT'" || fail "sigcount did not start"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
[ "$(cat "$T/signals" 2>/dev/null)" = 1 ] ||
	fail "the service got its stop signal $(cat "$T/signals" 2>/dev/null) times, expected once"
exit 0
