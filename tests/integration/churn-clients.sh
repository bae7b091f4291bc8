#!/bin/sh
# 200 services, 8 clients stopping, starting and restarting them at once for
# a minute: every command is answered, and at the end each service is in
# the state its last command asked for. Under make check-valgrind, where each
# command takes about a second, for 20 seconds.
. "$top_srcdir/tests/integration/lib.sh"
SECONDS_TOTAL=${SYSG_CHURN_SECONDS:-60}
min_commands=100
if [ -n "${SYSG_VALGRIND:-}" ]; then
	SECONDS_TOTAL=${SYSG_CHURN_SECONDS:-20}
	min_commands=8
fi
{
	echo "services:"
	i=0
	while [ $i -lt 200 ]; do
		echo "  s$i: { exec: [sleep, \"100$i.$$\"], stop_timeout: 2s }"
		i=$((i + 1))
	done
} >"$T/sysg.yaml"
"$SYSG" start --daemonize -c "$T/sysg.yaml" >/dev/null 2>&1 || fail "start"
SYSG_PID=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid")

# Client k owns the services k, k+8, k+16, ... and records, per service, the
# last command it sent; any command that gets no answer is counted.
client() {
	k=$1 end=$(($(date +%s) + SECONDS_TOTAL)) n=0 bad=0
	while [ "$(date +%s)" -lt $end ]; do
		s=$((k + 8 * ($(od -An -N2 -tu2 /dev/urandom) % 25)))
		case $(($(od -An -N1 -tu1 /dev/urandom) % 3)) in
		0) cmd=stop ;;
		1) cmd=start ;;
		2) cmd=restart ;;
		esac
		"$SYSG" "$cmd" "s$s" >"$T/c$k.out" 2>&1
		rc=$?
		# start of a running service and stop of a stopped one are
		# answered too; only "no answer" (2) or nothing at all is bad.
		if [ $rc = 2 ] || [ ! -s "$T/c$k.out" ]; then
			bad=$((bad + 1))
		fi
		echo "$cmd" >"$T/last.s$s"
		n=$((n + 1))
	done
	echo "$n $bad" >"$T/client$k"
}
k=0
while [ $k -lt 8 ]; do
	client $k &
	k=$((k + 1))
done
wait
total=0 unanswered=0
for k in 0 1 2 3 4 5 6 7; do
	read n bad <"$T/client$k"
	total=$((total + n))
	unanswered=$((unanswered + bad))
done
echo "$total commands from 8 clients in $SECONDS_TOTAL s, $unanswered unanswered"
[ "$unanswered" = 0 ] || fail "$unanswered commands got no answer"
[ "$total" -gt $min_commands ] || fail "only $total commands ran"

"$SYSG" status --format json >"$T/final"
i=0 wrong=0
while [ $i -lt 200 ]; do
	state=$(grep -o "\"name\":\"s$i\",\"state\":\"[a-z]*\"" "$T/final" | sed 's/.*state":"//; s/"//')
	want=running
	[ -f "$T/last.s$i" ] && [ "$(cat "$T/last.s$i")" = stop ] && want=stopped
	pid=$(pgrep -P "$SYSG_PID" -fx "sleep 100$i.$$")
	if [ "$state" != "$want" ]; then
		echo "s$i: $state, last command asked for $want"
		wrong=$((wrong + 1))
	elif [ "$want" = running ] && [ -z "$pid" ]; then
		echo "s$i: status says running, but no process in /proc"
		wrong=$((wrong + 1))
	elif [ "$want" = stopped ] && [ -n "$pid" ]; then
		echo "s$i: stopped, but pid $pid still runs"
		wrong=$((wrong + 1))
	fi
	i=$((i + 1))
done
[ "$wrong" = 0 ] || fail "$wrong services not in the state last asked for"
"$SYSG" stop >/dev/null
exit 0
