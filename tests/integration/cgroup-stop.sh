#!/bin/sh
# The cgroup holds everything a service starts: a grandchild that left the
# process group (setsid) and ignores SIGTERM is in the service's cgroup, is
# killed at the stop, and the directory goes; the same escape without
# limits.cgroup survives the core's process-group stop (the control). A
# service whose main process exits leaving a daemon behind is not restarted
# until the daemon is gone.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
cg_need

cat >"$T/sysg.yaml" <<YAML
services:
  boxed:
    command: |
      setsid sh -c 'trap "" TERM; echo \$\$ > $T/boxed-gc.pid; exec sleep 1001' & exec sleep 1002
    stop_timeout: 1s
    limits: { cgroup: { pids_max: 50 } }
  loose:
    command: |
      setsid sh -c 'trap "" TERM; echo \$\$ > $T/loose-gc.pid; exec sleep 1003' & exec sleep 1004
    stop_timeout: 1s
  leaver:
    command: "setsid sleep 1005 & echo \$! > $T/leaver-\$\$.pid; sleep 0.3; exit 3"
    restart_policy: on-failure
    backoff: 100ms
    max_restarts: 1
    stop_timeout: 500ms
    limits: { cgroup: {} }
YAML
"$SYSG" validate -c "$T/sysg.yaml" >"$T/validate.out" 2>&1 || { cat "$T/validate.out"; fail "bad test config"; }
start_sysg "$T/sysg.yaml"
boxed=$(child_pid "sleep 1002")
child_pid "sleep 1004" >/dev/null
wait_until 10 "[ -s '$T/boxed-gc.pid' ] && [ -s '$T/loose-gc.pid' ]" || fail "no grandchild pids"
boxed_gc=$(cat "$T/boxed-gc.pid")
loose_gc=$(cat "$T/loose-gc.pid")
[ "$(ps -o sid= -p "$boxed_gc" | tr -d ' ')" = "$boxed_gc" ] || fail "the grandchild did not leave the session"
# In the service's own cgroup, like its parent, though outside its group.
cg_expect_path "$boxed" pids boxed
cg_expect_path "$boxed_gc" pids boxed
[ "$CG_VERSION" = 2 ] || cg_expect_path "$boxed_gc" freezer boxed
dirs=$(cg_service_dirs "$boxed" boxed)

# leaver: its main process exits, its daemon is killed through the cgroup
# before the restart, and the breaker then gives up; every run's daemon dies.
wait_until 20 "grep -q 'leaver: giving up' '$SYSG_LOG'" || fail "leaver was not given up"
assert_contains "$SYSG_LOG" "leaver: restarting in 100 ms"
[ "$(cat "$T"/leaver-*.pid | wc -l)" = 2 ] || fail "leaver did not run twice"
# The daemons by their own pids: other tests on the machine run sleeps too.
for p in $(cat "$T"/leaver-*.pid); do
	wait_until 5 "! kill -0 $p 2>/dev/null" || fail "a daemon left by leaver survives: $(ps -o pid,args -p "$p")"
done

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
assert_contains "$SYSG_LOG" "boxed: still running 1000 ms after SIGTERM: sending SIGKILL"
[ -e "/proc/$boxed" ] && fail "boxed survived"
[ -e "/proc/$boxed_gc" ] && fail "boxed's escaped grandchild $boxed_gc survived the stop"
for d in $dirs; do
	[ -e "$d" ] && fail "cgroup $d remains after the stop"
done
# The control: without a cgroup, the escape works (lib.sh kills it by pid).
kill -0 "$loose_gc" 2>/dev/null || fail "control: the grandchild without a cgroup died too; the test proves nothing"

# With a cgroup too, the main process gets its stop signal once: the plugin
# signals what is in the cgroup but not in the process group the core
# signals. A queued real-time signal lets the service count the copies.
count=$(helper sigcount)
cat >"$T/once.yaml" <<YAML
services:
  counter:
    exec: [$count, "40", "$T/signals"]
    stop_signal: "40"
    limits: { cgroup: { pids_max: 50 } }
YAML
start_sysg "$T/once.yaml"
counter=$(child_pid "sigcount")
cg_expect_path "$counter" pids counter
wait_until 10 "grep -q 'waiting for signal 40' '$SYSG_OUT'" || fail "sigcount did not start"
stop_sysg
[ "$(cat "$T/signals" 2>/dev/null)" = 1 ] ||
	fail "the service in a cgroup got its stop signal $(cat "$T/signals" 2>/dev/null) times, expected once"
exit 0
