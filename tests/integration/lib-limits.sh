# Shared by the caps and limits integration tests (sourced after lib.sh).

# need_plugin NAME: skip unless the staged build has the plugin.
need_plugin() {
	[ -f "$SYSG_STAGE_PLUGINS/$1.so" ] || skip "the $1 plugin is not built"
}

# rlimit PID "Max open files": "SOFT HARD" from /proc/PID/limits.
rlimit() {
	awk -v n="$2" 'index($0, n) == 1 {
		split(substr($0, length(n) + 1), f, " "); print f[1], f[2] }' "/proc/$1/limits"
}

# hard_limit "Max open files": the hard limit of the test's shell, which sysg
# inherits, as /proc shows it (bytes, not ulimit's kilobytes), or unlimited.
hard_limit() {
	rlimit $$ "$1" | cut -d' ' -f2
}

# at_least LIMIT MIN: the limit is unlimited or at least MIN.
at_least() {
	[ "$1" = unlimited ] || [ "$1" -ge "$2" ]
}

# expect_rlimit PID "Max open files" "SOFT HARD"
expect_rlimit() {
	got=$(rlimit "$1" "$2")
	[ "$got" = "$3" ] || fail "/proc/$1/limits: $2 is '$got', expected '$3'"
}

# expect_caps PID HEX: every capability set of PID (CapInh, CapPrm, CapEff,
# CapBnd, CapAmb) is exactly HEX.
expect_caps() {
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		got=$(status_field "$1" "$f")
		[ "$got" = "$2" ] || fail "/proc/$1/status: $f is $got, expected $2"
	done
}

# track NAME PID: have lib.sh's cleanup end PID if the test stops early. A
# service may outlive a killed sysg: the program of a command: service is
# the shell's child, and an exec the kernel deems privileged (setuid, file
# capabilities, capabilities gained) clears the parent-death signal.
track() {
	echo "$2" >"$T/$1.pid"
}

# untrack: after a clean stop, check that every tracked process is gone and
# forget them (so that no pid is signalled after it may have been reused).
untrack() {
	for f in "$T"/*.pid; do
		[ -f "$f" ] || continue
		kill -0 "$(cat "$f")" 2>/dev/null && fail "$(basename "$f" .pid) survived the stop"
		rm -f "$f"
	done
	return 0
}

# Is capability number $1 in this shell's effective set?
have_cap() {
	awk -v bit="$1" '$1 == "CapEff:" {
		v = substr($2, 16 - int(bit / 4), 1); n = index("0123456789abcdef", v) - 1
		exit !(int(n / 2 ^ (bit % 4)) % 2) }' /proc/self/status
}

# service_line NAME PATTERN: wait for a line the service wrote to stdout
# (sysg prints it as "NAME | ...") that matches PATTERN, and print it.
service_line() {
	wait_until 10 "grep -q '^$1 | $2' '$SYSG_OUT'" || fail "service $1 wrote no line matching '$2'"
	grep "^$1 | $2" "$SYSG_OUT" | head -n 1
}

# A user of the test's own, removed at exit, so that what counts processes
# per user counts only this test's: sets TEST_USER and TEST_UID.
make_test_user() {
	command -v useradd >/dev/null && command -v userdel >/dev/null || skip "no useradd/userdel"
	TEST_USER="sysgt$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
		--user-group "$TEST_USER" >/dev/null 2>&1 || skip "useradd $TEST_USER failed"
	TEST_UID=$(id -u "$TEST_USER")
	trap 'test_user_cleanup' EXIT
}

# This test's sysg killed (its services go with it), then the user, once
# none of its processes is left, then lib.sh's cleanup, which exits (so it
# comes last) with the test's status (so that is handed on).
test_user_cleanup() {
	local status=$?
	if [ -n "$SYSG_PID" ] && kill -0 "$SYSG_PID" 2>/dev/null; then
		kill -KILL "$SYSG_PID" 2>/dev/null
	fi
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -z "$(ps -o pid= -u "$TEST_UID" 2>/dev/null)" ] && break
		sleep 0.1
	done
	# Only processes of this test's own user are left to end, by pid.
	for p in $(ps -o pid= -u "$TEST_UID" 2>/dev/null); do
		kill -KILL "$p" 2>/dev/null
	done
	userdel "$TEST_USER" >/dev/null 2>&1 || { sleep 0.2; userdel "$TEST_USER" >/dev/null 2>&1; }
	(exit $status)
	cleanup
}
