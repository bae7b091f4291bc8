#!/bin/sh
# A crashing service is restarted with growing delays, then the breaker stops
# it after max_restarts; sysg then exits 1 since nothing is left to run.
. "$top_srcdir/tests/integration/lib.sh"

cat >"$T/sysg.yaml" <<YAML
services:
  crasher:
    command: "date +%s%N >> $T/starts; exit 3"
    restart_policy: on-failure
    backoff: 200ms
    max_restarts: 3
YAML
start_sysg "$T/sysg.yaml"
wait_sysg 20
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC, expected 1 (a service failed for good)"
[ "$(wc -l <"$T/starts")" = 4 ] || fail "started $(wc -l <"$T/starts") times, expected 1 + 3 restarts"
assert_contains "$SYSG_LOG" "crasher: giving up after 3 restarts"
assert_contains "$SYSG_LOG" "crasher: exited with status 3"

# Delays between starts grow: about 200, 400 and 800 ms.
prev=
i=0
for t in $(cat "$T/starts"); do
	if [ -n "$prev" ]; then
		d=$(((t - prev) / 1000000))
		expected=$((200 << i))
		[ "$d" -ge $((expected * 9 / 10)) ] || fail "restart $((i + 1)) came after $d ms, expected >= $expected ms"
		# The slack covers a fork and exec (seconds under valgrind).
		[ "$d" -lt $((expected + 1000 * SYSG_TIME_SCALE)) ] || fail "restart $((i + 1)) came after $d ms, expected about $expected ms"
		i=$((i + 1))
	fi
	prev=$t
done

# restart_policy never: one run only, even for a failure.
cat >"$T/never.yaml" <<YAML
services:
  once:
    command: "echo run >> $T/once; exit 1"
    restart_policy: never
YAML
SYSG_PID=
start_sysg "$T/never.yaml"
wait_sysg 10
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC for a failed never service"
[ "$(wc -l <"$T/once")" = 1 ] || fail "a never service ran $(wc -l <"$T/once") times"

# A service that exits 0 under on-failure is done, and sysg exits 0.
cat >"$T/ok.yaml" <<YAML
services:
  fine:
    command: "echo run >> $T/fine"
YAML
start_sysg "$T/ok.yaml"
wait_sysg 10
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after a clean exit"
[ "$(wc -l <"$T/fine")" = 1 ] || fail "a clean exit was restarted"
exit 0
