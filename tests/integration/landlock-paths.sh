#!/bin/sh
# isolation.landlock as the issue's acceptance asks: ro_paths [/usr, /lib,
# /bin, /etc] (read and execute) and rw_paths [its own directory]. It runs
# as root, so that nothing but Landlock stands between it and the files it
# is denied: it reads /etc/hostname and writes in its directory, and the
# kernel answers EACCES to writing /tmp/..., to reading a file in no list,
# and to running a program it copied into its rw directory (rw_paths never
# grant execute). /proc/PID/status shows NoNewPrivs: 1.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin landlock
no_valgrind "valgrind 3.19 cannot run landlock_create_ruleset (it says: WARNING: unhandled amd64-linux syscall: 444), so the plugin finds no Landlock"
need_root "a root service shows that Landlock, not file permissions, denies"
abi=$("$(helper landlock-abi)")
[ "$abi" -ge 3 ] 2>/dev/null || skip "this kernel's Landlock ABI is '$abi' (needs 3)"

svc="$T/svc"
mkdir -p "$svc" "$T/outside"
echo secret >"$T/outside/secret"
probe="/tmp/sysg-landlock-$$-x"
lib64=
[ -d /lib64 ] && lib64=", /lib64"
cat >"$T/sysg.yaml" <<YAML
services:
  confined:
    command: >-
      cat /etc/hostname > $svc/hostname;
      echo written > $svc/mine;
      (echo x > $probe) 2> $svc/tmp-error;
      (cat $T/outside/secret) > $svc/outside-read 2> $svc/outside-error;
      cp /bin/true $svc/mytrue && ($svc/mytrue && echo ran > $svc/rw-exec) 2> $svc/rw-exec-error;
      touch $svc/done;
      exec sleep 3071
    restart_policy: never
    isolation:
      landlock:
        ro_paths: [/usr, /lib, /bin, /etc$lib64]
        rw_paths: [$svc]
YAML
"$SYSG" validate -c "$T/sysg.yaml" >"$T/validate.out" 2>&1 || { cat "$T/validate.out"; fail "validate refused the config"; }
start_sysg "$T/sysg.yaml"
pid=$(child_pid "sleep 3071")
track confined "$pid"
wait_until 10 "[ -e '$svc/done' ]" || fail "the service did not finish its checks"

[ "$(status_field "$pid" NoNewPrivs)" = 1 ] || fail "NoNewPrivs is $(status_field "$pid" NoNewPrivs), expected 1"
cmp -s /etc/hostname "$svc/hostname" || fail "the service could not read /etc/hostname"
[ "$(cat "$svc/mine")" = written ] || fail "the service could not write in its directory"
[ -e "$probe" ] && { rm -f "$probe"; fail "the service wrote $probe"; }
grep -q "Permission denied" "$svc/tmp-error" || fail "writing $probe: '$(cat "$svc/tmp-error")', expected Permission denied"
[ -s "$svc/outside-read" ] && fail "the service read $T/outside/secret"
grep -q "Permission denied" "$svc/outside-error" || fail "reading outside: '$(cat "$svc/outside-error")', expected Permission denied"
[ -x "$svc/mytrue" ] || fail "the service could not copy a program into its directory"
[ -e "$svc/rw-exec" ] && fail "the service ran a program from its rw directory"
grep -q "Permission denied" "$svc/rw-exec-error" || fail "running from rw_paths: '$(cat "$svc/rw-exec-error")', expected Permission denied"
# The supervisor itself is not confined: Landlock applied in the child only.
cat "$T/outside/secret" >/dev/null || fail "the test lost access"
[ "$(status_field "$SYSG_PID" NoNewPrivs)" = 0 ] || fail "sysg itself has no_new_privs"

stop_sysg
untrack
exit 0
