#!/bin/sh
# depends_on: services start after what they depend on (whatever the order in
# the file) and stop before it.
. "$top_srcdir/tests/integration/lib.sh"

svc() { # name
	echo "    command: \"echo start:$1 >> $T/order; trap 'echo stop:$1 >> $T/order; exit 0' TERM; sleep 1000 & wait\""
}
cat >"$T/sysg.yaml" <<YAML
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
start_sysg "$T/sysg.yaml"
wait_until 10 "[ \$(grep -c start: '$T/order' 2>/dev/null) = 3 ]" || fail "not all three started"
[ "$(tr '\n' ' ' <"$T/order")" = "start:db start:app start:web " ] || fail "start order: $(tr '\n' ' ' <"$T/order")"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
[ "$(grep stop: "$T/order" | tr '\n' ' ')" = "stop:web stop:app stop:db " ] ||
	fail "stop order: $(grep stop: "$T/order" | tr '\n' ' ')"

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
