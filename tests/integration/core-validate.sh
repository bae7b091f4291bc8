#!/bin/sh
# sysg validate: exit 1 with file:line:column for each kind of bad config,
# and never starts anything.
. "$top_srcdir/tests/integration/lib.sh"

# check NAME EXPECTED-MESSAGE: validate $T/NAME.yaml, expect exit 1 and the message.
check() {
	"$SYSG" validate -c "$T/$1.yaml" >"$T/$1.out" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.out"; fail "$1: validate exited $rc, expected 1"; }
	grep -qF -- "$2" "$T/$1.out" || { cat "$T/$1.out"; fail "$1: no '$2' in the output"; }
	[ -e "$T/ran" ] && fail "$1: validate started a service"
	return 0
}

printf 'services:\n  web:\n    command: "touch %s/ran"\n   user: [oops\n' "$T" >"$T/yaml.yaml"
check yaml "$T/yaml.yaml:4:"

# No plugins loaded: their keys (limits, capabilities, ...) would be listed too.
cat >"$T/unknown.yaml" <<YAML
plugins:
  load: []
services:
  web:
    command: "touch $T/ran"
    restart_polcy: always
YAML
check unknown "$T/unknown.yaml:6:20: services.web.restart_polcy: unknown key 'restart_polcy' (expected one of: command, exec,"

cat >"$T/absent.yaml" <<YAML
plugins:
  load: []
services:
  web:
    command: "touch $T/ran"
    capabilities: [CAP_NET_BIND_SERVICE]
YAML
check absent "$T/absent.yaml:6:19: services.web.capabilities: needs plugin 'caps'"
grep -q "the service cannot run without it" "$T/absent.out" || fail "absent: no reason given"

cat >"$T/cycle.yaml" <<YAML
services:
  a:
    command: "touch $T/ran"
    depends_on: [b]
  b:
    command: "touch $T/ran"
    depends_on: [c]
  c:
    command: "touch $T/ran"
    depends_on: [a]
YAML
check cycle "dependency cycle: a -> b -> c -> a"
grep -q "$T/cycle.yaml:[0-9]*:[0-9]*: services\.[abc]\.depends_on" "$T/cycle.out" || fail "cycle: no position"

cat >"$T/missingdep.yaml" <<YAML
services:
  a:
    command: "touch $T/ran"
    depends_on: [nope]
YAML
check missingdep "$T/missingdep.yaml:4:17: services.a.depends_on: service 'a' depends on 'nope', which is not defined"

unset SYSG_UNSET_VARIABLE
cat >"$T/var.yaml" <<YAML
services:
  a:
    command: "touch $T/ran \${SYSG_UNSET_VARIABLE}"
YAML
check var "$T/var.yaml:3:14: environment variable 'SYSG_UNSET_VARIABLE' is not set"

cat >"$T/values.yaml" <<YAML
services:
  a:
    command: "touch $T/ran"
    stop_timeout: soon
    restart_policy: sometimes
    user: no-such-user-sysg
    stop_signal: SIGKILL
YAML
check values "$T/values.yaml:4:19: services.a.stop_timeout: expected a duration"
# Every error is reported, not only the first.
assert_contains "$T/values.out" "values.yaml:5:21: services.a.restart_policy: restart_policy is always, on-failure or never, not 'sometimes'"
assert_contains "$T/values.out" "services.a.user: no such user 'no-such-user-sysg'"
assert_contains "$T/values.out" "services.a.stop_signal: stop_signal 'SIGKILL' is not a signal that can ask a process to stop"

cat >"$T/both.yaml" <<YAML
services:
  a:
    command: "touch $T/ran"
    exec: [touch, $T/ran]
YAML
check both "$T/both.yaml:4:11: services.a.exec: give either command"

printf 'services:\n  a: {}\n' >"$T/nocmd.yaml"
check nocmd "services.a: service 'a' needs command (run by /bin/sh -c) or exec"

printf 'version: "9"\nservices:\n  a: {command: "true"}\n' >"$T/version.yaml"
check version "$T/version.yaml:1:10: version: unsupported version '9'"

printf 'services:\n  a: {command: "true"}\n  a: {command: "true"}\n' >"$T/dupsvc.yaml"
check dupsvc "$T/dupsvc.yaml:3:3: duplicate key 'a'"

printf 'services:\n  "../a": {command: "true"}\n' >"$T/name.yaml"
check name "service name '../a' must be"

printf 'x: &a 1\ny: *a\n' >"$T/alias.yaml"
check alias "$T/alias.yaml:2:4: YAML aliases (*a) are not supported"

: >"$T/empty.yaml"
check empty "$T/empty.yaml: the file is empty"

"$SYSG" validate -c "$T/nonexistent.yaml" >"$T/nofile.out" 2>&1
[ $? = 1 ] || fail "validate of a missing file did not exit 1"
assert_contains "$T/nofile.out" "$T/nonexistent.yaml: cannot open: No such file or directory"

# A good config validates, and the seed's examples are accepted as written
# as far as their plugins are installed (their own tests cover the rest).
cat >"$T/good.yaml" <<YAML
version: "2"
services:
  web:
    command: "./server"
    env: { vars: { A: "1" } }
    restart_policy: always
    backoff: { initial: 1s, max: 30s }
    max_restarts: unlimited
    stop_signal: SIGINT
    stop_timeout: 1m30s
YAML
"$SYSG" validate -c "$T/good.yaml" >"$T/good.out" 2>&1 || { cat "$T/good.out"; fail "a good config did not validate"; }
assert_contains "$T/good.out" "valid: 1 service"

# start refuses a bad config, starts nothing, and says why.
"$SYSG" start -c "$T/unknown.yaml" >"$T/start.out" 2>&1
[ $? = 1 ] || fail "start with a bad config did not exit 1"
assert_contains "$T/start.out" "not starting: the config has errors"
[ -e "$T/ran" ] && fail "start ran a service from a bad config"

# Usage errors exit 2.
"$SYSG" frobnicate >/dev/null 2>&1
[ $? = 2 ] || fail "an unknown command did not exit 2"
"$SYSG" --bogus start >/dev/null 2>&1
[ $? = 2 ] || fail "an unknown option did not exit 2"
exit 0
