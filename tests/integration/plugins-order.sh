#!/bin/sh
# `sysg plugins` with every plugin this build installs: the pre-exec hooks
# in DESIGN.md's order (its "Hook order" table, copied below, with the
# RLIMIT_NOFILE steps at 790 that this project added: see plugin.h), each
# plugin's step at its number. A plugin left out by configure drops its
# rows; nothing else may move.
. "$top_srcdir/tests/integration/lib.sh"

# prio plugin, as DESIGN.md's table has them.
cat >"$T/design" <<'TABLE'
100 cgroup
200 limits
300 isolation
400 private-devices
400 private-tmp
480 caps
500 core
520 caps
550 core
600 apparmor
600 selinux
700 core
750 landlock
790 core
790 limits
800 seccomp
900 core
TABLE
: >"$T/expected"
while read -r prio name; do
	[ "$name" = core ] || [ -f "$SYSG_STAGE_PLUGINS/$name.so" ] || continue
	echo "$prio $name" >>"$T/expected"
done <"$T/design"
[ "$(grep -vc ' core$' "$T/expected")" -ge 1 ] || skip "no plugin is built"

"$SYSG" plugins -c /nonexistent >"$T/out" 2>&1 || { cat "$T/out"; fail "sysg plugins failed"; }
sed -n '/^Pre-exec hooks, in run order:/,$p' "$T/out" | awk '$1 ~ /^[0-9]+$/ { print $1, $2 }' >"$T/actual"
cmp -s "$T/expected" "$T/actual" || {
	diff "$T/expected" "$T/actual"
	fail "sysg plugins' hook order differs from DESIGN.md's table (- expected, + printed)"
}
# Every staged plugin is listed with its file.
for so in "$SYSG_STAGE_PLUGINS"/*.so; do
	assert_contains "$T/out" "$so"
done
exit 0
