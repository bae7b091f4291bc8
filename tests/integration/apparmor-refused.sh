#!/bin/sh
# isolation.apparmor_profile on a kernel without AppArmor (as on the
# machines this project runs on): validate and start refuse the service with
# the reason, naming service, key and plugin, and nothing runs. Bad values
# and plugin settings are refused with their positions. `sysg plugins`
# lists the plugin with its hook at 600.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin apparmor

"$SYSG" plugins -c /nonexistent >"$T/plugins.out" 2>&1 || { cat "$T/plugins.out"; fail "sysg plugins failed"; }
assert_contains "$T/plugins.out" "keys: isolation.apparmor_profile"
grep -Eq '^ +600 +apparmor +apparmor-exec-profile$' "$T/plugins.out" || { cat "$T/plugins.out"; fail "no hook at 600 for apparmor"; }

# refused NAME 'VALUE' EXPECTED: validate and start both refuse; no service ran.
refused() {
	cat >"$T/$1.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web; exec sleep 3081"
    isolation: { apparmor_profile: $2 }
  other:
    command: "touch $T/ran-other; exec sleep 3082"
YAML
	config_refused "$1" "$3"
	pgrep -f "sleep 308[12]" >/dev/null && fail "$1: a service is running"
	return 0
}

refused list "[web]" "list.yaml:4:36: services.web.isolation.apparmor_profile: expected a string, got a list"
refused unconfined "unconfined" "unconfined.yaml:4:36: services.web.isolation.apparmor_profile: 'unconfined' is no confinement"

cat >"$T/settings.yaml" <<YAML
plugins:
  apparmor: { root: /tmp }
services:
  web:
    command: "true"
YAML
"$SYSG" validate -c "$T/settings.yaml" >"$T/settings.out" 2>&1 && fail "plugin settings were accepted"
assert_contains "$T/settings.out" "settings.yaml:2:13: plugins.apparmor: the apparmor plugin takes no settings"

# The real kernel.
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] &&
	[ -d /sys/kernel/security/apparmor ]; then
	skip "AppArmor is enabled here: the refusal cannot be shown"
fi
refused kernel "sysg-test-profile" \
	"kernel.yaml:4:36: services.web.isolation.apparmor_profile: apparmor is not enabled on this kernel ("
assert_contains "$T/kernel.start" "the apparmor plugin cannot confine 'web' with profile 'sysg-test-profile', so it will not run"
exit 0
