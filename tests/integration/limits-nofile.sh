#!/bin/sh
# limits.nofile: 64 gives descriptors 0 to 63 and EMFILE for the 65th; the
# control, without the limit, opens past it.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_root "switching to nobody"
need_plugin limits
no_valgrind "the service sets RLIMIT_NOFILE's hard limit, which valgrind refuses in the child before exec"
getent passwd nobody >/dev/null || skip "no user nobody"
open=$(helper rl-open)

cat >"$T/sysg.yaml" <<YAML
services:
  capped:
    exec: [$open, "100"]
    user: nobody
    limits: { nofile: 64 }
  control:
    exec: [$open, "120"]
    user: nobody
YAML
start_sysg "$T/sysg.yaml"
line=$(service_line capped "rl-open: ")
[ "$line" = "capped | rl-open: descriptors up to 63 open; opening descriptor 64: Too many open files (EMFILE)" ] ||
	fail "capped: $line"
expect_rlimit "$(child_pid "rl-open 100")" "Max open files" "64 64"
line=$(service_line control "rl-open: ")
[ "$line" = "control | rl-open: descriptors up to 119 open; no open failed" ] || fail "control: $line"
stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
exit 0
