#!/bin/sh
# Every isolation.landlock mistake a user can make: the message (with its
# file:line:column), and nothing started. Then the kernel side for real: a
# kernel without Landlock (the system calls answering ENOSYS or EOPNOTSUPP
# under a seccomp filter, as on a kernel built without it or with it off)
# refuses the service, and so does a hook failure at start.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin landlock

# Listed, with its step after the core's no_new_privs (700).
"$SYSG" plugins -c /nonexistent >"$T/plugins.out" 2>&1 || { cat "$T/plugins.out"; fail "sysg plugins failed"; }
assert_contains "$T/plugins.out" "keys: isolation.landlock"
grep -E '^ +[0-9]+ ' "$T/plugins.out" | awk '{print $1, $2}' | grep -A1 '^700 core$' | grep -q '^750 landlock$' ||
	{ cat "$T/plugins.out"; fail "the landlock step does not follow no-new-privs at 750"; }

# Everything below needs the plugin's probe of the kernel's Landlock.
no_valgrind "valgrind 3.19 cannot run landlock_create_ruleset (it says: WARNING: unhandled amd64-linux syscall: 444), so the plugin finds no Landlock"

# refused NAME 'LANDLOCK (YAML flow)' EXPECTED: validate and start both
# refuse the service with the message; no service ran.
refused() {
	cat >"$T/$1.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    isolation: { landlock: $2 }
  other:
    command: "touch $T/ran-other"
YAML
	config_refused "$1" "$3"
	return 0
}

all="exec_paths: [/usr, /bin, /lib]"
refused missing "{ $all, ro_paths: [/etc, $T/nonexistent] }" \
	"missing.yaml:4:79: services.web.isolation.landlock.ro_paths[1]: cannot open $T/nonexistent: No such file or directory"
refused relative "{ $all, rw_paths: [data] }" \
	"relative.yaml:4:73: services.web.isolation.landlock.rw_paths[0]: 'data' is not an absolute path (Landlock rules name files from the root)"
refused scalar "{ $all, ro_paths: /etc }" \
	"scalar.yaml:4:72: services.web.isolation.landlock.ro_paths: expected a list of absolute paths, e.g. [/etc, /usr]"
refused item "{ $all, ro_paths: [{ path: /etc }] }" \
	"item.yaml:4:73: services.web.isolation.landlock.ro_paths[0]: expected a string, got a mapping"
refused notmap "true" \
	"notmap.yaml:4:28: services.web.isolation.landlock: expected a mapping of path lists: { ro_paths: [...], rw_paths: [...], exec_paths: [...] }"
refused subkey "{ $all, read_paths: [/etc] }" \
	"subkey.yaml:4:74: services.web.isolation.landlock.read_paths: unknown key 'read_paths' (expected one of: ro_paths, rw_paths, exec_paths)"
# rw_paths never grant execute; ro_paths and exec_paths do.
refused noexec "{ rw_paths: [/usr, /bin, /lib] }" \
	"noexec.yaml:4:28: services.web.isolation.landlock: the service's program /bin/sh"
refused noexec2 "{ ro_paths: [/etc], exec_paths: [/var] }" \
	"noexec2.yaml:4:40: services.web.isolation.landlock.ro_paths: the service's program /bin/sh"
assert_contains "$T/noexec2.out" "is not beneath any of ro_paths or exec_paths, so Landlock would stop its exec: add it (or a directory above it, e.g. /usr) to ro_paths"

cat >"$T/settings.yaml" <<YAML
plugins:
  landlock: { abi: 1 }
services:
  web:
    command: "touch $T/ran-web"
YAML
refused_settings() {
	"$SYSG" validate -c "$T/settings.yaml" >"$T/settings.out" 2>&1 && fail "plugin settings were accepted"
	assert_contains "$T/settings.out" "settings.yaml:2:13: plugins.landlock: the landlock plugin takes no settings"
}
refused_settings

# No Landlock in the kernel: refused at load, naming service, key and plugin.
cat >"$T/kernel.yaml" <<YAML
services:
  web:
    command: "touch $T/ran-web"
    isolation:
      landlock: { exec_paths: [/usr, /bin, /lib], ro_paths: [/etc] }
YAML
nol=$(helper no-landlock)
"$nol" "$SYSG" validate -c "$T/kernel.yaml" >"$T/enosys.out" 2>&1
[ $? = 1 ] || { cat "$T/enosys.out"; fail "validate without Landlock did not refuse"; }
assert_contains "$T/enosys.out" "kernel.yaml:5:17: services.web.isolation.landlock: landlock is not supported by this kernel (it was built without CONFIG_SECURITY_LANDLOCK); the landlock plugin cannot confine 'web', so it will not run"
"$nol" -e 95 "$SYSG" start -c "$T/kernel.yaml" >"$T/eopnotsupp.out" 2>&1
[ $? = 1 ] || { cat "$T/eopnotsupp.out"; fail "start without Landlock did not refuse"; }
assert_contains "$T/eopnotsupp.out" "services.web.isolation.landlock: landlock is not supported by this kernel (it is built in but not enabled: add landlock to the lsm= boot parameter)"
[ -e "$T/ran-web" ] && fail "web ran without Landlock"

# What the config check cannot see: a bare program name, looked up in the
# service's PATH only at start. The kernel refuses the exec (EACCES) once
# the ruleset is in force; the service does not run, the others do.
need_root "starting services"
cat >"$T/bare.yaml" <<YAML
services:
  bare:
    exec: [touch, $T/ran-bare]
    restart_policy: never
    isolation:
      landlock: { exec_paths: [$T], rw_paths: [$T] }
  other:
    command: "touch $T/ran-other; exec sleep 3072"
YAML
start_sysg "$T/bare.yaml"
wait_until 10 "grep -q 'bare: cannot start' '$SYSG_LOG'" || fail "bare was not refused"
grep -Eq "bare: cannot start: core \\(prio 900, exec\\): execve /[a-z/]*/touch: Permission denied" "$SYSG_LOG" ||
	fail "bare: no execve ... Permission denied"
child_pid "sleep 3072" >/dev/null
[ -e "$T/ran-other" ] || fail "the other service did not run"
[ -e "$T/ran-bare" ] && fail "bare ran"
stop_sysg
exit 0
