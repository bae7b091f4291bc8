#!/bin/sh
# Socket activation: sysg started by systemd-socket-activate hands the socket
# to the service with listen_fds: true (at fd 3, LISTEN_PID its own pid) and
# to no other.
. "$top_srcdir/tests/integration/lib.sh"
command -v systemd-socket-activate >/dev/null || skip "no systemd-socket-activate (package systemd)"
echo_svc=$(helper listen_echo)
tcpget=$(helper tcpget)
port=$((20000 + $$ % 20000))

cat >"$T/sysg.yaml" <<YAML
services:
  activated:
    exec: [$echo_svc]
    listen_fds: true
  plain:
    exec: [sleep, "1001"]
YAML
systemd-socket-activate -E XDG_RUNTIME_DIR -E XDG_STATE_HOME -E SYSG_PLUGIN_DIR \
	-l "127.0.0.1:$port" "$SYSG" start -c "$T/sysg.yaml" >"$SYSG_OUT" 2>"$SYSG_LOG" &
SYSG_PID=$!
# systemd-socket-activate execs sysg at the first connection, which then
# waits in the socket's queue for the service to accept it.
wait_until 10 "grep -q 'Listening on' '$SYSG_LOG'" || fail "systemd-socket-activate did not listen"
"$tcpget" "$port" >"$T/answer" || fail "no answer on port $port"
plain=$(child_pid "sleep 1001")
activated=$(child_pid "$echo_svc")
grep -q "^pid=$activated listen_pid=$activated listen_fds=1$" "$T/answer" || fail "answer: $(cat "$T/answer")"
[ -e "/proc/$plain/fd/3" ] && fail "the other service has fd 3: $(readlink /proc/$plain/fd/3)"
tr '\0' '\n' <"/proc/$plain/environ" | grep -q '^LISTEN_' && fail "the other service has LISTEN_ variables"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"

# listen_fds: true without sockets: validate warns, start refuses the service.
"$SYSG" validate -c "$T/sysg.yaml" >"$T/v" 2>&1 || fail "validate"
assert_contains "$T/v" "warning: $T/sysg.yaml:4:17: services.activated.listen_fds: sysg was not started with sockets to pass"
cat >"$T/nosock.yaml" <<YAML
services:
  activated:
    exec: [$echo_svc]
    listen_fds: true
    restart_policy: never
YAML
start_sysg "$T/nosock.yaml"
wait_sysg 10
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC"
assert_contains "$SYSG_LOG" "activated: cannot start: listen_fds: sysg holds no sockets to pass"
exit 0
