#!/bin/sh
# Every isolation.seccomp mistake a user can make: the message (with its
# file:line:column; all unknown system calls, not only the first), and
# nothing started. Without the plugin, a service asking for a filter is
# refused, never run unfiltered.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin seccomp

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
config_refused unknown "$T/unknown.yaml:5:32: services.web.isolation.seccomp.deny[1]: unknown system call 'frobnicate'"
assert_contains "$T/unknown.out" "$T/unknown.yaml:5:53: services.web.isolation.seccomp.deny\[3\]: unknown system call 'zork'"

config action "{ default_action: explode, deny: [mkdir] }"
config_refused action "$T/action.yaml:5:34: services.web.isolation.seccomp.default_action: unknown action 'explode' (expected one of allow, errno, kill, log, trap)"

config errno "{ deny: [mkdir], errno: EFOO }"
config_refused errno "$T/errno.yaml:5:40: services.web.isolation.seccomp.errno: unknown errno 'EFOO' (a name from errno(3) such as EPERM, or a number from 1 to 4095)"

config errnum "{ deny: [mkdir], errno: 5000 }"
config_refused errnum "services.web.isolation.seccomp.errno: unknown errno '5000'"

config arch "{ deny: [mkdir], architectures: [native, vax] }"
config_refused arch "$T/arch.yaml:5:57: services.web.isolation.seccomp.architectures[1]: unknown architecture 'vax'"

config profile "strict"
config_refused profile "$T/profile.yaml:5:16: services.web.isolation.seccomp: unknown seccomp profile 'strict' (built in: baseline; or a map with allow, deny, default_action)"

config type "[mkdir]"
config_refused type "$T/type.yaml:5:16: services.web.isolation.seccomp: expected a profile name (baseline) or a map"

config everything "{ default_action: allow }"
config_refused everything "services.web.isolation.seccomp: this filter allows every system call"

# A filter under which sysg's own exec step could not run.
config exec "{ profile: baseline, deny: [execve, getppid] }"
config_refused exec "$T/exec.yaml:5:16: services.web.isolation.seccomp: the filter forbids execve, getppid, which sysg's exec step makes after loading it (execve, close_range, prctl, getppid): the service could never start"

# No seccomp plugin among the loaded ones: refused, naming it.
mkdir -p "$T/noplugins" && chmod 0755 "$T/noplugins"
config missing "baseline"
SYSG_PLUGIN_DIR="$T/noplugins" refused missing "needs plugin 'seccomp'"
exit 0
