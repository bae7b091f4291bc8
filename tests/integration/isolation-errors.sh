#!/bin/sh
# Every error a user can reach through isolation.*: bad values refused by
# `sysg validate` with their positions (nothing runs), and namespaces sysg
# may not make: sysg as nobody without isolation.user is refused for a
# network namespace (in the child, by the kernel) and a PID namespace
# (before the clone) with the seed's hint, a map an unprivileged sysg may
# not write is refused naming the map, and a machine that allows no user
# namespace is named as the cause; a PID namespace whose init may not make
# the service (pids_max: 1 in its cgroup) is reported with the kernel's
# reason. Each time the refused service's program does not run, and a plain
# service next to it does.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
. "$top_srcdir/tests/integration/lib-isolation.sh"
. "$top_srcdir/tests/integration/lib-cgroup.sh"
need_root "the test runs sysg as nobody (setpriv)"
iso_need
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
run=$(shared_dir)

# bad NAME 'ISOLATION' MESSAGE: validate refuses it and starts nothing.
bad() {
	printf 'services:\n  web:\n    command: "touch %s/ran"\n    isolation: %s\n' "$run" "$2" >"$T/$1.yaml"
	"$SYSG" validate -c "$T/$1.yaml" >"$T/$1.out" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$1.out"; fail "$1: validate exited $rc, expected 1"; }
	grep -qF -- "$3" "$T/$1.out" || { cat "$T/$1.out"; fail "$1: no '$3' in the output"; }
	[ -e "$run/ran" ] && fail "$1: validate started the service"
	return 0
}
bad bool "{ network: yes-please }" \
	"bool.yaml:4:27: services.web.isolation.network: expected true or false, got 'yes-please'"
bad list "{ pid: [true] }" "list.yaml:4:23: services.web.isolation.pid: expected true or false, got a list"
bad unknown "{ netwrok: true }" "unknown.yaml:4:27: services.web.isolation.netwrok: unknown key 'netwrok'"
bad host "{ uts: true, hostname: \"-box\" }" \
	"host.yaml:4:39: services.web.isolation.hostname: '-box' is not a hostname"
bad hostlong "{ uts: true, hostname: $(printf 'a%.0s' $(seq 65)) }" \
	"services.web.isolation.hostname: '$(printf 'a%.0s' $(seq 65))' is not a hostname (1 to 64 letters"
bad nouts "{ hostname: box }" \
	"nouts.yaml:4:28: services.web.isolation.hostname: a hostname needs isolation.uts: true"
bad nouser "{ user_map: [\"0 0 1\"] }" \
	"nouser.yaml:4:28: services.web.isolation.user_map: a map needs isolation.user: true"
bad mapsyntax "{ user: true, user_map: [\"0 0 1\", \"zero 1 1\"] }" \
	"mapsyntax.yaml:4:50: services.web.isolation.user_map[1]: 'zero 1 1' is not \"INSIDE OUTSIDE COUNT\""
bad overlap "{ user: true, group_map: [\"0 0 10\", \"5 100 1\"] }" \
	"overlap.yaml:4:52: services.web.isolation.group_map[1]: '5 100 1': its inside ids overlap entry 1's"
bad unmapped "{ user: true, user_map: [\"1 100000 10\"] }" \
	"unmapped.yaml:4:40: services.web.isolation.user_map: the service runs as uid 0, which this map must take to itself"

# sysg as nobody, without capabilities and without isolation.user.
sysg=$(helper_sysg)
as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups $(user_xdg_env 65534)"
# two_services NAME 'ISOLATION' ['KEY: VALUE']: $T/NAME.yaml, where boxed
# (with that isolation, and the key) would touch NAME-ran and plain
# touches NAME-plain, each once.
two_services() {
	cat >"$T/$1.yaml" <<YAML
services:
  boxed:
    command: "touch $run/$1-ran"
    restart_policy: never
    isolation: $2
    ${3:-}
  plain:
    command: "touch $run/$1-plain"
    restart_policy: never
YAML
}
# expect_refused NAME RC MESSAGE: that sysg (stderr in $T/NAME.log) exited
# RC = 1 saying MESSAGE, boxed did not run and plain did.
expect_refused() {
	SYSG_LOG="$T/$1.log"
	[ "$2" = 1 ] || fail "$1: sysg exited $2, expected 1"
	assert_contains "$T/$1.log" "$3"
	[ -e "$run/$1-ran" ] && fail "$1: the refused service ran"
	[ -e "$run/$1-plain" ] || fail "$1: plain did not run"
	return 0
}
# refused NAME 'ISOLATION' MESSAGE: as nobody.
refused() {
	two_services "$1" "$2"
	$as_nobody "$sysg" start -c "$T/$1.yaml" >"$T/$1.out" 2>"$T/$1.log"
	expect_refused "$1" $? "$3"
}
hint="Permission denied on namespace creation: add CAP_SYS_ADMIN, or run sysg as root, or set isolation.user: true"
refused network "{ network: true }" \
	"boxed: cannot start: isolation (prio 300, namespaces): isolation.network: cannot create a new network namespace: $hint"
assert_contains "$T/network.log" ": Operation not permitted$"
assert_contains "$T/network.log" "network.yaml:5:16: services.boxed.isolation: sysg lacks CAP_SYS_ADMIN"
refused pid "{ pid: true }" "boxed: cannot start: isolation.pid: cannot create a new PID namespace: $hint"
refused mount "{ mount: true, ipc: true }" \
	"boxed: cannot start: isolation (prio 300, namespaces): isolation.mount: cannot create a new mount namespace: $hint"
# With isolation.user the same namespaces are made; a map that takes
# another uid than sysg's own is the kernel's to refuse.
refused map "{ user: true, network: true, user_map: [\"65534 65534 1\", \"0 0 1\"] }" \
	"boxed: cannot start: isolation.user: writing '65534 65534 1;0 0 1' to /proc/"
assert_contains "$T/map.log" "/uid_map (isolation.user_map): Operation not permitted (a sysg without CAP_SETUID and CAP_SETGID may map only its own uid and gid, count 1)"

# A machine that allows no user namespace (here sysg runs as root in a user
# namespace of its own, whose limit it may lower): isolation.user is refused
# with the setting to change, before the clone.
if unshare -U -r true 2>/dev/null; then
	two_services nouserns "{ user: true }"
	unshare -U -r sh -c "echo 0 >/proc/sys/user/max_user_namespaces && exec '$SYSG' start -c '$T/nouserns.yaml'" \
		>"$T/nouserns.out" 2>"$T/nouserns.log"
	expect_refused nouserns $? "boxed: cannot start: isolation.user: cannot create a new user namespace: this machine allows none (/proc/sys/user/max_user_namespaces is 0; raise it with sysctl user.max_user_namespaces)"
else
	echo "note: no user namespace for the test itself; the max_user_namespaces refusal is not checked"
fi

# As root: the namespace's init is the one process its cgroup allows, so
# the service cannot be made.
if [ -f "$SYSG_STAGE_PLUGINS/cgroup.so" ] && [ -n "$CG_VERSION" ]; then
	two_services pidsmax "{ pid: true }" "limits: { cgroup: { pids_max: 1 } }"
	"$SYSG" start -c "$T/pidsmax.yaml" >"$T/pidsmax.out" 2>"$T/pidsmax.log"
	expect_refused pidsmax $? "boxed: cannot start: isolation (prio 300, namespaces): isolation.pid: forking the service off the namespace's init: Resource temporarily unavailable"
else
	echo "note: no cgroup plugin or controllers; the init that may not fork is not checked"
fi
exit 0
