#!/bin/sh
# limits.cgroup enforced by the kernel: memory_max 32M OOM-kills a process
# that allocates 200 MiB (and sysg's exit line says so), while the same
# program with room finishes; pids_max 5 refuses the sixth process, while a
# service without it forks freely; memory_high, cpu_weight and io_weight
# reach the kernel's files; each service sits in its own cgroup,
# <sysg's cgroup>/sysg/NAME.<sysg pid>, and after the stop the directories
# are gone and nothing remains.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
cg_need
hog=$(helper cg-hog)
fork=$(helper cg-fork)

cat >"$T/sysg.yaml" <<YAML
services:
  hog:
    exec: [$hog, "200"]
    restart_policy: never
    limits: { cgroup: { memory_max: 32M, memory_swap_max: 0 } }
  roomy:
    exec: [$hog, "200"]
    restart_policy: never
    limits: { cgroup: { memory_max: 512M, memory_swap_max: 0 } }
  shell:
    command: "echo \$\$ > $T/shell.pid; $hog 200; echo hog-exit=\$? > $T/shell.out; exec sleep 1001"
    limits: { cgroup: { memory_max: 32M, memory_swap_max: 0 } }
  forks:
    exec: [$fork, "10", $T/forks.out]
    limits: { cgroup: { pids_max: 5 } }
  freefork:
    exec: [$fork, "10", $T/freefork.out]
    limits: { cgroup: {} }
  tuned:
    exec: [sleep, "1007"]
    limits: { cgroup: { memory_high: 16M, cpu_weight: 50, io_weight: 200 } }
YAML
start_sysg "$T/sysg.yaml"

# The main process killed for lack of memory, and sysg says why.
wait_until 60 "grep -q 'hog: killed by' '$SYSG_LOG'" || fail "hog was not killed"
assert_contains "$SYSG_LOG" "sysg: hog: killed by SIGKILL: out of memory (memory_max 32M)"
# Control: the same program with room allocates all of it.
wait_until 60 "grep -q 'roomy: exited' '$SYSG_LOG'" || fail "roomy did not finish"
assert_contains "$SYSG_LOG" "sysg: roomy: exited with status 0"
assert_contains "$SYSG_OUT" "roomy | allocated 200 MiB"
grep -q "roomy: .*out of memory" "$SYSG_LOG" && fail "roomy reported out of memory"

# A child OOM-killed inside a service that lives on: its cgroup, read live.
wait_until 60 "[ -s '$T/shell.out' ]" || fail "the shell's hog did not end"
[ "$(cat "$T/shell.out")" = "hog-exit=137" ] || fail "shell's hog: $(cat "$T/shell.out"), expected SIGKILL (137)"
shell=$(cat "$T/shell.pid")
cg_expect_path "$shell" memory shell
[ "$(cg_value "$shell" memory memory.limit_in_bytes memory.max)" = 33554432 ] || fail "memory limit not 32M"
[ "$(cg_value "$shell" memory memory.memsw.limit_in_bytes memory.swap.max)" = "$([ "$CG_VERSION" = 1 ] && echo 33554432 || echo 0)" ] ||
	fail "swap limit not as configured"
kills=$(cg_key "$(cg_value "$shell" memory memory.oom_control memory.events)" oom_kill)
[ "${kills:-0}" -ge 1 ] || fail "the shell's cgroup counts no OOM kill ($kills)"
peak=$(cg_value "$shell" memory memory.max_usage_in_bytes memory.peak)
[ "$peak" -le 33554432 ] || fail "the shell's cgroup peaked at $peak bytes, over 32M"
echo "shell's cgroup (v$CG_VERSION): $kills OOM kill(s), peak $peak bytes"

# pids_max 5: the service and four children; the fifth fork is refused.
wait_until 20 "[ -s '$T/forks.out' ] && [ -s '$T/freefork.out' ]" || fail "cg-fork did not report"
[ "$(cat "$T/forks.out")" = "forked 4 then: Resource temporarily unavailable" ] ||
	fail "forks: $(cat "$T/forks.out")"
[ "$(cat "$T/freefork.out")" = "forked 10" ] || fail "freefork (no pids_max): $(cat "$T/freefork.out")"
forks=$(child_pid "cg-fork 10 $T/forks.out")
cg_expect_path "$forks" pids forks
[ "$(cg_value "$forks" pids pids.max pids.max)" = 5 ] || fail "pids.max is not 5"
[ "$(cg_value "$forks" pids pids.current pids.current)" = 5 ] || fail "pids.current is not 5"
refusals=$(cg_key "$(cg_value "$forks" pids pids.events pids.events)" max)
[ "${refusals:-0}" -ge 1 ] || fail "pids.events counts no refusal"
echo "forks: $(cat "$T/forks.out"); pids.current 5, pids.events max $refusals"
freefork=$(child_pid "cg-fork 10 $T/freefork.out")
# No limit: on v1 it still gets a freezer cgroup, to be stopped as a whole.
cg_expect_path "$freefork" freezer freefork

# The keys without a quick proof of effect reach the kernel as configured
# (v1: the soft limit, cpu.shares at weight 100 = 1024, BFQ's weight).
tuned=$(child_pid "sleep 1007")
cg_expect_path "$tuned" memory tuned
[ "$(cg_value "$tuned" memory memory.soft_limit_in_bytes memory.high)" = 16777216 ] || fail "memory_high not applied"
[ "$(cg_value "$tuned" cpu cpu.shares cpu.weight)" = "$([ "$CG_VERSION" = 1 ] && echo 512 || echo 50)" ] ||
	fail "cpu_weight not applied"
cg_value "$tuned" blkio blkio.bfq.weight io.weight | head -1 | grep -qE '^(default )?200$' ||
	fail "io_weight not applied: $(cg_value "$tuned" blkio blkio.bfq.weight io.weight)"

# Stop: every process and every directory of the services goes.
dirs="$(cg_service_dirs "$shell" shell) $(cg_service_dirs "$forks" forks) $(cg_service_dirs "$freefork" freefork) $(cg_service_dirs "$tuned" tuned)"
[ "$CG_VERSION" = 2 ] || [ "$(echo "$dirs" | wc -w)" -ge 4 ] || fail "too few cgroup directories: $dirs"
kids=$(pgrep -P "$forks"; pgrep -P "$freefork")
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
for p in $shell $forks $freefork $tuned $kids; do
	[ -e "/proc/$p" ] && fail "process $p survived the stop"
done
for d in $dirs; do
	[ -e "$d" ] && fail "cgroup $d remains after the stop"
done
exit 0
