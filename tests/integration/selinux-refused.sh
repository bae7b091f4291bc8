#!/bin/sh
# isolation.selinux_context on a system where SELinux is disabled (as on the
# machines this project runs on): validate and start refuse the service with
# the reason, naming service, key and plugin, and nothing runs. Bad values
# and plugin settings are refused with their positions. `sysg plugins`
# lists the plugin with its hook at 600.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin selinux

"$SYSG" plugins -c /nonexistent >"$T/plugins.out" 2>&1 || { cat "$T/plugins.out"; fail "sysg plugins failed"; }
assert_contains "$T/plugins.out" "keys: isolation.selinux_context"
grep -Eq '^ +600 +selinux +selinux-exec-context$' "$T/plugins.out" || { cat "$T/plugins.out"; fail "no hook at 600 for selinux"; }

# refused NAME 'VALUE' EXPECTED: validate and start both refuse; no service ran.
refused() {
	cat >"$T/$1.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web; exec sleep 3091"
    isolation: { selinux_context: $2 }
  other:
    command: "touch $T/ran-other; exec sleep 3092"
YAML
	config_refused "$1" "$3"
	pgrep -f "sleep 309[12]" >/dev/null && fail "$1: a service is running"
	return 0
}

refused list "[httpd_t]" "list.yaml:4:35: services.web.isolation.selinux_context: expected a string, got a list"
refused type "httpd_t" "type.yaml:4:35: services.web.isolation.selinux_context: 'httpd_t' is not an SELinux context (user:role:type[:level], e.g. system_u:system_r:httpd_t:s0)"

cat >"$T/settings.yaml" <<YAML
plugins:
  selinux: { permissive: ok }
services:
  web:
    command: "true"
YAML
"$SYSG" validate -c "$T/settings.yaml" >"$T/settings.out" 2>&1 && fail "plugin settings were accepted"
assert_contains "$T/settings.out" "settings.yaml:2:12: plugins.selinux: the selinux plugin takes no settings"

# The real system.
if [ -e /sys/fs/selinux/enforce ]; then
	skip "SELinux is enabled here: the refusal cannot be shown"
fi
refused kernel "system_u:system_r:httpd_t:s0" \
	"kernel.yaml:4:35: services.web.isolation.selinux_context: SELinux is disabled on this system (no SELinux filesystem mounted and no policy loaded); the selinux plugin cannot run 'web' in context 'system_u:system_r:httpd_t:s0', so it will not run"
exit 0
