#!/bin/sh
# Out of descriptors: clients beyond what sysg can spare are refused ("busy")
# and supervision goes on (a crashing service keeps being restarted); once
# they leave, control works again.
. "$top_srcdir/tests/integration/lib.sh"
command -v prlimit >/dev/null || skip "no prlimit (util-linux)"
holdconn=$(helper holdconn)
cat >"$T/sysg.yaml" <<YAML
services:
  crasher:
    command: "echo run >> $T/runs; sleep 0.2; exit 1"
    backoff: { initial: 100ms, max: 100ms }
    max_restarts: unlimited
  steady:
    exec: [sleep, "1001"]
YAML
# 120 descriptors: 32 + 8 per service kept for supervision, 72 for clients.
prlimit --nofile=120:120 "$SYSG" start --daemonize -c "$T/sysg.yaml" >/dev/null 2>&1 || fail "start"
SYSG_PID=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid")
steady=$(pgrep -P "$SYSG_PID" -fx "sleep 1001")
"$holdconn" "$XDG_RUNTIME_DIR/sysg/control.sock" 150 6 >"$T/held" &
holder=$!
sleep 1
runs_before=$(wc -l <"$T/runs")
sleep 3
runs_after=$(wc -l <"$T/runs")
echo "crasher runs while the clients held on: $runs_before -> $runs_after; $(cat "$T/held")"
[ "$runs_after" -gt $((runs_before + 2)) ] || fail "supervision stalled: crasher ran $runs_before -> $runs_after times"
kill -0 "$steady" || fail "steady died"
read _ connected _ refused <"$T/held"
[ "$refused" -gt 0 ] || fail "no client was refused: $(cat "$T/held")"
[ "$refused" -lt "$connected" ] || fail "every client was refused: $(cat "$T/held")"
ls "/proc/$SYSG_PID/fd" | wc -l >"$T/fds"
[ "$(cat "$T/fds")" -le 120 ] || fail "sysg holds $(cat "$T/fds") descriptors"
wait "$holder"
"$SYSG" status >/dev/null
[ $? -le 1 ] || fail "no status after the clients left"
"$SYSG" stop >/dev/null 2>&1
exit 0
