#!/bin/sh
# Every error a user can reach through limits.cgroup: bad values (validate,
# with positions), no cgroup filesystem at all, a read-only cgroupfs, a
# cgroupfs sysg may not write (sysg as nobody) and the fix the message
# names (a delegated root), and a value the kernel refuses. Each time the
# refused service's program does not run, and the others do.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
cg_need
run=$(shared_dir)

# bad NAME 'YAML' MESSAGE: limits.cgroup of one service; validate must
# refuse it with the message and start nothing.
bad() {
	printf 'services:\n  web:\n    command: "touch %s/ran"\n    limits: { cgroup: %s }\n' "$T" "$2" >"$T/$1.yaml"
	"$SYSG" validate -c "$T/$1.yaml" >"$T/$1.out" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.out"; fail "$1: validate exited $rc, expected 1"; }
	grep -qF -- "$3" "$T/$1.out" || { cat "$T/$1.out"; fail "$1: no '$3' in the output"; }
	[ -e "$T/ran" ] && fail "$1: validate started the service"
	return 0
}
bad unknown "{ memory_maxx: 1G }" \
	"unknown.yaml:4:38: services.web.limits.cgroup.memory_maxx: unknown key 'memory_maxx' (expected one of: memory_max, memory_high, memory_swap_max, cpu_max, cpu_weight, pids_max, io_weight, root)"
bad notmap "5" "services.web.limits.cgroup: expected a mapping of cgroup limits"
bad size "{ memory_max: lots }" "services.web.limits.cgroup.memory_max: expected a size"
bad zero "{ memory_max: 0 }" "services.web.limits.cgroup.memory_max: 0 bytes would leave the service no memory"
bad cpu "{ cpu_max: \"half\" }" "services.web.limits.cgroup.cpu_max: 'half' is not \"QUOTA PERIOD\" in microseconds"
bad quota "{ cpu_max: \"500 100000\" }" "cpu_max: the quota 500 us is outside what the kernel takes (at least 1000 us)"
bad period "{ cpu_max: \"100000 5000000\" }" "cpu_max: the period 5000000 us is outside what the kernel takes"
bad weight "{ cpu_weight: 0 }" "services.web.limits.cgroup.cpu_weight: expected an integer from 1 to 10000"
bad pids "{ pids_max: -1 }" "services.web.limits.cgroup.pids_max: expected a number from 0 to 4194304, or \"max\", got '-1'"
bad io "{ io_weight: 20000 }" "services.web.limits.cgroup.io_weight: expected an integer from 1 to 10000"
bad root "{ root: ../../etc }" "services.web.limits.cgroup.root: '../../etc' is not a plain cgroup path"
if [ "$CG_VERSION" = 1 ]; then
	bad swap "{ memory_swap_max: 1G }" "memory_swap_max: cgroup v1 limits memory and swap together (memory.memsw.limit_in_bytes = memory_max + memory_swap_max): set a memory_max too"
fi
printf 'plugins:\n  cgroup: { root: a/../b }\nservices:\n  web:\n    command: "touch %s/ran"\n' "$T" >"$T/setting.yaml"
"$SYSG" validate -c "$T/setting.yaml" >"$T/setting.out" 2>&1 && fail "a bad plugins.cgroup.root was accepted"
assert_contains "$T/setting.out" "setting.yaml:2:19: plugins.cgroup.root: 'a/../b' is not a plain cgroup path"

# The seed's example validates, and validate says what it means.
cat >"$T/seed.yaml" <<YAML
services:
  web:
    command: "touch $T/ran"
    limits:
      cgroup:
        memory_max: "2G"
        cpu_max: "100000 50000"  # 1 CPU
YAML
"$SYSG" validate -c "$T/seed.yaml" >"$T/seed.out" 2>&1 || { cat "$T/seed.out"; fail "the seed's example does not validate"; }
assert_contains "$T/seed.out" "seed.yaml:7:18: services.web.limits.cgroup.cpu_max: up to 2 CPUs (100 ms of CPU time in every 50 ms period)"

# Two services, one with a cgroup limit; the other must run regardless.
cat >"$T/pair.yaml" <<YAML
services:
  limited:
    command: "touch $run/limited-ran"
    restart_policy: never
    limits: { cgroup: { memory_max: 64M } }
  plain:
    command: "touch $run/plain-ran"
    restart_policy: never
YAML
# in_mount_ns SCRIPT: run a shell script in a private mount namespace.
in_mount_ns() {
	unshare -m --propagation private sh -c "$1"
}
cg_mount_points='$(grep -E " - cgroup2? " /proc/self/mountinfo | cut -d" " -f5)'

# No cgroup filesystem at all: refused at load, with what was looked at.
in_mount_ns "for m in $cg_mount_points; do umount -l \$m || exit 9; done; exec '$SYSG' validate -c '$T/pair.yaml'" \
	>"$T/none.out" 2>&1
rc=$?
[ "$rc" = 1 ] || { cat "$T/none.out"; fail "validate without cgroupfs exited $rc, expected 1"; }
assert_contains "$T/none.out" "pair.yaml:5:23: services.limited.limits.cgroup: cgroup limits cannot be applied on this system: no cgroup filesystem is mounted (neither cgroup2 nor a cgroup v1 memory, cpu, pids or blkio hierarchy in /proc/self/mountinfo); the service cannot run with them"
grep -q "services.plain" "$T/none.out" && fail "plain was refused too"

# A read-only cgroupfs (as in many containers): the limited service is
# refused with the path, the errno and the hint; plain runs.
SYSG_LOG="$T/ro.log"
in_mount_ns "for m in $cg_mount_points; do mount -o remount,bind,ro \$m || exit 9; done; exec '$SYSG' start -c '$T/pair.yaml'" \
	>"$T/ro.out" 2>"$SYSG_LOG"
rc=$?
[ "$rc" = 1 ] || fail "sysg on a read-only cgroupfs exited $rc, expected 1"
# (the first write refused: a mkdir, or on v2 enabling a controller)
assert_contains "$SYSG_LOG" "limited: cannot start: cgroup: "
grep -q "limited: cannot start: cgroup: .* /sys/fs/cgroup/.*: Read-only file system: if" "$SYSG_LOG" ||
	fail "the refusal does not name the path"
assert_contains "$SYSG_LOG" ": Read-only file system: if the cgroup filesystem is read-only or not delegated to sysg (as in many containers), set limits.cgroup.root (or plugins.cgroup.root for every service) to a cgroup sysg may write"
[ -e "$run/limited-ran" ] && fail "limited ran without its cgroup"
[ -e "$run/plain-ran" ] || fail "plain did not run"
rm -f "$run"/*-ran

# sysg as nobody on a cgroupfs it may not write: the same refusal...
as_nobody="$(command -v setpriv) --reuid=65534 --regid=65534 --clear-groups $(user_xdg_env 65534)"
SYSG_LOG="$T/nobody.log"
$as_nobody "$SYSG" start -c "$T/pair.yaml" >"$T/nobody.out" 2>"$SYSG_LOG"
rc=$?
[ "$rc" = 1 ] || fail "sysg as nobody exited $rc, expected 1"
assert_contains "$SYSG_LOG" "limited: cannot start: cgroup: "
assert_contains "$SYSG_LOG" ": Permission denied: if the cgroup filesystem is read-only or not delegated to sysg (as in many containers), set limits.cgroup.root"
[ -e "$run/limited-ran" ] && fail "limited ran as nobody without its cgroup"
[ -e "$run/plain-ran" ] || fail "plain did not run as nobody"

# ...and the fix it names: a root delegated to nobody, here for every
# service through plugins.cgroup.root (on v2 sysg must run inside it, and
# moves itself into a leaf there).
deleg=/sysg-test-deleg.$$
cat >"$T/deleg.yaml" <<YAML
plugins:
  cgroup: { root: $deleg }
services:
  limited:
    command: "exec sleep 1006"
    limits: { cgroup: { memory_max: 64M } }
YAML
if [ "$CG_VERSION" = 2 ]; then
	d="$CG_V2_MOUNT$deleg"
	mkdir "$d" && chown 65534:65534 "$d" "$d/cgroup.procs" "$d/cgroup.subtree_control" "$d/cgroup.threads" ||
		fail "cannot delegate $d"
	CG_CLEANUP_DIRS="$d"
	sh -c "echo \$\$ > '$d/cgroup.procs' && exec $as_nobody '$SYSG' start -c '$T/deleg.yaml'" \
		>"$SYSG_OUT" 2>"$T/deleg.log" &
else
	for c in memory cpu cpuacct pids blkio freezer; do
		m=$(cg_v1_mount $c)
		[ -n "$m" ] && [ ! -d "$m$deleg" ] || continue
		mkdir "$m$deleg" && chown -R 65534:65534 "$m$deleg" || fail "cannot delegate $m$deleg"
		CG_CLEANUP_DIRS="$CG_CLEANUP_DIRS $m$deleg"
	done
	$as_nobody "$SYSG" start -c "$T/deleg.yaml" >"$SYSG_OUT" 2>"$T/deleg.log" &
fi
SYSG_PID=$!
SYSG_LOG="$T/deleg.log"
pid=$(child_pid "sleep 1006")
[ "$(status_field "$pid" Uid | awk "{ print \$1 }")" = 65534 ] || fail "the delegated service does not run as nobody"
cg_path "$pid" memory | grep -qx "$deleg/limited\.[0-9]*" || fail "limited is in $(cg_path "$pid" memory), not below $deleg"
[ "$(cg_value "$pid" memory memory.limit_in_bytes memory.max)" = 67108864 ] || fail "memory_max not applied in the delegated root"
if [ "$CG_VERSION" = 2 ]; then
	[ "$(cg_path "$SYSG_PID" memory)" = "$deleg/supervisor" ] || fail "sysg did not move into $deleg/supervisor: $(cat /proc/$SYSG_PID/cgroup)"
fi
dir=$(cg_dir "$pid" memory)
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg as nobody exited $SYSG_RC"
[ -e "$dir" ] && fail "$dir remains after the stop"
kill -0 "$pid" 2>/dev/null && fail "limited survived"

# A value the kernel refuses (v1: a child's CFS quota above its parent's):
# refused with the file and the value, and its directory removed.
if [ "$CG_VERSION" = 1 ]; then
	parent="$(cg_v1_mount cpu)/sysg-test-quota.$$"
	mkdir "$parent" && echo 10000 >"$parent/cpu.cfs_quota_us" || fail "cannot make $parent"
	# sysg makes the root in every hierarchy the service uses.
	for c in cpu cpuacct freezer; do
		m=$(cg_v1_mount $c)
		[ -n "$m" ] && CG_CLEANUP_DIRS="$CG_CLEANUP_DIRS $m/sysg-test-quota.$$"
	done
	cat >"$T/quota.yaml" <<YAML
services:
  greedy:
    command: "touch $run/greedy-ran"
    restart_policy: never
    limits: { cgroup: { cpu_max: "50000 100000", root: /sysg-test-quota.$$ } }
YAML
	SYSG_LOG="$T/quota.log"
	"$SYSG" start -c "$T/quota.yaml" >"$T/quota.out" 2>"$SYSG_LOG"
	rc=$?
	[ "$rc" = 1 ] || fail "sysg exited $rc, expected 1"
	assert_contains "$SYSG_LOG" "greedy: cannot start: cgroup: limits.cgroup.cpu_max: write '50000' to $parent/greedy."
	assert_contains "$SYSG_LOG" "/cpu.cfs_quota_us: Invalid argument: the kernel refused the value"
	[ -e "$run/greedy-ran" ] && fail "greedy ran without its CPU limit"
	ls -d "$parent"/greedy.* 2>/dev/null && fail "greedy's cgroup remains after the refusal"
fi
exit 0
