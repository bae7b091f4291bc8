#!/bin/sh
# A service with user: nobody runs as nobody (uid, gid, no supplementary
# groups) with a clean environment; one without user: inherits sysg's.
. "$top_srcdir/tests/integration/lib.sh"
need_root "switching users"
getent passwd nobody >/dev/null || skip "no user nobody"
NOBODY_UID=$(id -u nobody)
NOBODY_GID=$(id -g nobody)

cat >"$T/sysg.yaml" <<YAML
services:
  confined:
    exec: [sleep, "1001"]
    user: nobody
  inheriting:
    exec: [sleep, "1002"]
YAML
export SYSG_CANARY=canary-$$
start_sysg "$T/sysg.yaml"
pid=$(child_pid "sleep 1001")
other=$(child_pid "sleep 1002")

[ "$(status_field "$pid" Uid)" = "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" ] ||
	fail "Uid of $pid: $(status_field "$pid" Uid)"
[ "$(status_field "$pid" Gid)" = "$NOBODY_GID $NOBODY_GID $NOBODY_GID $NOBODY_GID" ] ||
	fail "Gid of $pid: $(status_field "$pid" Gid)"
[ -z "$(status_field "$pid" Groups)" ] || fail "Groups of $pid: '$(status_field "$pid" Groups)'"

tr '\0' '\n' <"/proc/$pid/environ" >"$T/env.confined"
tr '\0' '\n' <"/proc/$other/environ" >"$T/env.inheriting"
grep -q "^SYSG_CANARY=" "$T/env.confined" && fail "the canary reached the nobody service"
grep -q "^SYSG_CANARY=canary-$$\$" "$T/env.inheriting" || fail "the canary did not reach the root service (the check above cannot fail)"
assert_contains "$T/env.confined" "^USER=nobody\$"
assert_contains "$T/env.confined" "^HOME=$(getent passwd nobody | cut -d: -f6)\$"
assert_contains "$T/env.confined" "^PATH=/usr/local/bin:/usr/bin:/bin\$"

# The service runs in its own session and process group.
[ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] || fail "service $pid is not a session leader"

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"
kill -0 "$pid" 2>/dev/null && fail "service $pid survived the stop"
exit 0
