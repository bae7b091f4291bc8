#!/bin/sh
# isolation.seccomp with a deny-list: the denied calls fail with the errno
# asked for, everything else works, and the kernel shows the filter
# (Seccomp: 2, one filter) and no_new_privs on the service only: neither
# sysg nor a sibling service is filtered.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin seccomp
try=$(helper sc-try)

# The shipped example is a valid config.
"$SYSG" validate -c "$top_srcdir/examples/seccomp.yaml" >"$T/example.out" 2>&1 ||
	{ cat "$T/example.out"; fail "examples/seccomp.yaml does not validate"; }

# As root, also a service that runs as nobody: without CAP_SYS_ADMIN the
# kernel takes its filter only because no_new_privs came first.
nobody=
if [ "$(id -u)" = 0 ]; then
	run=$(shared_dir)
	nobody="
  nobody:
    command: \"echo \$\$ >$run/nobody.pid; exec $try $run/nobody.out mkdir $run/made3 pause -\"
    user: nobody
    isolation:
      seccomp: { deny: [mkdir, mkdirat] }"
fi

cat >"$T/deny.yaml" <<YAML
services:
  deny:
    command: "echo \$\$ >$T/deny.pid; exec $try $T/deny.out mkdir $T/made chmod $T/deny.yaml pause -"
    isolation:
      seccomp: { default_action: allow, deny: [mkdir, mkdirat] }
  eacces:
    command: "echo \$\$ >$T/eacces.pid; exec $try $T/eacces.out mkdir $T/made2 pause -"
    isolation:
      seccomp: { deny: [mkdir, mkdirat], errno: EACCES }
  plain:
    command: "echo \$\$ >$T/plain.pid; exec sleep 2011"$nobody
YAML
start_sysg "$T/deny.yaml"
pid=$(service_pid deny)
wait_until 10 "[ -s '$T/deny.out' ] && grep -q chmod '$T/deny.out'" || fail "deny did not report its calls"
assert_contains "$T/deny.out" "mkdir=EPERM"
assert_contains "$T/deny.out" "chmod=ok"
[ -e "$T/made" ] && fail "the denied mkdir made $T/made"
kill -0 "$pid" 2>/dev/null || fail "deny is not running after the denied call"
[ "$(status_field "$pid" Seccomp)" = 2 ] || fail "/proc/$pid/status: Seccomp is $(status_field "$pid" Seccomp), expected 2"
[ "$(status_field "$pid" Seccomp_filters)" = 1 ] || fail "/proc/$pid/status: Seccomp_filters is $(status_field "$pid" Seccomp_filters), expected 1"
[ "$(status_field "$pid" NoNewPrivs)" = 1 ] || fail "/proc/$pid/status: NoNewPrivs is $(status_field "$pid" NoNewPrivs), expected 1"

pid2=$(service_pid eacces)
wait_until 10 "[ -s '$T/eacces.out' ]" || fail "eacces did not report its call"
assert_contains "$T/eacces.out" "mkdir=EACCES"
[ -e "$T/made2" ] && fail "the denied mkdir made $T/made2"

if [ -n "$nobody" ]; then
	wait_until 10 "[ -s '$run/nobody.out' ]" || fail "nobody did not report its call"
	assert_contains "$run/nobody.out" "mkdir=EPERM"
	p=$(cat "$run/nobody.pid")
	[ "$(status_field "$p" Seccomp)" = 2 ] || fail "nobody: Seccomp is not 2"
	[ "$(status_field "$p" Uid | cut -d" " -f1)" = "$(id -u nobody)" ] || fail "nobody: not running as nobody"
fi

plain=$(service_pid plain)
[ "$(status_field "$plain" Seccomp)" = 0 ] || fail "a service without isolation.seccomp is filtered"
[ "$(status_field "$SYSG_PID" Seccomp)" = 0 ] || fail "sysg itself is filtered"
stop_sysg
kill -0 "$pid" 2>/dev/null && fail "deny survived the stop"
exit 0
