#!/bin/sh
# make check-vm: the cgroup integration tests again, inside a qemu guest
# whose kernel has cgroup v2 with every controller (this project's hosts
# mount the controllers on v1, so only a VM can show the v2 path working).
#
# The guest is Debian's own kernel (the package linux-image-amd64 depends
# on, downloaded and unpacked, never installed) and an initramfs holding
# busybox, the staged sysg and its plugins, the test scripts and helpers,
# the few host tools the tests use (dash, coreutils date, procps, util-linux)
# and the shared libraries all of them load. tests/vm/init.sh runs the tests
# there and reports its exit status through qemu's isa-debug-exit device.
#
# Environment (set by make): STAGE, bindir, plugindir, SYSG_TEST_HELPERS,
# top_srcdir, VM_WORK (a directory for the kernel and the initramfs).
# Exit: 0 pass, 1 fail, 77 skip (with the reason).
set -u
: "${STAGE:?}" "${bindir:?}" "${plugindir:?}" "${SYSG_TEST_HELPERS:?}" "${top_srcdir:?}" "${VM_WORK:?}"
export DEBIAN_FRONTEND=noninteractive
# Emulation (TCG) boots the kernel in ~4 s; the tests take a minute or two.
VM_TIMEOUT=${VM_TIMEOUT:-600}

say() { echo "check-vm: $*"; }
skip() {
	say "SKIP: $*"
	exit 77
}
die() {
	say "FAIL: $*"
	exit 1
}

# --- What the host needs: qemu and a busybox ----------------------------------
apt_install() {
	[ "$(id -u)" = 0 ] || skip "needs root to install $* (apt-get)"
	say "installing $*"
	apt-get install -y -q --no-install-recommends "$@" >"$VM_WORK/apt.log" 2>&1 ||
		{ apt-get update -q >>"$VM_WORK/apt.log" 2>&1 &&
			apt-get install -y -q --no-install-recommends "$@" >>"$VM_WORK/apt.log" 2>&1; } ||
		{ cat "$VM_WORK/apt.log"; skip "cannot install $* with apt-get"; }
}
mkdir -p "$VM_WORK" || die "cannot create $VM_WORK"
command -v qemu-system-x86_64 >/dev/null || apt_install qemu-system-x86
[ -x /bin/busybox ] || apt_install busybox-static
[ "$(uname -m)" = x86_64 ] || skip "the guest is x86_64 and this host is $(uname -m)"

# --- The kernel: Debian's, unpacked from its package -------------------------
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}
pkg=$(kernel_package)
if [ -z "$pkg" ]; then
	[ "$(id -u)" = 0 ] && apt-get update -q >"$VM_WORK/apt.log" 2>&1
	pkg=$(kernel_package)
fi
[ -n "$pkg" ] || skip "apt knows no linux-image-amd64 (no package lists, no network?)"
kernel="$VM_WORK/$pkg.vmlinux"
if [ ! -s "$kernel" ]; then
	dl="$VM_WORK/download"
	rm -rf "$dl" && mkdir -p "$dl" || die "cannot create $dl"
	say "downloading $pkg"
	(cd "$dl" && apt-get download -q "$pkg" >download.log 2>&1) ||
		{ cat "$dl/download.log"; skip "cannot download $pkg"; }
	dpkg-deb -x "$dl"/"$pkg"_*.deb "$dl/unpacked" || die "cannot unpack $pkg"
	vmlinuz=$(ls "$dl"/unpacked/boot/vmlinuz-* | head -1)
	[ -f "$vmlinuz" ] || die "no vmlinuz in $pkg"
	# The bzImage holds an xz-compressed ELF vmlinux, which qemu boots
	# directly (PVH) about 5 s sooner than the bzImage; fall back to the
	# bzImage when it cannot be found.
	offset=$(LC_ALL=C grep -obUa "$(printf '\3757zXZ')" "$vmlinuz" | head -1 | cut -d: -f1)
	rm -f "$kernel.tmp"
	# xz complains about the bytes after its stream: judge by the result.
	unxz="xz -dc"
	command -v xz >/dev/null || unxz="busybox unxz -c"
	[ -n "$offset" ] && tail -c +$((offset + 1)) "$vmlinuz" | $unxz >"$kernel.tmp" 2>/dev/null
	if [ "$(head -c 4 "$kernel.tmp" 2>/dev/null | tail -c 3)" = ELF ]; then
		mv "$kernel.tmp" "$kernel"
	else
		cp "$vmlinuz" "$kernel"
	fi
	rm -rf "$dl" "$kernel.tmp"
fi

# --- The initramfs ---------------------------------------------------------------
root="$VM_WORK/root"
rm -rf "$root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/etc" \
	"$root/sysg-tests/tests/integration" "$root/sysg-tests/helpers" || die "cannot create $root"
cp /bin/busybox "$root/bin/busybox" || die "cannot copy busybox"
# The installed layout (make install DESTDIR=STAGE) at its real paths.
cp -a "$STAGE/." "$root/" || die "cannot copy the stage $STAGE"
cp "$top_srcdir"/tests/integration/lib.sh "$top_srcdir"/tests/integration/lib-cgroup.sh \
	"$top_srcdir"/tests/integration/cgroup-*.sh "$root/sysg-tests/tests/integration/" ||
	die "cannot copy the tests"
cp "$SYSG_TEST_HELPERS"/cg-* "$SYSG_TEST_HELPERS"/sigcount "$root/sysg-tests/helpers/" || die "cannot copy the helpers"
cp "$top_srcdir/tests/vm/init.sh" "$root/init" && chmod 0755 "$root/init" || die "no init"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
# Host tools the tests use where busybox differs (date +%N, pgrep, ps -o,
# setpriv, unshare --propagation, mount -o remount,bind), and dash to run
# the tests with the same shell as on the host.
binaries=""
for t in dash date pgrep ps setpriv unshare mount umount; do
	p=$(command -v "$t") || die "the host has no $t"
	p=$(readlink -f "$p")
	cp -L --parents "$p" "$root/" || die "cannot copy $p"
	binaries="$binaries $p"
done
# Everything dynamic brings its shared libraries, at the same paths.
for f in $binaries /bin/busybox "$root$bindir"/* "$root$plugindir"/*.so "$root"/sysg-tests/helpers/*; do
	ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }'
done | sort -u | while read -r lib; do
	cp -L --parents "$lib" "$root/" || exit 1
done || die "cannot copy the shared libraries"
printf '%s\n%s\n%s\n' "$bindir" "$plugindir" "$top_srcdir" >"$root/sysg-tests/paths"
(cd "$root" && find . | busybox cpio -o -H newc -R 0:0 2>/dev/null | gzip -1) >"$VM_WORK/initrd.gz" ||
	die "cannot build the initramfs"
say "kernel $pkg, initramfs $(du -k "$VM_WORK/initrd.gz" | cut -f1) KiB"

# --- Boot ----------------------------------------------------------------------------
# TCG: this machine's /dev/kvm (where present) cannot boot a stock kernel.
# Under TCG the guest kernel has been seen to lock up before any test ran
# ("watchdog: BUG: soft lockup - CPU#0 stuck for 26s!", both vCPUs, the
# same image passing on the runs before and after): that is the emulator,
# not sysg (no user-space program can stall a CPU in the kernel). boot()
# stops such a guest as soon as its console says so, and it is booted once
# more; a second lockup fails.
boot() {
	timeout "$VM_TIMEOUT" qemu-system-x86_64 -accel tcg -m 1024 -smp 2 \
		-kernel "$kernel" -initrd "$VM_WORK/initrd.gz" \
		-append "console=ttyS0 quiet panic=-1 cgroup_no_v1=all" \
		-nographic -nodefaults -no-reboot -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >"$VM_WORK/console.log" 2>&1 &
	qemu=$!
	while kill -0 "$qemu" 2>/dev/null; do
		if grep -q "soft lockup" "$VM_WORK/console.log"; then
			kill "$qemu"
			wait "$qemu"
			return 200
		fi
		sleep 2
	done
	wait "$qemu"
}
start=$(date +%s)
boot
rc=$?
if [ "$rc" = 200 ]; then
	say "the guest kernel locked up under TCG before the tests finished: $(tr -d '\r' <"$VM_WORK/console.log" | grep -m1 'soft lockup')"
	mv "$VM_WORK/console.log" "$VM_WORK/console-lockup.log"
	say "booting it once more (the first console is in $VM_WORK/console-lockup.log)"
	start=$(date +%s)
	boot
	rc=$?
	[ "$rc" != 200 ] || die "the guest kernel locked up again under TCG (console: $VM_WORK/console.log)"
fi
tr -d '\r' <"$VM_WORK/console.log" | sed -n '/^sysg-vm:/,$p'
say "qemu exited $rc after $(($(date +%s) - start)) s (console: $VM_WORK/console.log)"
# isa-debug-exit: qemu exits with (status << 1) | 1.
case $rc in
3) say "the guest's status is 1: a test failed" ;;
1) exit 0 ;;
155) skip "the guest skipped the tests" ;;
124) die "the guest did not finish within $VM_TIMEOUT s" ;;
*)
	tail -n 40 "$VM_WORK/console.log"
	die "qemu exited $rc: the guest never reported (it did not boot, or /init failed)"
	;;
esac
exit 1
