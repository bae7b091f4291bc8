#!/bin/sh
# Every limits: mistake a user can make: the message (with its
# file:line:column), and nothing started. A hard limit above what sysg may
# set: `sysg validate` warns, and at start that service is refused with the
# limit, both values and the reason, while the others run; never clamped.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin limits

# refused NAME LIMITS EXPECTED: a service with these limits (YAML flow) on
# line 4, column 13; validate and start both refuse it with the message, and
# no service ran.
refused() {
	cat >"$T/$1.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    limits: $2
  other:
    command: "touch $T/ran-other"
YAML
	config_refused "$1" "$T/$1.yaml:$3"
	return 0
}

refused negative "{ nofile: -1 }" \
	"4:23: services.web.limits.nofile: nofile is a number of open files: a whole number or 'unlimited', got '-1'"
refused negsize "{ memlock: -5M }" \
	"4:24: services.web.limits.memlock: expected a size (a number of bytes, optionally with K, M, G or T, or 'unlimited'), got '-5M'"
refused badsize "{ memlock: 100Q }" \
	"4:24: services.web.limits.memlock: expected a size (a number of bytes, optionally with K, M, G or T, or 'unlimited'), got '100Q'"
refused fraction "{ as: 1.5G }" "4:19: services.web.limits.as: expected a size"
refused softhard "{ nofile: { soft: 2048, hard: 1024 } }" \
	"4:23: services.web.limits.nofile: the soft limit 2048 is above the hard limit 1024"
refused onlysoft "{ nproc: { soft: 10 } }" \
	"4:22: services.web.limits.nproc: give both soft and hard, or a single value for both"
refused subkey "{ nofile: { soft: 1, hard: 2, max: 3 } }" \
	"4:48: services.web.limits.nofile.max: unknown key 'max' (expected one of: soft, hard)"
refused unknown "{ nofiles: 10 }" "4:24: services.web.limits.nofiles: unknown key 'nofiles' (expected one of: "
refused cpu "{ cpu: 1500ms }" "4:20: services.web.limits.cpu: cpu is counted in whole seconds, got '1500ms'"
refused nice "{ nice: 41 }" "4:21: services.web.limits.nice: nice is a nice value with its sign (-20 to +19)"
refused rtprio "{ rtprio: 100 }" "4:23: services.web.limits.rtprio: rtprio is the highest real-time priority"
refused rss "{ rss: 1G }" \
	"4:20: services.web.limits.rss: Linux has not enforced RLIMIT_RSS since 2.4.30; to cap memory use limits.cgroup.memory_max"
refused locks "{ locks: 100 }" "4:22: services.web.limits.locks: Linux has not enforced RLIMIT_LOCKS"

# Above what sysg may set. NOFILE above fs.nr_open: nobody may, root or not.
need_root "starting services"
no_valgrind "the service sets RLIMIT_NOFILE's hard limit, which valgrind refuses in the child before exec"
nr_open=$(cat /proc/sys/fs/nr_open)
cat >"$T/above.yaml" <<YAML
services:
  big:
    command: "touch $T/ran-big"
    limits: { nofile: { soft: 1024, hard: $((nr_open + 1)) } }
    restart_policy: never
  other:
    command: "touch $T/ran-other; exec sleep 4001"
YAML
"$SYSG" validate -c "$T/above.yaml" >"$T/above.out" 2>&1 || { cat "$T/above.out"; fail "validate refused a config it should only warn about"; }
assert_contains "$T/above.out" "$T/above.yaml:4:23: services.big.limits.nofile: the hard limit $((nr_open + 1)) is above fs.nr_open ($nr_open), the kernel's ceiling for open files: 'big' will be refused at start"
assert_contains "$T/above.out" "valid: 2 services"
start_sysg "$T/above.yaml"
wait_until 10 "grep -q 'big: cannot start' '$SYSG_LOG'" || fail "big was not refused"
assert_contains "$SYSG_LOG" "big: cannot start: limits (prio 200, setrlimit): setrlimit NOFILE 1024/$((nr_open + 1)): the hard limit is above fs.nr_open ($nr_open), the kernel's ceiling for open files: Operation not permitted"
child_pid "sleep 4001" >/dev/null
[ -e "$T/ran-other" ] || fail "the other service did not run"
[ -e "$T/ran-big" ] && fail "big ran"
stop_sysg
rm -f "$T"/ran-*

# Above sysg's own hard limit, without CAP_SYS_RESOURCE to raise it.
have_cap 24 && skip "sysg would hold CAP_SYS_RESOURCE here, and may raise hard limits"
hard=$(hard_limit "Max open files")
[ "$hard" != unlimited ] && [ "$hard" -lt "$nr_open" ] || skip "the hard NOFILE limit is already fs.nr_open"
cat >"$T/raise.yaml" <<YAML
services:
  raise:
    command: "touch $T/ran-raise"
    limits: { nofile: $((hard + 1)) }
    restart_policy: never
  other:
    command: "touch $T/ran-other; exec sleep 4002"
YAML
"$SYSG" validate -c "$T/raise.yaml" >"$T/raise.out" 2>&1 || { cat "$T/raise.out"; fail "validate refused a config it should only warn about"; }
assert_contains "$T/raise.out" "$T/raise.yaml:4:23: services.raise.limits.nofile: the hard limit $((hard + 1)) is above sysg's own ($hard), and raising a hard limit needs CAP_SYS_RESOURCE, which sysg does not hold: 'raise' will be refused at start"
start_sysg "$T/raise.yaml"
wait_until 10 "grep -q 'raise: cannot start' '$SYSG_LOG'" || fail "raise was not refused"
assert_contains "$SYSG_LOG" "raise: cannot start: limits (prio 200, setrlimit): setrlimit NOFILE $((hard + 1))/$((hard + 1)): the hard limit is above sysg's own ($hard), and raising a hard limit needs CAP_SYS_RESOURCE: Operation not permitted"
child_pid "sleep 4002" >/dev/null
[ -e "$T/ran-other" ] || fail "the other service did not run"
[ -e "$T/ran-raise" ] && fail "raise ran"
stop_sysg
exit 0
