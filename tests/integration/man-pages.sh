#!/bin/sh
# The man pages render without warnings, and sysg.yaml(5) documents exactly
# the keys the core and the installed plugins accept.
. "$top_srcdir/tests/integration/lib.sh"
command -v groff >/dev/null || skip "no groff (package groff-base)"
man="$SYSG_STAGE/usr/local/share/man"
[ -d "$man" ] || man=$(dirname "$(find "$SYSG_STAGE" -name sysg.1 | head -1)")/..
for page in man1/sysg.1 man5/sysg.yaml.5 man7/sysg-plugin.7; do
	[ -f "$man/$page" ] || fail "$page was not installed"
	groff -ww -t -man -Tutf8 -z "$man/$page" 2>"$T/warn"
	[ -s "$T/warn" ] && fail "$page: $(cat "$T/warn")"
done

# Every key sysg accepts is documented (.\" key: NAME before its paragraph),
# and every documented key is accepted by the core or an installed plugin,
# or belongs to a shipped plugin this build left out.
"$SYSG" plugins >"$T/plugins" 2>&1 || fail "sysg plugins: $(cat "$T/plugins")"
sed -n 's/^    keys: //p' "$T/plugins" | tr ',' '\n' | tr -d ' ' | grep -v '^(none)$' | sort -u >"$T/accepted"
sed -n 's/^\.\\" key: //p' "$man/man5/sysg.yaml.5" | sort -u >"$T/documented"
missing=$(comm -23 "$T/accepted" "$T/documented")
[ -z "$missing" ] || fail "keys accepted but not in sysg.yaml(5): $missing"
for k in $(comm -13 "$T/accepted" "$T/documented"); do
	grep -q "\"$k\"" "$top_srcdir/src/known_keys.c" ||
		fail "sysg.yaml(5) documents '$k', which nothing accepts"
done
[ "$(wc -l <"$T/accepted")" -gt 10 ] || fail "too few keys found: the check proves nothing"
exit 0
