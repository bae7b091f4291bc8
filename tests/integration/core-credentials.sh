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

# --drop-privileges: a service without user: runs as nobody; one with user:
# keeps it.
cat >"$T/drop.yaml" <<YAML
services:
  unnamed:
    exec: [sleep, "1003"]
  named:
    exec: [sleep, "1004"]
    user: root
YAML
start_sysg "$T/drop.yaml" --drop-privileges
pid=$(child_pid "sleep 1003")
named=$(child_pid "sleep 1004")
[ "$(status_field "$pid" Uid)" = "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" ] ||
	fail "--drop-privileges: Uid of $pid: $(status_field "$pid" Uid)"
[ "$(status_field "$named" Uid)" = "0 0 0 0" ] || fail "--drop-privileges changed an explicit user: root"
stop_sysg

# Unknown user, group or supplementary group: refused at load, nothing runs.
cat >"$T/nouser.yaml" <<YAML
services:
  a:
    command: "touch $T/ran"
    user: sysg-no-such-user
    group: sysg-no-such-group
    supplementary_groups: [sysg-no-such-group-either]
YAML
"$SYSG" start -c "$T/nouser.yaml" >"$T/nouser.out" 2>&1 && fail "started with an unknown user"
assert_contains "$T/nouser.out" "nouser.yaml:4:11: services.a.user: no such user 'sysg-no-such-user'"
[ -e "$T/ran" ] && fail "ran with an unknown user"
# Supplementary groups are set exactly.
cat >"$T/groups.yaml" <<YAML
services:
  a:
    exec: [sleep, "1005"]
    user: nobody
    group: nogroup
    supplementary_groups: [daemon, "4242"]
YAML
start_sysg "$T/groups.yaml"
pid=$(child_pid "sleep 1005")
[ "$(status_field "$pid" Groups)" = "$(getent group daemon | cut -d: -f3) 4242" ] ||
	fail "Groups: '$(status_field "$pid" Groups)'"
stop_sysg
exit 0
