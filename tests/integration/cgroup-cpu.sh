#!/bin/sh
# cpu_max "20000 100000" holds a busy loop near 20% of one CPU, measured by
# the cgroup's own usage counter and throttling count, while the same loop
# under cpu_max "max" runs freely; sysg validate explains cpu_max in plain
# words (the seed's "100000 50000" is two CPUs).
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
cg_need
spin=$(helper cg-spin)

cat >"$T/sysg.yaml" <<YAML
services:
  slow:
    exec: [$spin]
    limits: { cgroup: { cpu_max: "20000 100000" } }
  free:
    exec: [$spin, free]
    limits: { cgroup: { cpu_max: max } }
YAML
"$SYSG" validate -c "$T/sysg.yaml" >"$T/validate.out" 2>&1 || { cat "$T/validate.out"; fail "validate failed"; }
grep -qF "sysg.yaml:4:34: services.slow.limits.cgroup.cpu_max: up to 20% of one CPU (20 ms of CPU time in every 100 ms period)" "$T/validate.out" ||
	{ cat "$T/validate.out"; fail "validate does not explain cpu_max"; }
grep -qF "services.free.limits.cgroup.cpu_max: no CPU limit" "$T/validate.out" || fail "validate does not explain cpu_max: max"

start_sysg "$T/sysg.yaml"
slow=$(child_pid "$spin\$")
free=$(child_pid "$spin free")
cg_expect_path "$slow" cpu slow
if [ "$CG_VERSION" = 2 ]; then
	[ "$(cg_value "$slow" cpu - cpu.max)" = "20000 100000" ] || fail "cpu.max: $(cg_value "$slow" cpu - cpu.max)"
	[ "$(cg_value "$free" cpu - cpu.max)" = "max 100000" ] || fail "free's cpu.max: $(cg_value "$free" cpu - cpu.max)"
else
	[ "$(cg_value "$slow" cpu cpu.cfs_quota_us -)" = 20000 ] || fail "cfs_quota_us is not 20000"
	[ "$(cg_value "$slow" cpu cpu.cfs_period_us -)" = 100000 ] || fail "cfs_period_us is not 100000"
	[ "$(cg_value "$free" cpu cpu.cfs_quota_us -)" = -1 ] || fail "free's cfs_quota_us is not -1"
	# The usage counter is cpuacct's: the service is there too.
	cg_expect_path "$slow" cpuacct slow
fi

# Two seconds of the cgroups' own CPU time against the wall clock.
sleep 0.5
s0=$(cg_cpu_usage_us "$slow")
f0=$(cg_cpu_usage_us "$free")
t0=$(date +%s%N)
sleep 2
s1=$(cg_cpu_usage_us "$slow")
f1=$(cg_cpu_usage_us "$free")
t1=$(date +%s%N)
wall=$(((t1 - t0) / 1000))
slow_pm=$(((s1 - s0) * 1000 / wall)) # per mille of one CPU
free_pm=$(((f1 - f0) * 1000 / wall))
echo "slow used $slow_pm/1000 of a CPU, free $free_pm/1000, over $wall us"
# 20% with a wide margin: the machine is shared, and a busy host can only
# lower the number.
[ "$slow_pm" -ge 50 ] || fail "slow used $slow_pm/1000 of a CPU: did it run at all?"
[ "$slow_pm" -le 300 ] || fail "slow used $slow_pm/1000 of a CPU, more than cpu_max allows (200)"
# The control: both loops are always runnable, so only the quota can make
# slow get less (a busy host lowers both, and keeps free ahead).
[ "$free_pm" -gt "$slow_pm" ] || fail "free used $free_pm/1000, no more than slow's $slow_pm: the check proves nothing"
throttled=$(cg_key "$(cg_value "$slow" cpu cpu.stat cpu.stat)" nr_throttled)
[ "${throttled:-0}" -gt 0 ] || fail "the kernel never throttled slow (nr_throttled ${throttled:-none})"
free_throttled=$(cg_key "$(cg_value "$free" cpu cpu.stat cpu.stat)" nr_throttled)
[ "${free_throttled:-0}" = 0 ] || fail "free was throttled ($free_throttled times) without a quota"
echo "slow throttled $throttled times, free $free_throttled"

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
kill -0 "$slow" 2>/dev/null && fail "slow survived"
exit 0
