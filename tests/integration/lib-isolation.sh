# Shared by the isolation tests (sourced after lib.sh and lib-limits.sh).
# Everything is read from /proc: a process's namespaces from
# /proc/PID/ns/KIND, its pids in every namespace from NSpid in
# /proc/PID/status, its id maps from /proc/PID/uid_map.

# iso_need: skip unless the isolation plugin is built.
iso_need() {
	need_plugin isolation
}

# is_descendant PID ANCESTOR: PID's chain of parents reaches ANCESTOR.
is_descendant() {
	local p=$1
	while [ -n "$p" ] && [ "$p" -gt 1 ]; do
		p=$(awk '$1 == "PPid:" { print $2 }' "/proc/$p/status" 2>/dev/null)
		[ "$p" = "$2" ] && return 0
	done
	return 1
}

# service_proc PATTERN: the pid (in sysg's namespace) of the process of this
# test's sysg whose command line matches PATTERN. In a PID namespace it is
# not sysg's child but its grandchild (sysg's child is the namespace's init).
find_service_proc() {
	for p in $(pgrep -f -- "$1"); do
		[ "$p" != "$$" ] && is_descendant "$p" "$SYSG_PID" && echo "$p" && return 0
	done
	return 1
}
service_proc() {
	wait_until 10 "find_service_proc '$1' >/dev/null" || fail "no process of sysg matches '$1'"
	find_service_proc "$1"
}

# ns PID KIND: the namespace's identity, e.g. net:[4026531840].
ns() {
	readlink "/proc/$1/ns/$2"
}

# expect_ns PID "KINDS": PID's namespaces of these kinds differ from sysg's,
# and every other kind is sysg's own.
expect_ns() {
	for k in net pid mnt uts ipc cgroup user; do
		case " $2 " in
		*" $k "*)
			[ "$(ns "$1" $k)" != "$(ns "$SYSG_PID" $k)" ] ||
				fail "pid $1 shares sysg's $k namespace ($(ns "$1" $k)), expected its own" ;;
		*)
			[ "$(ns "$1" $k)" = "$(ns "$SYSG_PID" $k)" ] ||
				fail "pid $1 has its own $k namespace ($(ns "$1" $k)), expected sysg's ($(ns "$SYSG_PID" $k))" ;;
		esac
	done
}

# pid_parent PID: its parent's pid.
pid_parent() {
	awk '$1 == "PPid:" { print $2 }' "/proc/$1/status"
}
