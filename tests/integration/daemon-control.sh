#!/bin/sh
# Daemon mode and control: --daemonize returns once all started; one
# supervisor per mode; status (JSON) shows restarts with the kernel's pids;
# stop/start one service; restart re-reads the config and applies exactly the
# differences; an invalid config changes nothing; stop ends everything.
. "$top_srcdir/tests/integration/lib.sh"

# json_pid NAME: the pid status --format json reports for a service.
json_field() { # NAME FIELD
	"$SYSG" status --format json | grep -o "{\"name\":\"$1\",[^}]*}" |
		grep -o "\"$2\":[^,}]*" | cut -d: -f2 | tr -d '"'
}

write_config() { # WORKER-ARG
	cat >"$T/sysg.yaml" <<YAML
services:
  web:
    exec: [sleep, "1001"]
    backoff: 100ms
  db:
    exec: [sleep, "1002"]
  worker:
    exec: [sleep, "$1"]
YAML
}
write_config 1003
"$SYSG" start --daemonize -c "$T/sysg.yaml" >"$T/start.out" 2>&1 || { cat "$T/start.out"; fail "start --daemonize failed"; }
SYSG_PID=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid")
kill -0 "$SYSG_PID" || fail "no supervisor at the pid file's pid $SYSG_PID"
[ "$(ps -o sid= -p "$SYSG_PID" | tr -d ' ')" = "$SYSG_PID" ] || fail "the daemon did not start its own session"
# Returned only once every service runs.
for n in 1001 1002 1003; do
	pgrep -P "$SYSG_PID" -fx "sleep $n" >/dev/null || fail "sleep $n was not running when start returned"
done
[ "$(stat -c %a "$XDG_RUNTIME_DIR/sysg")" = 700 ] || fail "runtime dir mode $(stat -c %a "$XDG_RUNTIME_DIR/sysg")"
[ "$(stat -c %a "$XDG_STATE_HOME/sysg/logs")" = 700 ] || fail "log dir mode"
[ "$(stat -c %a "$XDG_RUNTIME_DIR/sysg/control.sock")" = 600 ] || fail "socket mode"
[ "$(stat -c %a "$XDG_RUNTIME_DIR/sysg/sysg.pid")" = 600 ] || fail "pid file mode"
[ "$(stat -c %a "$XDG_STATE_HOME/sysg/logs/web.stdout.log")" = 600 ] || fail "log file mode"

# One supervisor per mode.
"$SYSG" start --daemonize -c "$T/sysg.yaml" >"$T/again" 2>&1 && fail "a second supervisor started"
assert_contains "$T/again" "a supervisor is already running in user mode (pid $SYSG_PID"

"$SYSG" status >"$T/status" || fail "status exited $? with all running"
"$SYSG" --drop-privileges status >/dev/null 2>"$T/drop" || fail "status --drop-privileges"
assert_contains "$T/drop" "status is read-only and never changes privileges"
grep -q "^web  *running  *[0-9]" "$T/status" || fail "status table: $(cat "$T/status")"
head -1 "$T/status" | grep -q "^NAME  *STATE  *PID  *USER  *UPTIME  *RESTARTS  *LAST EXIT  *PLUGINS" || fail "header"
"$SYSG" status --format json | grep -q '^{"schema_version":1,' || fail "json: no schema_version"
# Colour on a terminal only.
grep -q "$(printf '\033')" "$T/status" && fail "colour codes in piped output"
if command -v script >/dev/null; then
	script -qc "'$SYSG' status" /dev/null >"$T/tty" </dev/null
	grep -q "$(printf '\033\\[32mrunning')" "$T/tty" || fail "no colour on a terminal: $(cat -v "$T/tty")"
fi

# SIGKILL: restarted, new pid and restart count in status, matching /proc.
old=$(json_field web pid)
[ "$old" = "$(pgrep -P "$SYSG_PID" -fx 'sleep 1001')" ] || fail "status pid $old is not the kernel's"
kill -KILL "$old"
wait_until 10 "[ \"\$(json_field web state)\" = running ] && [ \"\$(json_field web pid)\" != $old ]" || fail "web not restarted"
new=$(json_field web pid)
[ "$(json_field web restarts)" = 1 ] || fail "restarts: $(json_field web restarts)"
[ "$new" = "$(pgrep -P "$SYSG_PID" -fx 'sleep 1001')" ] || fail "new pid $new is not the kernel's"
[ "$(json_field web last_exit)" = "killed by SIGKILL" ] || fail "last_exit: $(json_field web last_exit)"

# stop one: the others keep running; status exits 1.
db=$(json_field db pid)
"$SYSG" stop web >"$T/stop" 2>&1 || fail "stop web: $(cat "$T/stop")"
assert_contains "$T/stop" "web stopped"
kill -0 "$new" 2>/dev/null && fail "web still runs after stop web"
kill -0 "$db" || fail "db died with stop web"
"$SYSG" status >/dev/null
[ $? = 1 ] || fail "status did not exit 1 with a service stopped"
"$SYSG" start web >"$T/startweb" 2>&1 || fail "start web: $(cat "$T/startweb")"
assert_contains "$T/startweb" "web running (pid"
"$SYSG" stop nosuch >"$T/nosuch" 2>&1 && fail "stop of an unknown service succeeded"
assert_contains "$T/nosuch" "no service 'nosuch'"

# restart after an edit: exactly the differences.
web=$(json_field web pid)
worker=$(json_field worker pid)
cat >"$T/sysg.yaml" <<YAML
services:
  web:
    exec: [sleep, "1001"]
    backoff: 100ms
  worker:
    exec: [sleep, "1004"]
  extra:
    exec: [sleep, "1005"]
YAML
"$SYSG" restart >"$T/reload" 2>&1 || fail "restart: $(cat "$T/reload")"
assert_contains "$T/reload" "added: extra"
assert_contains "$T/reload" "removed: db"
assert_contains "$T/reload" "restarted: worker"
assert_contains "$T/reload" "unchanged: web"
wait_until 10 "pgrep -P $SYSG_PID -fx 'sleep 1005' >/dev/null && pgrep -P $SYSG_PID -fx 'sleep 1004' >/dev/null" || fail "added/changed services not running"
wait_until 10 "! kill -0 $db 2>/dev/null" || fail "removed db still runs"
kill -0 "$worker" 2>/dev/null && fail "the old worker still runs"
[ "$(json_field web pid)" = "$web" ] || fail "unchanged web was restarted"

# An invalid config changes nothing and says why, with the position.
printf 'services:\n  web:\n    exec: [sleep, "1001"]\n    bogus: 1\n' >"$T/sysg.yaml"
"$SYSG" restart >"$T/bad" 2>&1 && fail "restart accepted an invalid config"
assert_contains "$T/bad" "the config has errors; nothing changed"
assert_contains "$T/bad" "sysg.yaml:4:12: services.web.bogus: unknown key 'bogus'"
[ "$(json_field web pid)" = "$web" ] || fail "web changed after an invalid reload"
pgrep -P "$SYSG_PID" -fx 'sleep 1005' >/dev/null || fail "extra stopped after an invalid reload"

# stop: everything and the supervisor; status then says nobody answers.
pids=$(pgrep -P "$SYSG_PID")
"$SYSG" stop >"$T/stopall" 2>&1 || fail "stop: $(cat "$T/stopall")"
wait_until 5 "! kill -0 $SYSG_PID 2>/dev/null" || fail "supervisor still running"
for p in $pids; do kill -0 "$p" 2>/dev/null && fail "process $p survived stop"; done
"$SYSG" status >"$T/none" 2>&1
[ $? = 2 ] || fail "status without a supervisor did not exit 2"
assert_contains "$T/none" "no supervisor is running in user mode"
[ -e "$XDG_RUNTIME_DIR/sysg/control.sock" ] && fail "socket left behind"

# --daemonize with a failing service: exit 1 and the service's error.
printf 'services:\n  ok: {exec: [sleep, "1006"]}\n  broken: {exec: [/nonexistent/x], restart_policy: never}\n' >"$T/fail.yaml"
"$SYSG" start --daemonize -c "$T/fail.yaml" >"$T/fail.out" 2>&1 && fail "start --daemonize succeeded with a failing service"
assert_contains "$T/fail.out" "broken: cannot start: core (prio 900, exec): execve /nonexistent/x"
SYSG_PID=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid")
"$SYSG" stop >/dev/null 2>&1
exit 0
