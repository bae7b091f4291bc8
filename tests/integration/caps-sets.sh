#!/bin/sh
# capabilities: with and without user:, and without the key: a root service
# keeps exactly the list (or nothing with []), or sysg's own sets when it has
# no capabilities:; a service that switches to a non-root user has the list
# or nothing, and its empty bounding set stops a setuid-root or
# file-capability program from giving anything back (the same programs run
# outside sysg show that they would). With no_new_privs: true the ambient set
# still carries the list.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_root "capability sets and switching users"
need_plugin caps
getent passwd nobody >/dev/null || skip "no user nobody"
NOBODY=$(id -u nobody)

{ cp /bin/sleep "$T/suid-sleep" && chmod 4755 "$T/suid-sleep"; } || fail "cannot make a setuid copy of sleep"
{ cp /bin/sleep "$T/fcap-sleep" && chmod 0755 "$T/fcap-sleep"; } || fail "cannot copy sleep"
"$(helper setfcap)" "$T/fcap-sleep" cap_net_bind_service=p || skip "cannot set file capabilities under $T"

cat >"$T/sysg.yaml" <<YAML
services:
  rootlist:
    exec: [sleep, "2001"]
    capabilities: [net_bind_service, Cap_Chown]
  rootnone:
    exec: [sleep, "2002"]
    capabilities: []
  rootkeeps:
    exec: [sleep, "2003"]
  nobody:
    exec: [sleep, "2004"]
    user: nobody
  nobodyraw:
    exec: [sleep, "2005"]
    user: nobody
    capabilities: [CAP_NET_RAW]
  nnp:
    exec: [sleep, "2008"]
    user: nobody
    capabilities: [CAP_NET_BIND_SERVICE]
    no_new_privs: true
  suid:
    exec: [$T/suid-sleep, "2006"]
    user: nobody
  fcap:
    exec: [$T/fcap-sleep, "2007"]
    user: nobody
YAML
start_sysg "$T/sysg.yaml"
# Every service's pid first, so that none outlives a failed check.
for svc in "rootlist sleep 2001" "rootnone sleep 2002" "rootkeeps sleep 2003" \
	"nobody sleep 2004" "nobodyraw sleep 2005" "nnp sleep 2008" "suid suid-sleep 2006" \
	"fcap fcap-sleep 2007"; do
	track "${svc%% *}" "$(child_pid "${svc#* }")"
done
pid_of() { cat "$T/$1.pid"; }

pid=$(pid_of rootlist)
expect_caps "$pid" 0000000000000401
[ "$(status_field "$pid" Uid)" = "0 0 0 0" ] || fail "rootlist is not root"
expect_caps "$(pid_of rootnone)" 0000000000000000

# No capabilities: and no user change: exactly sysg's own sets.
pid=$(pid_of rootkeeps)
for f in CapPrm CapEff CapBnd CapInh CapAmb; do
	[ "$(status_field "$pid" $f)" = "$(status_field "$SYSG_PID" $f)" ] ||
		fail "rootkeeps: $f $(status_field "$pid" $f), sysg has $(status_field "$SYSG_PID" $f)"
done
[ "$(status_field "$pid" CapEff)" != 0000000000000000 ] || fail "sysg itself has no capabilities"

pid=$(pid_of nobody)
expect_caps "$pid" 0000000000000000
[ "$(status_field "$pid" Uid)" = "$NOBODY $NOBODY $NOBODY $NOBODY" ] || fail "nobody's Uid"
expect_caps "$(pid_of nobodyraw)" 0000000000002000
# Ambient capabilities need no help from no_new_privs (the core's key), and
# it does not get in their way.
expect_caps "$(pid_of nnp)" 0000000000000400
[ "$(status_field "$(pid_of nnp)" NoNewPrivs)" = 1 ] || fail "nnp: NoNewPrivs is not set"

# A setuid-root program makes the euid 0 again, but gives no capability.
pid=$(pid_of suid)
[ "$(status_field "$pid" Uid)" = "$NOBODY 0 0 0" ] || fail "suid-sleep did not run setuid root: Uid $(status_field "$pid" Uid)"
expect_caps "$pid" 0000000000000000
# A file capability gives nothing either.
expect_caps "$(pid_of fcap)" 0000000000000000

# The controls: the same programs run as nobody outside sysg get what the
# setuid bit and the file capability grant.
setpriv --reuid="$NOBODY" --regid="$(id -g nobody)" --clear-groups "$T/suid-sleep" 2106 &
echo $! >"$T/control-suid.pid"
setpriv --reuid="$NOBODY" --regid="$(id -g nobody)" --clear-groups "$T/fcap-sleep" 2107 &
echo $! >"$T/control-fcap.pid"
pid=$(cat "$T/control-suid.pid")
wait_until 5 "[ \"\$(status_field $pid Uid)\" = '$NOBODY 0 0 0' ]" || fail "the setuid control did not exec"
[ "$(status_field "$pid" CapEff)" = "$(status_field $$ CapBnd)" ] ||
	fail "the setuid control has CapEff $(status_field "$pid" CapEff), not the full bounding set"
pid=$(cat "$T/control-fcap.pid")
wait_until 5 "grep -q fcap-sleep /proc/$pid/cmdline" || fail "the file-capability control did not exec"
[ "$(status_field "$pid" CapPrm)" = 0000000000000400 ] ||
	fail "the file-capability control has CapPrm $(status_field "$pid" CapPrm)"

for f in "$T/control-suid.pid" "$T/control-fcap.pid"; do
	kill -KILL "$(cat "$f")" && wait "$(cat "$f")" 2>/dev/null
	rm -f "$f"
done
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"
untrack
exit 0
