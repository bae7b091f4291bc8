#!/bin/sh
# Every isolation.private_tmp mistake a user can make: the message with its
# file:line:column, and nothing started. A working_dir the fresh /tmp would
# hide is refused at load. sysg without CAP_SYS_ADMIN (run as nobody):
# validate warns, start refuses the service with the key, the plugin, the
# mount and the errno, and the service's program never runs.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-mounts.sh"
need_plugin private-tmp

cat >"$T/word.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    working_dir: /
    isolation: { private_tmp: maybe }
  other:
    command: "touch $T/ran-other"
YAML
config_refused word "$T/word.yaml:5:31: services.web.isolation.private_tmp: expected true or false, got 'maybe'"

cat >"$T/list.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    working_dir: /
    isolation:
      private_tmp: [/tmp]
YAML
config_refused list "$T/list.yaml:6:20: services.web.isolation.private_tmp: expected true or false"

# No working_dir: the config's directory, here under /tmp.
cat >"$T/workdir.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    isolation: { private_tmp: true }
YAML
real_t=$(realpath "$T")
config_refused workdir "$T/workdir.yaml:4:31: services.web.isolation.private_tmp: the working directory $real_t (the config's directory, the default) is under /tmp, which isolation.private_tmp replaces with an empty tmpfs: the service could not start there; set working_dir outside /tmp and /var/tmp"

# sysg as nobody: no CAP_SYS_ADMIN, no user namespace. The service would
# leave its mark in /dev/shm (outside what private_tmp covers, and nobody
# may write there); the control in the test's directory.
need_root "running sysg as nobody"
mark="/dev/shm/$MOUNTS_STAMP.ran"
trap 'st=$?; rm -f "$mark"; (exit $st); cleanup' EXIT
run=$(shared_dir)
cat >"$T/nobody.yaml" <<YAML
services:
  web:
    command: "touch $mark"
    working_dir: /
    restart_policy: never
    isolation: { private_tmp: true }
  plain:
    command: "touch $run/plain-ran"
    restart_policy: never
YAML
run_as_nobody "$(helper_sysg)" validate -c "$T/nobody.yaml" >"$T/nobody.validate" 2>&1 ||
	{ cat "$T/nobody.validate"; fail "validate as nobody refused a config it should warn about"; }
assert_contains "$T/nobody.validate" "warning: $T/nobody.yaml:6:31: services.web.isolation.private_tmp: a mount namespace needs CAP_SYS_ADMIN, which sysg lacks: run sysg as root, or give the service a user namespace with isolation.user: true: 'web' will be refused at start"
run_as_nobody "$T/sysg" start -c "$T/nobody.yaml" >"$T/nobody.out" 2>"$T/nobody.log"
rc=$?
SYSG_LOG="$T/nobody.log"
[ "$rc" = 1 ] || fail "sysg as nobody exited $rc, expected 1"
assert_contains "$SYSG_LOG" "web: cannot start: private-tmp (prio 400, tmp-mounts): isolation.private_tmp: unshare(CLONE_NEWNS) for a private /tmp (a mount namespace needs CAP_SYS_ADMIN, which sysg lacks: run sysg as root, or give the service a user namespace with isolation.user: true): Operation not permitted"
[ -e "$mark" ] && fail "the refused service's program ran"
[ -e "$run/plain-ran" ] || fail "the other service did not run"
exit 0
