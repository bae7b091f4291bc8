#!/bin/sh
# sysg plugins lists the plugins found with their keys and the hooks in run
# order (the core's steps among them); a bad plugin is refused by name.
. "$top_srcdir/tests/integration/lib.sh"
need_root "the loader's ownership checks assume root-owned test files"
dir=$(test_plugin_dir good failhook)

# Only the test plugins: the installed ones (cgroup, caps, ...) add hooks.
printf 'plugins:\n  path: [%s]\n  load: [good, failhook]\nservices:\n  a: {command: "true"}\n' "$dir" >"$T/sysg.yaml"
"$SYSG" plugins -c "$T/sysg.yaml" >"$T/out" 2>&1 || { cat "$T/out"; fail "sysg plugins failed"; }
assert_contains "$T/out" "good 1.0  $dir/good.so"
assert_contains "$T/out" "keys: test.good"
# Hook order: by priority, then plugin name, then the plugin's own order.
grep -E '^ +[0-9]+ ' "$T/out" | awk '{print $1, $2, $3}' | tr '\n' ';' >"$T/order"
[ "$(cat "$T/order")" = "450 failhook refuse;450 good first;450 good second;500 core credentials;550 core working-dir;700 core no-new-privs;790 core fd-limit;900 core exec;" ] ||
	fail "hook order: $(cat "$T/order")"

# Refusals, each naming the file (and both values where there are two).
refused() { # plugin expected-message
	d=$(test_plugin_dir good "$1")
	printf 'plugins:\n  path: [%s]\nservices:\n  a: {command: "true"}\n' "$d" >"$T/bad.yaml"
	"$SYSG" plugins -c "$T/bad.yaml" >"$T/bad.out" 2>&1
	[ $? = 1 ] || { cat "$T/bad.out"; fail "$1 was not refused"; }
	grep -qF -- "$2" "$T/bad.out" || { cat "$T/bad.out"; fail "$1: no '$2'"; }
	rm -f "$d/$1.so"
}
refused badabi "$T/plugins/badabi.so: plugin ABI 999, but this sysg speaks ABI 1"
refused shortsize "$T/plugins/shortsize.so: plugin descriptor is 16 bytes, sysg needs at least"
refused noentry "$T/plugins/noentry.so: not a sysg plugin: it does not export sysg_plugin_entry()"
refused dupname "duplicate plugin name 'good': $T/plugins/dupname.so and $T/plugins/good.so"
refused dupkey "config key 'test.good' is owned by two plugins"

# plugins.load names a plugin that is not there: an error listing the search.
printf 'plugins:\n  path: [%s]\n  load: [good, nosuch]\nservices:\n  a: {command: "true"}\n' "$dir" >"$T/load.yaml"
"$SYSG" validate -c "$T/load.yaml" >"$T/load.out" 2>&1
[ $? = 1 ] || fail "a missing plugins.load entry was accepted"
assert_contains "$T/load.out" "plugin 'nosuch' (plugins.load) not found: no nosuch.so in $dir, $SYSG_STAGE_PLUGINS"

# A group-writable plugin file is refused.
d=$(test_plugin_dir good)
chmod 0775 "$d/good.so"
printf 'plugins:\n  path: [%s]\nservices:\n  a: {command: "true"}\n' "$d" >"$T/perm.yaml"
"$SYSG" validate -c "$T/perm.yaml" >"$T/perm.out" 2>&1
[ $? = 1 ] || fail "a group-writable plugin was loaded"
assert_contains "$T/perm.out" "$d/good.so: refusing to load the plugin: it is writable by its group (mode 0775)"
exit 0
