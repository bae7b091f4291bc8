#!/bin/sh
# Every capabilities: mistake a user can make: the message (with its
# file:line:column), and nothing started. A capability sysg itself does not
# hold: `sysg validate` warns, and at start that service is refused while
# the others run.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin caps

cat >"$T/unknown.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: [CAP_NET_BIND_SERVICE, CAP_FLY]
  other:
    command: "touch $T/ran-other"
YAML
config_refused unknown "$T/unknown.yaml:4:42: services.web.capabilities[1]: unknown capability 'CAP_FLY' (a name from capabilities(7) such as CAP_NET_BIND_SERVICE; the CAP_ prefix and the case are optional)"

cat >"$T/number.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: [10]
YAML
config_refused number "$T/number.yaml:4:20: services.web.capabilities[0]: unknown capability '10'"

cat >"$T/scalar.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    capabilities: CAP_NET_BIND_SERVICE
YAML
config_refused scalar "$T/scalar.yaml:4:19: services.web.capabilities: expected a list of capability names, e.g. [CAP_NET_BIND_SERVICE], or [] for none"

cat >"$T/settings.yaml" <<YAML
plugins:
  caps: { bounding: all }
services:
  web:
    command: "touch $T/ran-web"
YAML
config_refused settings "$T/settings.yaml:2:9: plugins.caps: the caps plugin takes no settings"

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
