#!/bin/sh
# depends_on: services start after what they depend on (whatever the order in
# the file) and stop before it.
. "$top_srcdir/tests/integration/lib.sh"

# Start order: each service, as it starts, looks in /proc for what it depends
# on; that must already have exec'd (sleeps with arguments unique to this
# test, so other tests' processes cannot be mistaken for them).
after=$(helper after)
cat >"$T/sysg.yaml" <<YAML
services:
  web:
    exec: [$after, $T/web.seen, "sleep 1002.$$", sleep, "1003.$$"]
    depends_on: [app]
  app:
    exec: [$after, $T/app.seen, "sleep 1001.$$", sleep, "1002.$$"]
    depends_on: [db]
  db:
    exec: [sleep, "1001.$$"]
YAML
start_sysg "$T/sysg.yaml"
child_pid "sleep 1003.$$" >/dev/null
[ "$(cat "$T/app.seen")" = yes ] || fail "app started before db had exec'd"
[ "$(cat "$T/web.seen")" = yes ] || fail "web started before app had exec'd"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"

# Stop order: dependents first, each fully down before what it depends on
# is signalled.
svc() { # name
	echo "    command: \"trap 'echo stop:$1 >> $T/order; exit 0' TERM; sleep 1000 & wait\""
}
cat >"$T/stop.yaml" <<YAML
services:
  web:
$(svc web)
    depends_on: [app]
  app:
$(svc app)
    depends_on: [db]
  db:
$(svc db)
YAML
start_sysg "$T/stop.yaml"
wait_until 10 "[ \$(pgrep -P \$SYSG_PID | wc -l) = 3 ]" || fail "not all three started"
sleep 0.5 # let each shell set its trap
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
[ "$(tr '\n' ' ' <"$T/order")" = "stop:web stop:app stop:db " ] ||
	fail "stop order: $(tr '\n' ' ' <"$T/order")"

# A dependency that never starts keeps its dependents from starting.
cat >"$T/broken.yaml" <<YAML
services:
  web:
    command: "echo ran >> $T/web-ran"
    depends_on: [db]
  db:
    exec: [/nonexistent/db]
    restart_policy: never
YAML
start_sysg "$T/broken.yaml"
wait_sysg 10
[ "$SYSG_RC" = 1 ] || fail "sysg exited $SYSG_RC"
[ -e "$T/web-ran" ] && fail "web ran although db never started"
assert_contains "$SYSG_LOG" "web: not started: its dependency db did not start"
exit 0
