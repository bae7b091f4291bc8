#!/bin/sh
# --sys: refused for non-root; as root, the system paths.
. "$top_srcdir/tests/integration/lib.sh"
need_root "system mode"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
sysg=$(helper_sysg)
printf 'services:\n  sysg-test-sys-%s: {exec: [sleep, "1001"]}\n' $$ >"$T/sysg.yaml"
chmod 0644 "$T/sysg.yaml"

setpriv --reuid=nobody --regid=nogroup --clear-groups "$sysg" --sys start -c "$T/sysg.yaml" >"$T/nobody" 2>&1
[ $? = 1 ] || fail "--sys as nobody did not exit 1"
assert_contains "$T/nobody" "--sys (system mode) needs root"

if [ -e /run/sysg/control.sock ] && "$SYSG" --sys status >/dev/null 2>&1; then
	skip "a system-mode sysg already runs on this machine"
fi
"$SYSG" --sys start --daemonize -c "$T/sysg.yaml" >"$T/start" 2>&1 || fail "--sys start: $(cat "$T/start")"
SYSG_PID=$(cat /run/sysg/sysg.pid)
[ -S /run/sysg/control.sock ] || fail "no socket in /run/sysg"
[ "$(stat -c %a /run/sysg)" = 700 ] || fail "/run/sysg mode $(stat -c %a /run/sysg)"
[ -f "/var/log/sysg/sysg-test-sys-$$.stdout.log" ] || fail "no log in /var/log/sysg"
"$SYSG" --sys status >"$T/status" || fail "--sys status"
assert_contains "$T/status" "sysg-test-sys-$$"
"$SYSG" status >/dev/null 2>&1
[ $? = 2 ] || fail "user-mode status found the system supervisor"
"$SYSG" --sys stop >/dev/null || fail "--sys stop"
wait_until 5 "! kill -0 $SYSG_PID 2>/dev/null" || fail "system supervisor still running"
rm -f "/var/log/sysg/sysg-test-sys-$$".std*.log
exit 0
