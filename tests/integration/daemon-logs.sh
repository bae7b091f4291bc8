#!/bin/sh
# Per-service log files: timestamped lines, stdout and stderr apart, -n, -f
# following new lines, size rotation keeping max_files, names that could
# reach outside the log directory refused.
. "$top_srcdir/tests/integration/lib.sh"

cat >"$T/sysg.yaml" <<YAML
services:
  ticker:
    command: "i=0; while true; do i=\$((i+1)); echo tick \$i; echo oops \$i >&2; sleep 0.1; done"
  chatty:
    command: "i=0; while true; do i=\$((i+1)); echo line \$i padding-padding-padding-padding-padding-padding; done"
    logs: { max_bytes: 8K, max_files: 3 }
YAML
"$SYSG" start --daemonize -c "$T/sysg.yaml" >/dev/null 2>&1 || fail "start"
SYSG_PID=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid")
logs="$XDG_STATE_HOME/sysg/logs"

wait_until 10 "[ \$(wc -l < '$logs/ticker.stdout.log') -ge 5 ]" || fail "ticker did not log"
"$SYSG" logs ticker -n 3 >"$T/last3" || fail "logs -n 3"
[ "$(wc -l <"$T/last3")" = 3 ] || fail "-n 3 gave $(wc -l <"$T/last3") lines"
"$SYSG" logs ticker -n 0 >"$T/none" || fail "logs -n 0"
[ -s "$T/none" ] && fail "-n 0 printed $(wc -l <"$T/none") lines"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{4} tick [0-9]+$' "$T/last3" ||
	fail "lines are not timestamped: $(head -1 "$T/last3")"
"$SYSG" logs ticker --stderr -n 1 | grep -q " oops [0-9]*$" || fail "--stderr"
"$SYSG" logs ticker | grep -q oops && fail "stderr in the stdout log"

# -f follows new lines.
"$SYSG" logs ticker -f -n 0 >"$T/follow" 2>&1 &
follower=$!
wait_until 10 "[ \$(wc -l < '$T/follow') -ge 5 ]" || fail "logs -f did not follow: $(cat "$T/follow")"
kill "$follower"
a=$(head -1 "$T/follow" | awk '{print $3}')
b=$(sed -n 5p "$T/follow" | awk '{print $3}')
[ "$b" -gt "$a" ] || fail "followed lines out of order"

# -f keeps following across rotations (chatty fills 8K in moments).
wait_until 10 "[ -e '$logs/chatty.stdout.log.2' ]" || fail "chatty's log did not rotate"
"$SYSG" logs chatty -f -n 0 >"$T/chatty" 2>&1 &
follower=$!
# A second of following (longer under valgrind, where logs -f starts slowly).
sleep "$SYSG_TIME_SCALE"
kill "$follower"
[ "$(wc -c <"$T/chatty")" -gt 20000 ] || fail "logs -f stopped at a rotation ($(wc -c <"$T/chatty") bytes)"
# Rotation: exactly max_files (3) files, none over 8K.
"$SYSG" stop chatty >/dev/null || fail "stop chatty"
[ -e "$logs/chatty.stdout.log.3" ] && fail "more than max_files files kept"
[ "$(ls "$logs"/chatty.stdout.log* | wc -l)" = 3 ] || fail "files: $(ls "$logs")"
for f in "$logs"/chatty.stdout.log*; do
	[ "$(stat -c %s "$f")" -le 8192 ] || fail "$f is $(stat -c %s "$f") bytes, max_bytes is 8K"
done

# Names that are not service names never become paths.
for bad in ../../etc/passwd /etc/passwd .hidden; do
	"$SYSG" logs "$bad" >"$T/bad" 2>&1
	[ $? = 2 ] || fail "logs '$bad' was not refused"
	assert_contains "$T/bad" "is not a valid service name"
done
"$SYSG" logs nosuch >"$T/nosuch" 2>&1 && fail "logs of an unknown service succeeded"
assert_contains "$T/nosuch" "no stdout log for 'nosuch'"
"$SYSG" stop >/dev/null 2>&1
exit 0
