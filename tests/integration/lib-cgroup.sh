# Shared by the cgroup tests (sourced after lib.sh). Everything here reads
# the kernel's view: the mounts from /proc/self/mountinfo, a process's
# cgroups from /proc/PID/cgroup, and the cgroup's own files. The same tests
# run on the host (cgroup v1) and in the VM of make check-vm (cgroup v2).

# "TYPE MOUNTPOINT SUPEROPTIONS" for each cgroup mount.
cg_mounts() {
	awk '{ for (i = 7; $i != "-"; i++); t = $(i + 1);
	       if (t == "cgroup" || t == "cgroup2") print t, $5, $(i + 3) }' /proc/self/mountinfo
}

# The mount point of the v1 hierarchy holding a controller.
cg_v1_mount() {
	cg_mounts | awk -v c="$1" '$1 == "cgroup" { n = split($3, o, ",");
		for (i = 1; i <= n; i++) if (o[i] == c) { print $2; exit } }'
}

# The version the plugin uses: 2 when cgroup2 offers memory, 1 when v1
# mounts memory (a hybrid host's controller-less cgroup2 does not count).
CG_V2_MOUNT=$(cg_mounts | awk '$1 == "cgroup2" { print $2; exit }')
if [ -n "$CG_V2_MOUNT" ] && grep -qw memory "$CG_V2_MOUNT/cgroup.controllers" 2>/dev/null; then
	CG_VERSION=2
elif [ -n "$(cg_v1_mount memory)" ]; then
	CG_VERSION=1
else
	CG_VERSION=
fi

# cg_need: skip unless root on a machine with cgroup memory, cpu and pids.
cg_need() {
	need_root "cgroup tests create cgroups"
	[ -n "$CG_VERSION" ] || skip "no cgroup memory controller is mounted (v1 or v2)"
	if [ "$CG_VERSION" = 1 ]; then
		for c in cpu pids; do
			[ -n "$(cg_v1_mount $c)" ] || skip "no cgroup v1 $c controller is mounted"
		done
	else
		grep -qw cpu "$CG_V2_MOUNT/cgroup.controllers" &&
			grep -qw pids "$CG_V2_MOUNT/cgroup.controllers" ||
			skip "cgroup2 offers no cpu or pids controller"
	fi
}

# cg_path PID CONTROLLER: the process's cgroup (as /proc/PID/cgroup says) in
# the hierarchy of that controller (v2: the only one).
cg_path() {
	if [ "$CG_VERSION" = 2 ]; then
		awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup"
	else
		awk -F: -v c="$2" '{ n = split($2, o, ",");
			for (i = 1; i <= n; i++) if (o[i] == c) print $3 }' "/proc/$1/cgroup"
	fi
}

# cg_dir PID CONTROLLER: that cgroup's directory.
cg_dir() {
	local p
	p=$(cg_path "$1" "$2")
	[ -n "$p" ] || fail "no $2 cgroup for pid $1 in /proc/$1/cgroup: $(cat /proc/$1/cgroup)"
	if [ "$CG_VERSION" = 2 ]; then
		echo "$CG_V2_MOUNT$p"
	else
		echo "$(cg_v1_mount "$2")$p"
	fi
}

# cg_expect_path PID CONTROLLER SERVICE: the process is in SERVICE's own
# cgroup, <sysg's own cgroup>/sysg/SERVICE.<sysg pid>.
cg_expect_path() {
	local own want got
	own=$(cg_path "$SYSG_PID" "$2")
	want="${own%/}/sysg/$3.$SYSG_PID"
	got=$(cg_path "$1" "$2")
	[ "$got" = "$want" ] || fail "pid $1 ($3) is in $2 cgroup '$got', expected '$want'"
}

# cg_value PID CONTROLLER V1FILE V2FILE: a control file of the process's cgroup.
cg_value() {
	local d f
	d=$(cg_dir "$1" "$2")
	[ "$CG_VERSION" = 2 ] && f=$4 || f=$3
	cat "$d/$f" || fail "cannot read $d/$f"
}

# cg_key TEXT KEY: the value of "KEY N" in a flat-keyed file's text.
cg_key() {
	echo "$1" | awk -v k="$2" '$1 == k { print $2 }'
}

# cg_service_dirs PID SERVICE: every directory of the service's cgroup (one
# per v1 hierarchy), from /proc/PID/cgroup.
cg_service_dirs() {
	local c d
	if [ "$CG_VERSION" = 2 ]; then
		cg_dir "$1" memory
		return
	fi
	for c in memory cpu cpuacct pids blkio freezer; do
		[ -n "$(cg_v1_mount $c)" ] || continue
		case "$(cg_path "$1" $c)" in
		*/"$2.$SYSG_PID") cg_dir "$1" $c ;;
		esac
	done
}

# cg_cpu_usage_us PID: CPU time the process's cgroup has used, in microseconds.
cg_cpu_usage_us() {
	if [ "$CG_VERSION" = 2 ]; then
		cg_key "$(cat "$(cg_dir "$1" cpu)/cpu.stat")" usage_usec
	else
		echo $(($(cat "$(cg_dir "$1" cpuacct)/cpuacct.usage") / 1000))
	fi
}

# Leftovers of a failed test: a sysg still running is asked to stop (it
# removes its cgroups), then lib.sh's cleanup ends the rest. The test's exit
# status is handed on to cleanup, which exits with the $? it is called with.
cg_cleanup() {
	local status=$?
	if [ -n "$SYSG_PID" ] && kill -0 "$SYSG_PID" 2>/dev/null; then
		kill -TERM "$SYSG_PID" 2>/dev/null
		wait_until 10 '! kill -0 $SYSG_PID 2>/dev/null'
	fi
	for d in $CG_CLEANUP_DIRS; do
		[ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	(exit $status)
	cleanup
}
CG_CLEANUP_DIRS=
trap cg_cleanup EXIT
