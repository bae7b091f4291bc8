#!/bin/sh
# Every isolation.private_devices mistake a user can make: the message with
# its file:line:column, and nothing started; a capability the plugin drops
# cannot be asked for as well. sysg without CAP_SYS_ADMIN (run as nobody):
# validate warns, start refuses the service with the key, the plugin, the
# mount and the errno, and the service's program never runs.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-mounts.sh"
need_plugin private-devices

cat >"$T/word.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    isolation: { private_devices: "some" }
  other:
    command: "touch $T/ran-other"
YAML
config_refused word "$T/word.yaml:4:35: services.web.isolation.private_devices: expected true or false, got 'some'"

cat >"$T/map.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    isolation:
      private_devices: { null: true }
YAML
config_refused map "$T/map.yaml:5:24: services.web.isolation.private_devices: expected true or false"

if [ -f "$SYSG_STAGE_PLUGINS/caps.so" ]; then
	cat >"$T/mknod.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: [CAP_NET_BIND_SERVICE, CAP_MKNOD]
    isolation: { private_devices: true }
YAML
	config_refused mknod "$T/mknod.yaml:4:42: services.web.capabilities[1]: CAP_MKNOD cannot be kept with isolation.private_devices: true, which drops it from the bounding set"
fi

# sysg as nobody: no CAP_SYS_ADMIN, no user namespace.
need_root "running sysg as nobody"
run=$(shared_dir)
cat >"$T/nobody.yaml" <<YAML
services:
  web:
    command: "touch $run/web-ran"
    restart_policy: never
    isolation: { private_devices: true }
  plain:
    command: "touch $run/plain-ran"
    restart_policy: never
YAML
run_as_nobody "$(helper_sysg)" validate -c "$T/nobody.yaml" >"$T/nobody.validate" 2>&1 ||
	{ cat "$T/nobody.validate"; fail "validate as nobody refused a config it should warn about"; }
assert_contains "$T/nobody.validate" "warning: $T/nobody.yaml:5:35: services.web.isolation.private_devices: a mount namespace needs CAP_SYS_ADMIN, which sysg lacks: run sysg as root, or give the service a user namespace with isolation.user: true: 'web' will be refused at start"
run_as_nobody "$T/sysg" start -c "$T/nobody.yaml" >"$T/nobody.out" 2>"$T/nobody.log"
rc=$?
SYSG_LOG="$T/nobody.log"
[ "$rc" = 1 ] || fail "sysg as nobody exited $rc, expected 1"
assert_contains "$SYSG_LOG" "web: cannot start: private-devices (prio 400, dev-mounts): isolation.private_devices: unshare(CLONE_NEWNS) for a private /dev (a mount namespace needs CAP_SYS_ADMIN, which sysg lacks: run sysg as root, or give the service a user namespace with isolation.user: true): Operation not permitted"
[ -e "$run/web-ran" ] && fail "the refused service's program ran"
[ -e "$run/plain-ran" ] || fail "the other service did not run"
exit 0
