#!/bin/sh
# The seed's `untrusted` example, as shipped (examples/seed-untrusted.yaml):
# ./third-party-app runs as nobody with all three protections enforced, read
# from the kernel: its own network namespace (only lo), its own PID
# namespace (NSpid with two values, under an init that is sysg's child),
# and a cgroup of its own whose memory limit is 100 MiB.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-isolation.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
cg_need
iso_need
need_plugin cgroup
[ "$(id -u nobody 2>/dev/null)" = 65534 ] || skip "no user nobody with uid 65534"

cp "$top_srcdir/examples/seed-untrusted.yaml" "$T/sysg.yaml"
# The stand-in for the third-party program: it stays up to be looked at.
printf '#!/bin/sh\nexec sleep 3401\n' >"$T/third-party-app"
chmod 0755 "$T/third-party-app"
cd "$T" || fail "cannot cd to $T"
start_sysg "$T/sysg.yaml"
app=$(service_proc "sleep 3401")
init=$(pid_parent "$app")
[ "$(pid_parent "$init")" = "$SYSG_PID" ] || fail "the app's init is not sysg's child"

# user: nobody, and no capability.
[ "$(status_field "$app" Uid)" = "65534 65534 65534 65534" ] || fail "Uid of the app: $(status_field "$app" Uid)"
for f in CapPrm CapEff CapAmb; do
	[ "$(status_field "$app" $f)" = 0000000000000000 ] || fail "the app's $f is $(status_field "$app" $f)"
done
# network + pid, nothing else.
expect_ns "$app" "net pid"
[ "$(status_field "$app" NSpid | awk '{ print NF, $2 }')" = "2 2" ] || fail "NSpid of the app: $(status_field "$app" NSpid)"
devs=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' "/proc/$app/net/dev" | tr '\n' ' ')
[ "$devs" = "lo " ] || fail "the app's network namespace has '$devs', expected only lo"
# memory_max 100M, on the app's own cgroup (its init is in it too).
cg_expect_path "$app" memory untrusted
cg_expect_path "$init" memory untrusted
[ "$(cg_value "$app" memory memory.limit_in_bytes memory.max)" = 104857600 ] ||
	fail "memory limit of the app's cgroup: $(cg_value "$app" memory memory.limit_in_bytes memory.max)"

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"
kill -0 "$app" 2>/dev/null && fail "the app survived the stop"
exit 0
