#!/bin/sh
# default_action: kill: a denied call kills the service with SIGSYS (the
# call never happens), and sysg's exit line says why.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin seccomp
try=$(helper sc-try)

cat >"$T/kill.yaml" <<YAML
services:
  k:
    command: "echo \$\$ >$T/k.pid; while [ ! -e $T/go ]; do sleep 0.05; done; exec $try $T/k.out mkdir $T/made"
    restart_policy: never
    isolation:
      seccomp: { profile: baseline, default_action: kill, deny: [mkdir, mkdirat] }
YAML
start_sysg "$T/kill.yaml"
pid=$(service_pid k)
[ "$(status_field "$pid" Seccomp)" = 2 ] || fail "/proc/$pid/status: Seccomp is $(status_field "$pid" Seccomp), expected 2"
[ "$(status_field "$pid" NoNewPrivs)" = 1 ] || fail "/proc/$pid/status: NoNewPrivs is $(status_field "$pid" NoNewPrivs), expected 1"
touch "$T/go"
wait_until 10 "! kill -0 $pid 2>/dev/null" || fail "k still runs after the denied call"
wait_until 10 "grep -q 'k: killed by SIGSYS' '$SYSG_LOG'" || fail "sysg did not report SIGSYS"
assert_contains "$SYSG_LOG" "k: killed by SIGSYS: a system call its seccomp filter forbids (isolation.seccomp)"
[ -e "$T/made" ] && fail "the forbidden mkdir ran"
[ -e "$T/k.out" ] && fail "the service went on after the forbidden call: $(cat "$T/k.out")"
stop_sysg
exit 0
