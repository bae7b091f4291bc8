#!/bin/sh
# Every limit the plugin sets, in each of its forms (a number, a size with a
# unit, unlimited, a duration for cpu, {soft, hard}), as /proc/PID/limits
# shows it; a service without limits: keeps sysg's (the control). nice and
# rtprio can only be raised with CAP_SYS_RESOURCE: where sysg lacks it, a
# service asking for more than sysg's hard limit is refused at start.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin limits
no_valgrind "the service sets RLIMIT_NOFILE's hard limit, which valgrind refuses in the child before exec"
for l in "Max open files 2000" "Max processes 500" "Max locked memory 65536" \
	"Max stack size 16777216" "Max core file size unlimited" "Max address space 4294967296" \
	"Max file size 1073741824" "Max data size unlimited" "Max cpu time 3600" \
	"Max pending signals 100" "Max msgqueue size 409600"; do
	name=${l% *} need=${l##* }
	have=$(hard_limit "$name")
	if [ "$need" = unlimited ]; then
		[ "$have" = unlimited ]
	else
		at_least "$have" "$need"
	fi || skip "the hard limit '$name' here ($have) is below the value tested ($need)"
done

cat >"$T/sysg.yaml" <<YAML
services:
  limited:
    exec: [sleep, "3001"]
    limits:
      nofile: { soft: 1000, hard: 2000 }
      nproc: 500
      memlock: 64K
      core: { soft: 0, hard: unlimited }
      stack: { soft: 4M, hard: 16M }
      as: 4G
      fsize: 1G
      data: unlimited
      cpu: 1h
      sigpending: 100
      msgqueue: 400K
      nice: 0
      rtprio: 0
  cpu:
    exec: [sleep, "3002"]
    limits: { cpu: { soft: 90s, hard: 2m } }
  control:
    exec: [sleep, "3003"]
YAML
start_sysg "$T/sysg.yaml"
pid=$(child_pid "sleep 3001")
expect_rlimit "$pid" "Max open files" "1000 2000"
expect_rlimit "$pid" "Max processes" "500 500"
expect_rlimit "$pid" "Max locked memory" "65536 65536"
expect_rlimit "$pid" "Max core file size" "0 unlimited"
expect_rlimit "$pid" "Max stack size" "4194304 16777216"
expect_rlimit "$pid" "Max address space" "4294967296 4294967296"
expect_rlimit "$pid" "Max file size" "1073741824 1073741824"
expect_rlimit "$pid" "Max data size" "unlimited unlimited"
expect_rlimit "$pid" "Max cpu time" "3600 3600"
expect_rlimit "$pid" "Max pending signals" "100 100"
expect_rlimit "$pid" "Max msgqueue size" "409600 409600"
expect_rlimit "$pid" "Max nice priority" "0 0"
expect_rlimit "$pid" "Max realtime priority" "0 0"
expect_rlimit "$(child_pid "sleep 3002")" "Max cpu time" "90 120"
# The control shows these checks can fail: sysg's own limits are not these.
ctl=$(child_pid "sleep 3003")
for n in "Max open files" "Max processes" "Max locked memory" "Max stack size" \
	"Max address space" "Max file size" "Max cpu time" "Max pending signals" "Max msgqueue size"; do
	[ "$(rlimit "$ctl" "$n")" != "$(rlimit "$pid" "$n")" ] || fail "control has the same '$n': $(rlimit "$ctl" "$n")"
	[ "$(rlimit "$ctl" "$n")" = "$(rlimit "$SYSG_PID" "$n")" ] ||
		[ "$n" = "Max open files" ] || fail "control's '$n' is not sysg's"
done
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"

# nice -5 (RLIMIT_NICE 25) and rtprio 10: set where sysg may, refused where
# it may not.
cat >"$T/prio.yaml" <<YAML
services:
  nice:
    command: "touch $T/ran-nice; exec sleep 3004"
    limits: { nice: -5 }
    restart_policy: never
  rtprio:
    command: "touch $T/ran-rtprio; exec sleep 3005"
    limits: { rtprio: 10 }
    restart_policy: never
  witness:
    exec: [sleep, "3006"]
YAML
start_sysg "$T/prio.yaml"
child_pid "sleep 3006" >/dev/null
nice_hard=$(hard_limit "Max nice priority")
rtprio_hard=$(hard_limit "Max realtime priority")
if have_cap 24 || at_least "$nice_hard" 25; then
	expect_rlimit "$(child_pid "sleep 3004")" "Max nice priority" "25 25"
else
	wait_until 10 "grep -q 'nice: cannot start' '$SYSG_LOG'" || fail "nice was not refused"
	assert_contains "$SYSG_LOG" "nice: cannot start: limits (prio 200, setrlimit): setrlimit NICE 25/25: the hard limit is above sysg's own ($nice_hard), and raising a hard limit needs CAP_SYS_RESOURCE: Operation not permitted"
	[ -e "$T/ran-nice" ] && fail "nice ran without its limit"
fi
if have_cap 24 || at_least "$rtprio_hard" 10; then
	expect_rlimit "$(child_pid "sleep 3005")" "Max realtime priority" "10 10"
else
	wait_until 10 "grep -q 'rtprio: cannot start' '$SYSG_LOG'" || fail "rtprio was not refused"
	assert_contains "$SYSG_LOG" "rtprio: cannot start: limits (prio 200, setrlimit): setrlimit RTPRIO 10/10: the hard limit is above sysg's own ($rtprio_hard), and raising a hard limit needs CAP_SYS_RESOURCE: Operation not permitted"
	[ -e "$T/ran-rtprio" ] && fail "rtprio ran without its limit"
fi
stop_sysg
exit 0
