#!/bin/busybox sh
# /init of the check-vm guest: mount what a system has, cgroup v2 at
# /sys/fs/cgroup with cpu, memory, pids and io handed to its children (the
# kernel runs with cgroup_no_v1=all), run the cgroup integration tests with
# the same shell and the same library as on the host, and report the status
# to qemu through isa-debug-exit (port 0xf4).
/bin/busybox --install -s /bin
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=1777 tmpfs /tmp
echo "sysg-vm: kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 " kB" }' /proc/meminfo)"

finish() {
	echo "sysg-vm: status $1"
	# One byte to port 0xf4: qemu exits with (status << 1) | 1.
	printf "\\$(printf %o "$1")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	echo "sysg-vm: isa-debug-exit did not stop qemu"
	poweroff -f
}

mount -t cgroup2 none /sys/fs/cgroup || { echo "sysg-vm: cannot mount cgroup2"; finish 1; }
echo "sysg-vm: cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
for c in cpu memory pids io; do
	echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control || { echo "sysg-vm: cannot enable $c"; finish 1; }
done
grep -q " - cgroup " /proc/self/mountinfo && { echo "sysg-vm: a cgroup v1 hierarchy is mounted"; finish 1; }

{ read -r bindir; read -r plugindir; } </sysg-tests/paths
export SYSG="$bindir/sysg" SYSG_STAGE_PLUGINS="$plugindir" SYSG_TEST_HELPERS=/sysg-tests/helpers
export top_srcdir=/sysg-tests
failed=0
passed=0
for t in /sysg-tests/tests/integration/cgroup-*.sh; do
	name=${t##*/}
	t0=$(date +%s)
	dash "$t" >/tmp/test.log 2>&1
	rc=$?
	took=$(($(date +%s) - t0))
	case $rc in
	0)
		echo "sysg-vm: PASS: $name (${took} s)"
		sed 's/^/sysg-vm:   /' /tmp/test.log
		passed=$((passed + 1))
		;;
	77) echo "sysg-vm: SKIP: $name: $(tail -n 1 /tmp/test.log)"; failed=$((failed + 1)) ;;
	*)
		echo "sysg-vm: FAIL: $name (exit $rc, ${took} s)"
		sed 's/^/sysg-vm:   /' /tmp/test.log
		failed=$((failed + 1))
		;;
	esac
done
# A skip counts as a failure: this guest exists to run these tests.
echo "sysg-vm: $passed passed, $failed failed or skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ] && finish 0
finish 1
