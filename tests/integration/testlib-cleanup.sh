#!/bin/sh
# The test libraries' exit traps: a test that fails reports its failure
# (not PASS), and a test user made by make_test_user is removed even when
# the test fails. Each case is a small script run as its own test.
. "$top_srcdir/tests/integration/lib.sh"

lib="$top_srcdir/tests/integration"

# lib-cgroup.sh's trap keeps the exit status of a failing test.
cat >"$T/cg-fail.sh" <<EOF2
. "$lib/lib.sh"
. "$lib/lib-cgroup.sh"
fail "deliberate failure"
EOF2
rc=0
sh "$T/cg-fail.sh" >"$T/cg-fail.out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a failing test with lib-cgroup.sh exits $rc, expected 1: $(cat "$T/cg-fail.out")"
grep -q "FAIL: deliberate failure" "$T/cg-fail.out" || fail "no failure message: $(cat "$T/cg-fail.out")"

# lib-limits.sh's test user goes away when the test fails, and the status
# stays 1.
if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null && command -v userdel >/dev/null; then
	cat >"$T/user-fail.sh" <<EOF2
. "$lib/lib.sh"
. "$lib/lib-limits.sh"
make_test_user
echo "\$TEST_USER" >"$T/user"
fail "deliberate failure"
EOF2
	rc=0
	sh "$T/user-fail.sh" >"$T/user-fail.out" 2>&1 || rc=$?
	[ -s "$T/user" ] || fail "make_test_user made no user: $(cat "$T/user-fail.out")"
	user=$(cat "$T/user")
	case $user in sysgt*) ;; *) fail "unexpected test user name '$user'" ;; esac
	if getent passwd "$user" >/dev/null; then
		userdel "$user" >/dev/null 2>&1
		fail "test user $user is left behind after a failing test"
	fi
	[ "$rc" = 1 ] || fail "a failing test with a test user exits $rc, expected 1"
else
	echo "(not root or no useradd: the test-user case is not run)"
fi
exit 0
