#!/bin/sh
# A failing pre-exec hook reaches the parent with the plugin's name, priority
# and errno, and the service's program never runs; hooks run in priority and
# name order.
. "$top_srcdir/tests/integration/lib.sh"
dir=$(test_plugin_dir failhook good crashhook)

cat >"$T/sysg.yaml" <<YAML
plugins:
  path: [$dir]
services:
  refused:
    command: "touch $T/refused-ran"
    test: { fail: true }
    restart_policy: on-failure
    backoff: 100ms
    max_restarts: 2
  traced:
    command: "echo exec >> $T/trace; exec sleep 1001"
    test: { good: $T/trace }
YAML
start_sysg "$T/sysg.yaml"
wait_until 10 "grep -q 'refused: giving up' '$SYSG_LOG'" || fail "the failing service was not given up"
assert_contains "$SYSG_LOG" "refused: cannot start: failhook (prio 450, refuse): refusing on purpose for refused: Operation not permitted"
[ "$(grep -c 'refused: cannot start: failhook' "$SYSG_LOG")" = 3 ] || fail "expected 3 failed starts (1 + 2 restarts)"
[ -e "$T/refused-ran" ] && fail "the refused service's program ran"

pid=$(child_pid "sleep 1001")
wait_until 5 "[ \$(wc -l < '$T/trace') = 3 ]" || fail "trace: $(cat "$T/trace")"
[ "$(tr '\n' ' ' <"$T/trace")" = "good:first good:second exec " ] || fail "hook order: $(tr '\n' ' ' <"$T/trace")"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
kill -0 "$pid" 2>/dev/null && fail "traced survived"

# A hook that crashes is that plugin's failure, not a service that ran.
cat >"$T/crash.yaml" <<YAML
plugins:
  path: [$dir]
services:
  crashing:
    command: "touch $T/crashing-ran"
    test: { crash: true }
    restart_policy: never
YAML
start_sysg "$T/crash.yaml"
wait_sysg 10
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC"
assert_contains "$SYSG_LOG" "crashing: cannot start: crashhook (prio 450, crash): the hook crashed: killed by SIGSEGV"
grep -q "crashing: started" "$SYSG_LOG" && fail "a crashed hook was taken for a started service"
[ -e "$T/crashing-ran" ] && fail "the service ran after its hook crashed"
ls "$T"/core* 2>/dev/null && fail "a crashing hook left a core dump"

# An exec that fails is reported by the core's exec step.
cat >"$T/noexec.yaml" <<YAML
services:
  missing:
    exec: [$T/no-such-program]
    restart_policy: never
YAML
start_sysg "$T/noexec.yaml"
wait_sysg 10
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC"
assert_contains "$SYSG_LOG" "missing: cannot start: core (prio 900, exec): execve $T/no-such-program: No such file or directory"

# A working_dir that does not exist: the chdir step refuses.
cat >"$T/nodir.yaml" <<YAML
services:
  lost:
    command: "touch $T/lost-ran"
    working_dir: $T/no-such-dir
    restart_policy: never
YAML
start_sysg "$T/nodir.yaml"
wait_sysg 10
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC"
assert_contains "$SYSG_LOG" "lost: cannot start: core (prio 550, working-dir): chdir $T/no-such-dir (working_dir): No such file or directory"
[ -e "$T/lost-ran" ] && fail "ran without its working_dir"
exit 0
