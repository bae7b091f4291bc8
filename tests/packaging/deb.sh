#!/bin/sh
# The Debian packages, built and used as a distribution would: build them with
# dpkg-buildpackage from a clean copy of the committed tree (plus uncommitted
# changes to tracked files), lintian them (no errors allowed), unpack them with
# dpkg -x into two fresh directory trees (never onto this machine), and run
# each tree's sysg on a service using isolation.seccomp:
#   - every package: the service runs, filtered (Seccomp: 2 in /proc);
#   - every package but sysg-plugin-seccomp: the service is refused, naming
#     the plugin and its package, and does not run.
# Not part of make check (it takes minutes): `make check-deb`, and a step of
# .ci/run. Needs root (the plugin loader trusts only root-owned files) and
# the build dependencies in debian/control (skips, exit 77, without
# dpkg-buildpackage).
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v dpkg-buildpackage >/dev/null 2>&1 ||
	{ echo "SKIP: dpkg-buildpackage is missing (apt-get install dpkg-dev debhelper lintian)"; exit 77; }
# lib.sh wants the stage's plugin dir; each tree below sets its own.
SYSG_STAGE_PLUGINS=/nonexistent
. "$top_srcdir/tests/integration/lib.sh"
need_root "the plugin loader trusts only root-owned plugin files"
for tool in dh lintian git; do
	command -v $tool >/dev/null 2>&1 || fail "$tool is missing (apt-get install debhelper lintian git)"
done
git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1 ||
	skip "$top_srcdir is not a git checkout (the packages are built from git archive)"

# --- build ------------------------------------------------------------------
# git stash create: a commit of the working tree's tracked files (HEAD when
# nothing is modified), so that what is tested is what would be committed.
rev=$(git -C "$top_srcdir" -c user.name=deb.sh -c user.email=deb.sh@localhost stash create) || fail "git stash create"
mkdir "$T/build" "$T/build/sysg"
git -C "$top_srcdir" archive "${rev:-HEAD}" | tar -x -C "$T/build/sysg" || fail "git archive"
echo "building the packages with dpkg-buildpackage (its log is shown on failure)"
(cd "$T/build/sysg" && dpkg-buildpackage -us -uc -b -Jauto) >"$T/build.log" 2>&1 ||
	{ tail -60 "$T/build.log"; fail "dpkg-buildpackage failed"; }
changes=$(ls "$T"/build/sysg_*.changes) || fail "no .changes file"

# Every binary package of debian/control was built.
for pkg in $(sed -n 's/^Package: //p' "$T/build/sysg/debian/control"); do
	ls "$T/build/${pkg}_"*.deb >/dev/null 2>&1 || fail "package $pkg was not built"
done
# The optional module pulls in its library through ${shlibs:Depends}.
dpkg-deb -f "$T"/build/sysg-plugin-seccomp_*.deb Depends | grep -q libseccomp ||
	fail "sysg-plugin-seccomp does not depend on libseccomp: $(dpkg-deb -f "$T"/build/sysg-plugin-seccomp_*.deb Depends)"

# --- lintian: no errors (warnings are allowed) -------------------------------
lintian --fail-on error "$changes" >"$T/lintian.log" 2>&1 ||
	{ cat "$T/lintian.log"; fail "lintian reports errors"; }
echo "lintian: $(grep -c '^E:' "$T/lintian.log") errors, $(grep -c '^W:' "$T/lintian.log") warnings"

# --- two trees: everything, and everything but sysg-plugin-seccomp ------------
# unpack DIR PACKAGE...: dpkg -x each package's .deb into DIR.
unpack() {
	local dir=$1 pkg
	shift
	(umask 022 && mkdir -p "$dir") || fail "mkdir $dir"
	for pkg in "$@"; do
		dpkg -x "$T"/build/"${pkg}"_*.deb "$dir" || fail "dpkg -x $pkg"
	done
}
all=$(sed -n 's/^Package: //p' "$T/build/sysg/debian/control")
unpack "$T/with" $all
unpack "$T/without" $(echo "$all" | grep -vx sysg-plugin-seccomp)
plugins_of() { # the tree's plugin directory (/usr/lib/<triplet>/sysg/plugins)
	ls -d "$1"/usr/lib/*/sysg/plugins 2>/dev/null || fail "no plugin directory in $1"
}
[ -f "$(plugins_of "$T/with")/seccomp.so" ] || fail "seccomp.so is not in sysg-plugin-seccomp's plugin directory"
[ -f "$(plugins_of "$T/without")/seccomp.so" ] && fail "seccomp.so is in the tree without sysg-plugin-seccomp"

cat >"$T/seccomp.yaml" <<YAML
services:
  filtered:
    command: "echo \$\$ >$T/filtered.pid; exec sleep 60"
    isolation:
      seccomp: baseline
YAML

# With the package: the service runs under a seccomp filter (from the kernel).
SYSG="$T/with/usr/bin/sysg"
export SYSG_PLUGIN_DIR="$(plugins_of "$T/with")"
"$SYSG" plugins >"$T/plugins.out" 2>&1 || { cat "$T/plugins.out"; fail "sysg plugins failed"; }
grep -q "seccomp" "$T/plugins.out" || { cat "$T/plugins.out"; fail "sysg plugins does not list seccomp"; }
start_sysg "$T/seccomp.yaml"
pid=$(service_pid filtered)
[ "$(status_field "$pid" Seccomp)" = 2 ] ||
	fail "the service runs with Seccomp: $(status_field "$pid" Seccomp), expected 2 (filter)"
stop_sysg
echo "with sysg-plugin-seccomp: the service runs filtered (Seccomp: 2)"
rm -f "$T/filtered.pid"

# Without it: refused with the plugin's name, at the key's position; nothing ran.
SYSG="$T/without/usr/bin/sysg"
export SYSG_PLUGIN_DIR="$(plugins_of "$T/without")"
expected="$T/seccomp.yaml:5:16: services.filtered.isolation.seccomp: needs plugin 'seccomp', which is not installed (searched: $SYSG_PLUGIN_DIR); the service cannot run without it (install the package sysg-plugin-seccomp)"
for cmd in validate start; do
	"$SYSG" $cmd -c "$T/seccomp.yaml" >"$T/$cmd.out" 2>&1
	rc=$?
	[ "$rc" = 1 ] || { cat "$T/$cmd.out"; fail "$cmd without sysg-plugin-seccomp exited $rc, expected 1"; }
	grep -qF -- "$expected" "$T/$cmd.out" ||
		{ cat "$T/$cmd.out"; fail "$cmd did not say: $expected"; }
done
[ -e "$T/filtered.pid" ] && fail "the service ran without its seccomp plugin"
echo "without sysg-plugin-seccomp: refused: $expected"
exit 0
