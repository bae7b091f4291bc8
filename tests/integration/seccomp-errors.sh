#!/bin/sh
# Every isolation.seccomp mistake a user can make: the message (with its
# file:line:column; all unknown system calls, not only the first), and
# nothing started. Without the plugin, a service asking for a filter is
# refused, never run unfiltered.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin seccomp

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

# config NAME SECCOMP-VALUE: a service "web" with isolation.seccomp: VALUE
# (line 5) and an innocent "other".
config() {
	cat >"$T/$1.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    isolation:
      seccomp: $2
  other:
    command: "touch $T/ran-other"
YAML
}

config unknown "{ deny: [mkdir, frobnicate, mkdirat, zork] }"
refused unknown "$T/unknown.yaml:5:32: services.web.isolation.seccomp.deny[1]: unknown system call 'frobnicate'"
assert_contains "$T/unknown.out" "$T/unknown.yaml:5:53: services.web.isolation.seccomp.deny\[3\]: unknown system call 'zork'"

config action "{ default_action: explode, deny: [mkdir] }"
refused action "$T/action.yaml:5:34: services.web.isolation.seccomp.default_action: unknown action 'explode' (expected one of allow, errno, kill, log, trap)"

config errno "{ deny: [mkdir], errno: EFOO }"
refused errno "$T/errno.yaml:5:40: services.web.isolation.seccomp.errno: unknown errno 'EFOO' (a name from errno(3) such as EPERM, or a number from 1 to 4095)"

config errnum "{ deny: [mkdir], errno: 5000 }"
refused errnum "services.web.isolation.seccomp.errno: unknown errno '5000'"

config arch "{ deny: [mkdir], architectures: [native, vax] }"
refused arch "$T/arch.yaml:5:57: services.web.isolation.seccomp.architectures[1]: unknown architecture 'vax'"

config profile "strict"
refused profile "$T/profile.yaml:5:16: services.web.isolation.seccomp: unknown seccomp profile 'strict' (built in: baseline; or a map with allow, deny, default_action)"

config type "[mkdir]"
refused type "$T/type.yaml:5:16: services.web.isolation.seccomp: expected a profile name (baseline) or a map"

config everything "{ default_action: allow }"
refused everything "services.web.isolation.seccomp: this filter allows every system call"

# A filter under which sysg's own exec step could not run.
config exec "{ profile: baseline, deny: [execve, getppid] }"
refused exec "$T/exec.yaml:5:16: services.web.isolation.seccomp: the filter forbids execve, getppid, which sysg's exec step makes after loading it (execve, close_range, prctl, getppid): the service could never start"

# No seccomp plugin among the loaded ones: refused, naming it.
mkdir -p "$T/noplugins" && chmod 0755 "$T/noplugins"
config missing "baseline"
SYSG_PLUGIN_DIR="$T/noplugins" refused missing "needs plugin 'seccomp'"
exit 0
