#!/bin/sh
# The command line: --help, --version, --log-level, --sys, usage errors, and
# the default config file names.
. "$top_srcdir/tests/integration/lib.sh"

"$SYSG" --help >"$T/help" || fail "--help failed"
assert_contains "$T/help" "Usage: sysg"
"$SYSG" --version >"$T/version" || fail "--version failed"
grep -q "^sysg [0-9.]* (plugin ABI 1)$" "$T/version" || fail "version: $(cat "$T/version")"
"$SYSG" >/dev/null 2>&1
[ $? = 2 ] || fail "no command did not exit 2"
"$SYSG" --log-level loud validate >"$T/level" 2>&1
[ $? = 2 ] || fail "a bad --log-level did not exit 2"
assert_contains "$T/level" "--log-level: 'loud' is not error, warn, info or debug"
"$SYSG" validate extra >"$T/extra" 2>&1
[ $? = 2 ] || fail "an extra argument did not exit 2"
assert_contains "$T/extra" "validate takes no arguments, got 'extra'"

# The default config: ./sysg.yaml, else ./systemg.yaml.
mkdir "$T/cwd"
cd "$T/cwd" || fail "cd"
"$SYSG" validate >"$T/none" 2>&1
[ $? = 1 ] || fail "validate without a config did not exit 1"
assert_contains "$T/none" "sysg.yaml: cannot open: No such file or directory"
printf 'services:\n  old: {command: "true"}\n' >systemg.yaml
"$SYSG" validate >"$T/old" 2>&1 || fail "systemg.yaml was not read"
assert_contains "$T/old" "systemg.yaml: valid: 1 service"
printf 'services:\n  new: {command: "true"}\n  newer: {command: "true"}\n' >sysg.yaml
"$SYSG" validate >"$T/new" 2>&1 || fail "sysg.yaml was not read"
assert_contains "$T/new" "sysg.yaml: valid: 2 services"

# --log-level debug shows the fork; error hides the start lines.
printf 'services:\n  a: {command: "true", restart_policy: never}\n' >"$T/one.yaml"
"$SYSG" --log-level debug start -c "$T/one.yaml" >/dev/null 2>"$T/debug" || fail "debug run failed"
grep -q "debug: a: forked pid [0-9]*" "$T/debug" || fail "no debug line: $(cat "$T/debug")"
"$SYSG" start --log-level error -c "$T/one.yaml" >/dev/null 2>"$T/quiet" || fail "quiet run failed"
[ -s "$T/quiet" ] && fail "--log-level error still printed: $(cat "$T/quiet")"

# --sys is root only; as root its default config is /etc/sysg/sysg.yaml.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$(helper_sysg)" --sys validate -c "$T/one.yaml" >"$T/sys" 2>&1
	[ $? = 1 ] || fail "--sys as nobody did not exit 1"
	assert_contains "$T/sys" "--sys (system mode) needs root"
	if [ ! -e /etc/sysg/sysg.yaml ]; then
		"$SYSG" --sys validate >"$T/sysroot" 2>&1
		assert_contains "$T/sysroot" "/etc/sysg/sysg.yaml: cannot open"
	fi
fi

# Service output is forwarded line by line with the service's name.
cat >"$T/out.yaml" <<YAML
services:
  talker:
    command: "echo to-stdout; echo to-stderr >&2; printf 'no newline'"
    restart_policy: never
YAML
"$SYSG" start -c "$T/out.yaml" >"$T/o" 2>"$T/e" || fail "talker run failed"
grep -qx "talker | to-stdout" "$T/o" || fail "stdout: $(cat "$T/o")"
grep -qx "talker | no newline" "$T/o" || fail "unfinished line lost: $(cat "$T/o")"
grep -qx "talker | to-stderr" "$T/e" || fail "stderr: $(cat "$T/e")"
exit 0
