#!/bin/sh
# A full disk under the log directory: the service that writes continuously
# keeps running (same pid), sysg keeps supervising (status answers, a
# restart works), says once per stream that it cannot write, does not spin,
# and logging resumes by itself once there is room again.
. "$top_srcdir/tests/integration/lib.sh"
need_root "mounts a tmpfs as the log directory"

logs="$XDG_STATE_HOME/sysg/logs"
mkdir -p "$logs"
chmod 0700 "$XDG_STATE_HOME/sysg" "$logs"
mount -t tmpfs -o size=256k,mode=0700 "sysg-test-disk-$$" "$logs" 2>"$T/mount.err" ||
	skip "cannot mount a tmpfs: $(cat "$T/mount.err")"
MOUNTED=$logs

# Unmount even when the test fails, before lib.sh's cleanup removes $T: end
# this test's sysg first, which holds the log files open.
disk_cleanup() {
	local status=$?
	if [ -n "$SYSG_PID" ] && kill -0 "$SYSG_PID" 2>/dev/null; then
		kill -TERM "$SYSG_PID" 2>/dev/null
		wait_until 30 "! kill -0 $SYSG_PID 2>/dev/null" || kill -KILL "$SYSG_PID" 2>/dev/null
	fi
	if [ -n "$MOUNTED" ]; then
		umount "$MOUNTED" 2>/dev/null || umount -l "$MOUNTED"
	fi
	(exit $status)
	cleanup
}
trap disk_cleanup EXIT

cat >"$T/sysg.yaml" <<YAML
services:
  writer:
    command: "i=0; while :; do i=\$((i + 1)); echo \"line \$i\"; sleep 0.01; done"
    restart_policy: always
YAML
start_sysg "$T/sysg.yaml"
pid=$(child_pid "while")
wait_until 10 "grep -q 'line 5\$' '$logs/writer.stdout.log' 2>/dev/null" || fail "writer does not log"

# Fill the file system to the last block.
dd if=/dev/zero of="$logs/filler" bs=4k 2>/dev/null
[ "$(df -P "$logs" | awk 'NR == 2 { print $4 }')" = 0 ] || fail "the tmpfs is not full: $(df -P "$logs")"
# Writing fails from now on: the log stops growing.
wait_until 10 "grep -q 'writer: cannot write its stdout log' '$SYSG_LOG'" ||
	fail "sysg did not say the log cannot be written"
assert_contains "$SYSG_LOG" "No space left on device"
size=$(stat -c %s "$logs/writer.stdout.log")

# sysg does not spin on the error: its CPU time over a second of failing
# writes stays small (utime + stime from /proc, in clock ticks).
cpu() { awk '{ print $14 + $15 }' "/proc/$SYSG_PID/stat"; }
c0=$(cpu)
sleep 1
c1=$(cpu)
hz=$(getconf CLK_TCK)
[ $((c1 - c0)) -lt $((hz / 2)) ] || fail "sysg used $((c1 - c0)) of $hz ticks in a second of a full disk"

[ "$(stat -c %s "$logs/writer.stdout.log")" = "$size" ] || fail "the log grew on a full disk"
kill -0 "$pid" 2>/dev/null || fail "the writer ($pid) died on a full disk"
[ "$(child_pid "while")" = "$pid" ] || fail "the writer was restarted on a full disk"
# Alive and not stopped: running, sleeping, or for a moment in the kernel
# (D: under valgrind's slow sysg it was caught there once); never T or Z.
grep -q "^State:[[:space:]]*[RSD]" "/proc/$pid/status" || fail "writer state: $(grep State /proc/$pid/status)"
# Warned once per stream, not once per line.
[ "$(grep -c 'writer: cannot write its stdout log' "$SYSG_LOG")" = 1 ] ||
	fail "the warning was repeated: $(grep -c 'cannot write its stdout log' "$SYSG_LOG") times"

# Supervision goes on: status answers, a restart works.
"$SYSG" status >"$T/status" 2>&1 || fail "status on a full disk: $(cat "$T/status")"
grep -q "^writer  *running  *$pid" "$T/status" || fail "status: $(cat "$T/status")"
"$SYSG" restart writer >"$T/restart" 2>&1 || fail "restart on a full disk: $(cat "$T/restart")"
wait_until 10 "! kill -0 $pid 2>/dev/null" || fail "the old writer $pid still runs after restart"
wait_until 10 "pgrep -P $SYSG_PID -f while >/dev/null" || fail "no writer after restart"
new=$(child_pid "while")
[ "$new" != "$pid" ] || fail "restart kept pid $pid"

# Room again: logging resumes by itself, and sysg says how much was lost.
rm -f "$logs/filler"
wait_until 10 "grep -q 'writer: writing its stdout log again; [0-9]* lines were dropped' '$SYSG_LOG'" ||
	fail "sysg did not say logging resumed"
wait_until 10 "[ \$(stat -c %s '$logs/writer.stdout.log') -gt $size ]" || fail "the log did not grow again"
last=$(tail -n 1 "$logs/writer.stdout.log")
wait_until 10 "[ \"\$(tail -n 1 '$logs/writer.stdout.log')\" != '$last' ]" || fail "no new lines after the disk had room"
# A line cut short by the full disk stays on a line of its own: the next
# line is not glued to it (no line holds a second timestamp).
grep -Eq '.[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:' "$logs/writer.stdout.log" &&
	fail "lines glued together in the log: $(grep -E '.[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:' "$logs/writer.stdout.log" | head -3)"
kill -0 "$new" || fail "the writer died"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
exit 0
