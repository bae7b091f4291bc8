#!/bin/sh
# limits.nproc: 5 lets the service's user run 5 processes and the kernel
# refuses the sixth (EAGAIN). NPROC does not bind root, and it counts every
# process of the user, so the service runs as a user this test creates; the
# count read from /proc is then exact. The control, without the limit, forks
# past 5.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_root "creating a user and switching to it"
need_plugin limits
make_test_user
fork=$(helper rl-fork)

# One run at a time: both count against the same user.
cat >"$T/capped.yaml" <<YAML
services:
  capped:
    exec: [$fork, "8"]
    user: $TEST_USER
    limits: { nproc: 5 }
YAML
start_sysg "$T/capped.yaml"
line=$(service_line capped "rl-fork: ")
[ "$line" = "capped | rl-fork: 5 processes; fork of process 6: Resource temporarily unavailable (EAGAIN)" ] ||
	fail "capped: $line"
pid=$(child_pid "rl-fork 8")
expect_rlimit "$pid" "Max processes" "5 5"
n=$(ps -o pid= -u "$TEST_UID" | wc -l)
[ "$n" = 5 ] || fail "$TEST_USER runs $n processes, expected 5"
stop_sysg
wait_until 5 "[ -z \"\$(ps -o pid= -u $TEST_UID)\" ]" || fail "$TEST_USER still runs processes after the stop"

cat >"$T/control.yaml" <<YAML
services:
  control:
    exec: [$fork, "8"]
    user: $TEST_USER
YAML
start_sysg "$T/control.yaml"
line=$(service_line control "rl-fork: ")
[ "$line" = "control | rl-fork: 8 processes; no fork failed" ] || fail "control: $line"
n=$(ps -o pid= -u "$TEST_UID" | wc -l)
[ "$n" = 8 ] || fail "$TEST_USER runs $n processes, expected 8"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
exit 0
