#!/bin/sh
# The out-of-tree example plugin builds against the installed SDK alone
# (the staged `make install`: header and sysg-plugin.pc), loads, runs at its
# declared priority, and its key is validated with positions.
. "$top_srcdir/tests/integration/lib.sh"
command -v pkg-config >/dev/null || skip "no pkg-config"
[ -f "$SYSG_STAGE_PKGCONFIG/sysg-plugin.pc" ] || fail "sysg-plugin.pc was not installed"

cp -r "$top_srcdir/examples/plugins/hello" "$T/hello"
chmod -R u+w "$T/hello"
export PKG_CONFIG_PATH="$SYSG_STAGE_PKGCONFIG" PKG_CONFIG_SYSROOT_DIR="$SYSG_STAGE"
[ "$(pkg-config --variable=abi sysg-plugin)" = 1 ] || fail "abi variable: $(pkg-config --variable=abi sysg-plugin)"
pkg-config --variable=plugindir sysg-plugin | grep -q "/sysg/plugins$" || fail "plugindir variable"
make -C "$T/hello" >"$T/build" 2>&1 || { cat "$T/build"; fail "hello did not build"; }
# Built with the staged header, never the source tree's.
grep -q -- "-I$SYSG_STAGE/" "$T/build" || fail "not built against the installed SDK: $(cat "$T/build")"
grep -q -- "$top_srcdir/include" "$T/build" && fail "built against the source tree"
nm -D --defined-only "$T/hello/hello.so" | awk '$2 == "T" {print $3}' >"$T/exports"
[ "$(cat "$T/exports")" = sysg_plugin_entry ] || fail "hello exports more than its entry: $(cat "$T/exports")"
make -C "$T/hello" install DESTDIR="$T/inst" PLUGINDIR=/plugins >/dev/null || fail "make install"
dir="$T/inst/plugins"
chmod 0755 "$T/inst" "$dir"

cat >"$T/sysg.yaml" <<YAML
plugins:
  path: [$dir]
services:
  niced:
    exec: [sleep, "1001"]
    hello: { nice: 7 }
  plain:
    exec: [sleep, "1002"]
YAML
"$SYSG" plugins -c "$T/sysg.yaml" >"$T/plugins" || fail "sysg plugins"
grep -Eq "^ +490  hello +nice$" "$T/plugins" || fail "hello's hook not at 490: $(cat "$T/plugins")"
start_sysg "$T/sysg.yaml"
niced=$(child_pid "sleep 1001")
plain=$(child_pid "sleep 1002")
# Field 19 of /proc/PID/stat is the nice value.
[ "$(awk '{print $19}' "/proc/$niced/stat")" = 7 ] || fail "nice of $niced: $(awk '{print $19}' "/proc/$niced/stat")"
# The plain one keeps the nice value it inherits (the test's own: make may
# run under nice).
[ "$(awk '{print $19}' "/proc/$plain/stat")" = "$(awk '{print $19}' /proc/$$/stat)" ] ||
	fail "the plain service was niced too"
stop_sysg

printf 'plugins:\n  path: [%s]\nservices:\n  a:\n    exec: [sleep, "1"]\n    hello: { nice: 42 }\n' "$dir" >"$T/bad.yaml"
"$SYSG" validate -c "$T/bad.yaml" >"$T/bad" 2>&1 && fail "nice 42 accepted"
assert_contains "$T/bad" "bad.yaml:6:20: services.a.hello.nice: expected an integer from -20 to 19, got '42'"
printf 'plugins:\n  path: [%s]\nservices:\n  a:\n    exec: [sleep, "1"]\n    hello: { nise: 1 }\n' "$dir" >"$T/typo.yaml"
"$SYSG" validate -c "$T/typo.yaml" >"$T/typo" 2>&1 && fail "a typo accepted"
assert_contains "$T/typo" "typo.yaml:6:20: services.a.hello.nise: unknown key 'nise' (expected one of: nice)"
exit 0
