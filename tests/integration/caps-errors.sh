#!/bin/sh
# Every capabilities: mistake a user can make: the message (with its
# file:line:column), and nothing started. A capability sysg itself does not
# hold: `sysg validate` warns, and at start that service is refused while
# the others run.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin caps

# refused NAME EXPECTED: validate and start both refuse $T/NAME.yaml with the
# message, and no service ran.
refused() {
	"$SYSG" validate -c "$T/$1.yaml" >"$T/$1.out" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.out"; fail "$1: validate exited $rc, expected 1"; }
	grep -qF -- "$2" "$T/$1.out" || { cat "$T/$1.out"; fail "$1: no '$2' in the output"; }
	"$SYSG" start -c "$T/$1.yaml" >"$T/$1.start" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.start"; fail "$1: start exited $rc, expected 1"; }
	grep -qF -- "$2" "$T/$1.start" || { cat "$T/$1.start"; fail "$1: start did not say '$2'"; }
	assert_contains "$T/$1.start" "not starting: the config has errors"
	ls "$T"/ran-* >/dev/null 2>&1 && fail "$1: a service ran: $(ls "$T"/ran-*)"
	return 0
}

cat >"$T/unknown.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: [CAP_NET_BIND_SERVICE, CAP_FLY]
  other:
    command: "touch $T/ran-other"
YAML
refused unknown "$T/unknown.yaml:4:42: services.web.capabilities[1]: unknown capability 'CAP_FLY' (a name from capabilities(7) such as CAP_NET_BIND_SERVICE; the CAP_ prefix and the case are optional)"

cat >"$T/number.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: [10]
YAML
refused number "$T/number.yaml:4:20: services.web.capabilities[0]: unknown capability '10'"

cat >"$T/scalar.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: CAP_NET_BIND_SERVICE
YAML
refused scalar "$T/scalar.yaml:4:19: services.web.capabilities: expected a list of capability names, e.g. [CAP_NET_BIND_SERVICE], or [] for none"

cat >"$T/settings.yaml" <<YAML
plugins:
  caps: { bounding: all }
services:
  web:
    command: "touch $T/ran-web"
YAML
refused settings "$T/settings.yaml:2:9: plugins.caps: the caps plugin takes no settings"

# A capability sysg does not hold (CAP_SYS_RESOURCE: root lacks it on the
# machines this project runs on).
need_root "starting services"
have_cap 24 && skip "sysg would hold CAP_SYS_RESOURCE here; the refusal cannot be shown"
cat >"$T/lacking.yaml" <<YAML
services:
  lacking:
    command: "touch $T/ran-lacking"
    user: nobody
    capabilities: [CAP_NET_BIND_SERVICE, CAP_SYS_RESOURCE]
    restart_policy: never
  other:
    command: "touch $T/ran-other; exec sleep 2010"
YAML
"$SYSG" validate -c "$T/lacking.yaml" >"$T/lacking.out" 2>&1 || { cat "$T/lacking.out"; fail "validate refused a config it should only warn about"; }
assert_contains "$T/lacking.out" "$T/lacking.yaml:5:19: services.lacking.capabilities: sysg does not hold CAP_SYS_RESOURCE (not in its permitted and bounding sets), so it cannot give it to the service: 'lacking' will be refused at start"
assert_contains "$T/lacking.out" "valid: 2 services"
start_sysg "$T/lacking.yaml"
wait_until 10 "grep -q 'lacking: cannot start' '$SYSG_LOG'" || fail "lacking was not refused"
assert_contains "$SYSG_LOG" "lacking: cannot start: caps (prio 520, capability-sets): capset permitted, effective, inheritable to CAP_NET_BIND_SERVICE,CAP_SYS_RESOURCE: sysg does not hold CAP_SYS_RESOURCE: Operation not permitted"
pid=$(child_pid "sleep 2010")
[ -e "$T/ran-other" ] || fail "the other service did not run"
[ -e "$T/ran-lacking" ] && fail "the refused service's program ran"
stop_sysg
kill -0 "$pid" 2>/dev/null && fail "other survived the stop"
exit 0
