# Shared by the integration tests. Each test sources this, builds a config in
# its own temp dir, runs the installed sysg on it and checks the result
# through /proc. Exit 0 pass, 1 fail, 77 skip (with the reason printed).
set -u

T=$(mktemp -d /tmp/sysg-test.XXXXXX) || exit 99
chmod 0755 "$T"
SYSG_PID=
SYSG_LOG="$T/sysg.log"
SYSG_OUT="$T/sysg.out"
# Only the stage's plugins, never whatever the machine has installed.
export SYSG_PLUGIN_DIR="$SYSG_STAGE_PLUGINS"
unset SYSG_PLUGIN_PATH
# Each test its own supervisor lock, socket and logs (user mode).
export XDG_RUNTIME_DIR="$T/xdg-run" XDG_STATE_HOME="$T/xdg-state"

# make check-valgrind: every sysg the test runs (daemon and client, also as
# another user through helper_sysg) runs under valgrind's memcheck, each
# process, forked children too, with its own log in $T/valgrind, which
# cleanup reads. Each sysg command gets a directory of its own: a child in a
# new PID namespace is pid 1 there, and two commands' pid 1 (perhaps as
# different users) must not meet in one file.
if [ -n "${SYSG_VALGRIND:-}" ]; then
	mkdir -p "$T/valgrind"
	chmod 1777 "$T/valgrind"
	cat >"$T/sysg-valgrind" <<EOF
#!/bin/sh
d=\$(mktemp -d "$T/valgrind/run.XXXXXX") || exit 1
VALGRIND_LOG_FILE=\$d/sysg.%p.log exec $top_srcdir/tests/valgrind/memcheck $SYSG "\$@"
EOF
	chmod 0755 "$T/sysg-valgrind"
	SYSG="$T/sysg-valgrind"
fi
# Polls wait this many times longer: under valgrind every sysg command starts
# slowly (seconds on a loaded machine).
SYSG_TIME_SCALE=${SYSG_TIME_SCALE:-1}
[ -n "${SYSG_VALGRIND:-}" ] && [ "$SYSG_TIME_SCALE" = 1 ] && SYSG_TIME_SCALE=5

# no_valgrind REASON: skip under make check-valgrind (what valgrind itself
# cannot run, e.g. a hook that changes RLIMIT_NOFILE's hard limit, which
# valgrind refuses in the child before exec).
no_valgrind() {
	[ -z "${SYSG_VALGRIND:-}" ] || skip "not under valgrind: $*"
}

# valgrind's reports from every sysg process of the test: fail on any error.
check_valgrind_logs() {
	local bad=
	[ -d "$T/valgrind" ] || return 0
	for f in "$T"/valgrind/*/*.log; do
		[ -f "$f" ] || continue
		if grep -Eq "ERROR SUMMARY: [1-9]|== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap)|definitely lost in" "$f"; then
			bad="$bad $f"
		fi
	done
	[ -z "$bad" ] && return 0
	echo "FAIL: valgrind reported errors in sysg:"
	for f in $bad; do
		echo "--- $f"
		cat "$f"
	done
	return 1
}

# A daemon's sanitizer reports go to its log, not to the test: look there
# once it has exited, and fail the test if it found anything.
check_daemon_log() {
	local log="$XDG_STATE_HOME/sysg/logs/sysg.log" pid
	[ -f "$log" ] || return 0
	pid=$(cat "$XDG_RUNTIME_DIR/sysg/sysg.pid" 2>/dev/null)
	[ -n "$pid" ] && wait_until 10 "! kill -0 $pid 2>/dev/null"
	if grep -Eq "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$log"; then
		echo "FAIL: the supervisor's sanitizers reported:"
		cat "$log"
		return 1
	fi
}

cleanup() {
	local status=$?
	check_daemon_log || status=1
	# valgrind writes a process's leak report when it exits: let this
	# test's sysg finish (a polite stop) before reading the logs.
	if [ -n "${SYSG_VALGRIND:-}" ] && [ -n "$SYSG_PID" ] && kill -0 "$SYSG_PID" 2>/dev/null; then
		kill -TERM "$SYSG_PID" 2>/dev/null
		wait_until 30 "! kill -0 $SYSG_PID 2>/dev/null"
	fi
	check_valgrind_logs || status=1
	# End only what this test started: its sysg, by pid.
	if [ -n "$SYSG_PID" ] && kill -0 "$SYSG_PID" 2>/dev/null; then
		kill -KILL "$SYSG_PID" 2>/dev/null
	fi
	for f in "$T"/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f" 2>/dev/null)
		[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T"
	exit $status
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	if [ -f "$SYSG_LOG" ]; then
		echo "--- sysg stderr:"
		cat "$SYSG_LOG"
	fi
	if [ -f "$SYSG_OUT" ]; then
		echo "--- sysg stdout:"
		cat "$SYSG_OUT"
	fi
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root ($*)"
}

# Poll for a condition (a shell command) for up to $1 seconds. Tests may
# poll; sysg itself never does.
wait_until() {
	local limit=$(($1 * SYSG_TIME_SCALE))
	shift
	local end=$(($(date +%s%N) / 1000000 + limit * 1000))
	while [ $(($(date +%s%N) / 1000000)) -lt $end ]; do
		eval "$@" && return 0
		sleep 0.05
	done
	return 1
}

# start_sysg CONFIG [extra args]: sysg start in the background.
start_sysg() {
	local cfg=$1
	shift
	"$SYSG" start -c "$cfg" "$@" >"$SYSG_OUT" 2>"$SYSG_LOG" &
	SYSG_PID=$!
}

# stop_sysg: SIGTERM, then wait; sets SYSG_RC.
stop_sysg() {
	kill -TERM "$SYSG_PID" 2>/dev/null
	wait "$SYSG_PID"
	SYSG_RC=$?
}

# wait_sysg SECONDS: wait for sysg to exit by itself; sets SYSG_RC.
wait_sysg() {
	wait_until "$1" '! kill -0 $SYSG_PID 2>/dev/null' || fail "sysg still running after $1 s"
	wait "$SYSG_PID"
	SYSG_RC=$?
}

# The pid a service wrote for itself into $T/NAME.pid.
service_pid() {
	wait_until 10 "[ -s '$T/$1.pid' ]" || fail "service $1 did not write $T/$1.pid"
	cat "$T/$1.pid"
}

# status_field PID FIELD: a line's value from /proc/PID/status.
status_field() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^[ \t]+/, ""); print }' "/proc/$1/status"
}

# A plugin directory holding only the named test plugins (the loader refuses
# a directory that anyone but root can write, so it is made 0755).
test_plugin_dir() {
	local d="$T/plugins"
	mkdir -p "$d"
	chmod 0755 "$d"
	for p in "$@"; do
		cp "$SYSG_TEST_PLUGINS/$p.so" "$d/" || fail "no test plugin $p.so"
		chmod 0755 "$d/$p.so"
	done
	echo "$d"
}

assert_contains() {
	grep -q -- "$2" "$1" || fail "$1 does not contain '$2'"
}

# config_refused NAME EXPECTED: `sysg validate` and `sysg start` both refuse
# $T/NAME.yaml (exit 1), each saying EXPECTED (a fixed string), start adding
# that the config has errors; and no service ran (none made a $T/ran-*
# file). Outputs stay in $T/NAME.out and $T/NAME.start.
config_refused() {
	"$SYSG" validate -c "$T/$1.yaml" >"$T/$1.out" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.out"; fail "$1: validate exited $rc, expected 1"; }
	grep -qF -- "$2" "$T/$1.out" || { cat "$T/$1.out"; fail "$1: no '$2' in the output"; }
	"$SYSG" start -c "$T/$1.yaml" >"$T/$1.start" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.start"; fail "$1: start exited $rc, expected 1"; }
	grep -qF -- "$2" "$T/$1.start" || { cat "$T/$1.start"; fail "$1: start did not say '$2'"; }
	assert_contains "$T/$1.start" "not starting: the config has errors"
	ls "$T"/ran-* >/dev/null 2>&1 && fail "$1: a service ran: $(ls "$T"/ran-*)"
	return 0
}

# The pid of sysg's child whose command line matches a pattern (from /proc,
# not from sysg).
child_pid() {
	local p
	wait_until 10 "pgrep -P '$SYSG_PID' -f -- '$1' >/dev/null" || fail "no child of sysg matches '$1'"
	p=$(pgrep -P "$SYSG_PID" -f -- "$1")
	echo "$p"
}

# A directory services running as another user may write to.
shared_dir() {
	mkdir -p "$T/run"
	chmod 1777 "$T/run"
	echo "$T/run"
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# helper NAME: the path of a test helper program (tests/helpers/NAME), copied
# into the test's own directory so that services running as another user can
# execute it wherever the build tree is.
helper() {
	[ -x "$SYSG_TEST_HELPERS/$1" ] || fail "no test helper $1 (make check builds it)"
	cp "$SYSG_TEST_HELPERS/$1" "$T/$1" && chmod 0755 "$T/$1" || fail "cannot copy helper $1"
	echo "$T/$1"
}

# The staged sysg, copied where another user can execute it (the build tree
# may not be reachable for them).
helper_sysg() {
	cp "$SYSG" "$T/sysg" && chmod 0755 "$T/sysg" || fail "cannot copy sysg"
	echo "$T/sysg"
}

# user_xdg_env UID: "env XDG_RUNTIME_DIR=... XDG_STATE_HOME=..." naming
# directories of the test that UID owns, to prefix a command run as that user
# (a sysg run as another user keeps its socket and logs there).
user_xdg_env() {
	mkdir -p "$T/xdg-$1"
	chown "$1" "$T/xdg-$1"
	chmod 0700 "$T/xdg-$1"
	echo "env XDG_RUNTIME_DIR=$T/xdg-$1/run XDG_STATE_HOME=$T/xdg-$1/state"
}
