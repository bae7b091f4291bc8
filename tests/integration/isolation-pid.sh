#!/bin/sh
# isolation.pid: the service runs as PID 2 of its own PID namespace (NSpid
# has two values), under an init that is sysg's child (PID 1 there). The
# init reaps an orphan the service leaves behind (no zombie stays); with
# isolation.mount too, /proc inside lists only the namespace's processes.
# `sysg stop` ends the service within its stop_timeout through the init's
# relay of SIGTERM (or of any other stop_signal); one that ignores SIGTERM is SIGKILLed at the timeout with
# its whole namespace. sysg sees the service's own exit status: exit code 7,
# a real exit 143, a death by SIGSEGV or SIGTERM (which the init, barred by
# the kernel from dying of it, passes on through the plugin). A
# SIGKILLed sysg takes the whole namespace with it.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-isolation.sh"
need_root "a PID namespace without a user namespace needs CAP_SYS_ADMIN"
iso_need
command -v nsenter >/dev/null || skip "no nsenter (util-linux)"
run=$(shared_dir)
orphan=$(helper iso-orphan)

cat >"$T/sysg.yaml" <<YAML
services:
  box:
    exec: [$orphan, $run]
    isolation: { pid: true, mount: true }
    stop_timeout: 5s
  seven:
    command: "exit 7"
    isolation: { pid: true }
    restart_policy: never
  segv:
    command: "kill -SEGV \$\$"
    isolation: { pid: true }
    restart_policy: never
  exit143:
    command: "exit 143"
    isolation: { pid: true }
    restart_policy: never
  quit:
    exec: [sleep, "3205"]
    isolation: { pid: true }
    stop_signal: SIGQUIT
    stop_timeout: 5s
  stubborn:
    command: "trap '' TERM; exec sleep 3203"
    isolation: { pid: true }
    stop_timeout: 1s
YAML
start_sysg "$T/sysg.yaml"
box=$(service_proc "iso-orphan $run")
init=$(pid_parent "$box")
[ "$(pid_parent "$init")" = "$SYSG_PID" ] || fail "box's parent $init is not sysg's child"
nspid=$(status_field "$box" NSpid)
[ "$(echo "$nspid" | awk '{ print NF, $1, $2 }')" = "2 $box 2" ] || fail "NSpid of box: '$nspid', expected '$box 2'"
[ "$(status_field "$init" NSpid | awk '{ print NF, $2 }')" = "2 1" ] || fail "NSpid of box's init: $(status_field "$init" NSpid)"
wait_until 10 "[ -s '$run/service' ]" || fail "box did not start"
[ "$(cat "$run/service")" = 2 ] || fail "box sees itself as pid $(cat "$run/service"), expected 2"

# The orphan was adopted by the init (it saw its parent become PID 1) and
# reaped: nothing but the service is left below the init, no zombie.
wait_until 10 "[ -s '$run/adopted' ]" || fail "the orphan was not adopted by PID 1"
[ "$(cat "$run/adopted")" -gt 2 ] || fail "the orphan's pid inside is $(cat "$run/adopted")"
wait_until 5 "[ \"\$(pgrep -P $init | tr '\n' ' ')\" = '$box ' ]" ||
	fail "the init's children: $(ps -o pid=,stat=,args= --ppid "$init")"
ps -e -o stat= -o ppid= | awk -v p="$init" '$2 == p && $1 ~ /^Z/ { exit 1 }' ||
	fail "a zombie is left below the init"

# /proc inside: only PID 1 and 2.
procs=$(nsenter -t "$box" -m ls /proc | grep -E '^[0-9]+$' | sort -n | tr '\n' ' ')
[ "$procs" = "1 2 " ] || fail "/proc in box's mount namespace lists pids '$procs', expected '1 2 '"

# Exit codes as the service's own.
wait_until 10 "grep -q 'seven: exited' '$SYSG_LOG'" || fail "seven did not exit"
assert_contains "$SYSG_LOG" "seven: exited with status 7$"
wait_until 10 "grep -q 'segv: killed' '$SYSG_LOG'" || fail "segv did not exit"
assert_contains "$SYSG_LOG" "segv: killed by SIGSEGV"
wait_until 10 "grep -q 'exit143: exited' '$SYSG_LOG'" || fail "exit143 did not exit"
assert_contains "$SYSG_LOG" "exit143: exited with status 143$"
"$SYSG" status segv >"$T/segv.status" 2>&1
assert_contains "$T/segv.status" "killed by SIGSEGV"

# sysg stop: SIGTERM reaches the service through the init, well within
# stop_timeout (5 s), and the namespace is gone.
t0=$(now_ms)
"$SYSG" stop box >/dev/null || fail "sysg stop box failed"
wait_until 5 "grep -q 'box: killed' '$SYSG_LOG'" || fail "box did not end within its stop_timeout"
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 5000 ] || fail "box took $elapsed ms to stop"
assert_contains "$SYSG_LOG" "sysg: box: killed by SIGTERM"
kill -0 "$box" 2>/dev/null && fail "box survived the stop"
kill -0 "$init" 2>/dev/null && fail "box's init survived the stop"

# Any stop_signal is relayed, not only the usual ones.
quit=$(service_proc "sleep 3205")
t0=$(now_ms)
"$SYSG" stop quit >/dev/null || fail "sysg stop quit failed"
wait_until 5 "grep -q 'quit: killed' '$SYSG_LOG'" || fail "quit did not end on its stop_signal"
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -lt 5000 ] || fail "quit took $elapsed ms to stop"
assert_contains "$SYSG_LOG" "sysg: quit: killed by SIGQUIT"
kill -0 "$quit" 2>/dev/null && fail "quit survived the stop"

# A service that ignores SIGTERM: SIGKILL at its stop_timeout (1 s) ends
# the init, and the kernel the rest of the namespace.
stubborn=$(service_proc "sleep 3203")
sinit=$(pid_parent "$stubborn")
t0=$(now_ms)
"$SYSG" stop stubborn >/dev/null || fail "sysg stop stubborn failed"
wait_until 5 "grep -q 'stubborn: killed' '$SYSG_LOG'" || fail "stubborn was not killed"
elapsed=$(($(now_ms) - t0))
[ "$elapsed" -ge 900 ] || fail "stubborn ended after $elapsed ms, before its stop_timeout: SIGTERM was not ignored?"
assert_contains "$SYSG_LOG" "sysg: stubborn: killed by SIGKILL"
kill -0 "$stubborn" 2>/dev/null && fail "stubborn's service survived its init"
kill -0 "$sinit" 2>/dev/null && fail "stubborn's init survived"

# sysg SIGKILLed: its child, the init, dies with it (parent-death signal),
# and the kernel ends the rest of the namespace.
cat >"$T/orphaned.yaml" <<YAML
services:
  left:
    exec: [sleep, "3204"]
    isolation: { pid: true }
YAML
stop_sysg
start_sysg "$T/orphaned.yaml"
left=$(service_proc "sleep 3204")
linit=$(pid_parent "$left")
kill -KILL "$SYSG_PID"
wait_until 5 "! kill -0 $left 2>/dev/null && ! kill -0 $linit 2>/dev/null" ||
	fail "the PID namespace outlived a SIGKILLed sysg: $(ps -o pid=,args= -p "$left,$linit")"
exit 0
