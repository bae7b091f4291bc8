#!/bin/sh
# The control socket: other users are refused before anything is read; many
# clients at once are all answered; malformed and oversized requests get an
# error and the supervisor keeps running.
. "$top_srcdir/tests/integration/lib.sh"
need_root "connecting as another user"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
sockreq=$(helper sockreq)

printf 'services:\n  a: {exec: [sleep, "1001"]}\n' >"$T/sysg.yaml"
"$SYSG" start --daemonize -c "$T/sysg.yaml" >/dev/null 2>&1 || fail "start"
SYSG_PID=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid")
sock="$XDG_RUNTIME_DIR/sysg/control.sock"
svc=$(pgrep -P "$SYSG_PID" -fx "sleep 1001")

# The directory (0700) already keeps others out; open it so that the
# socket's own check is what is tested.
chmod 0711 "$XDG_RUNTIME_DIR/sysg" "$XDG_RUNTIME_DIR" "$T"
chmod 0666 "$sock"
echo stop | setpriv --reuid=nobody --regid=nogroup --clear-groups "$sockreq" "$sock" >"$T/nobody" 2>&1
assert_contains "$T/nobody" "error permission denied"
sleep 0.2
kill -0 "$svc" || fail "a stop from nobody was obeyed"
kill -0 "$SYSG_PID" || fail "supervisor gone after nobody's stop"
grep -q "refused a connection from uid $(id -u nobody)" "$XDG_STATE_HOME/sysg/logs/sysg.log" || fail "refusal not logged"
chmod 0700 "$XDG_RUNTIME_DIR/sysg"

# 100 clients at once.
i=0
while [ $i -lt 100 ]; do
	("$SYSG" status >"$T/s.$i" 2>&1; echo $? >"$T/rc.$i") &
	i=$((i + 1))
done
wait
ok=$(cat "$T"/rc.* | grep -c '^0$')
[ "$ok" = 100 ] || fail "only $ok of 100 concurrent status calls answered: $(cat "$T"/rc.* | sort | uniq -c)"

# Garbage: an unknown verb, a NUL, 10 MB without a newline.
echo frobnicate | "$sockreq" "$sock" >"$T/g1"
assert_contains "$T/g1" "error unknown request 'frobnicate'"
printf 'status\0x\n' | "$sockreq" "$sock" >"$T/g2"
assert_contains "$T/g2" "error malformed request"
echo "status ../../etc" | "$sockreq" "$sock" >"$T/g3"
assert_contains "$T/g3" "is not a valid service name"
"$sockreq" "$sock" 10485760 >"$T/g4" || fail "no answer to 10 MB of garbage"
assert_contains "$T/g4" "error request too long"
kill -0 "$SYSG_PID" || fail "the supervisor died of garbage"
"$SYSG" status >/dev/null || fail "status after the garbage"
# A client that connects and says nothing does not hold anyone up.
mkfifo "$T/idle"
"$sockreq" "$sock" <"$T/idle" >/dev/null 2>&1 &
exec 9>"$T/idle"
sleep 0.2
"$SYSG" status >/dev/null || fail "status while an idle client is connected"
exec 9>&-
wait
"$SYSG" stop >/dev/null 2>&1
exit 0
