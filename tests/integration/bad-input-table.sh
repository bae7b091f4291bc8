#!/bin/sh
# tests/README.md's bad-input table: every row names at least one test, and
# every test it names exists and is one that `make check` (or, for the
# packaging row and the --disable row, make check-deb and .ci/run) runs.
. "$top_srcdir/tests/integration/lib.sh"

readme="$top_srcdir/tests/README.md"
# The rows of the table under "## Bad input", without its header lines.
awk '/^## Bad input/ { t = 1; next } /^## / { t = 0 } t && /^\| / && !/^\| (---|input) /' \
	"$readme" >"$T/rows"
[ "$(wc -l <"$T/rows")" -ge 40 ] || fail "the bad-input table has only $(wc -l <"$T/rows") rows"
cat "$top_srcdir"/tests/local.mk "$top_srcdir"/tests/fuzz/local.mk "$top_srcdir"/plugins/*/local.mk >"$T/makefiles"
bad=0
while IFS= read -r row; do
	tests=$(printf '%s\n' "$row" | awk -F' [|] ' '{ print $NF }' | sed 's/ *|$//')
	# Test case names in parentheses are not files.
	names=$(printf '%s\n' "$tests" | sed 's/([^)]*)//g' | grep -oE '[A-Za-z0-9_/.-]+\.sh|check_[a-z_]+|\.ci/run' | sort -u)
	if [ -z "$names" ]; then
		echo "no test named in: $row"
		bad=1
		continue
	fi
	for n in $names; do
		case $n in
		.ci/run) f="$top_srcdir/.ci/run" ;;
		*/*) f="$top_srcdir/$n" ;;
		*.sh) f="$top_srcdir/tests/integration/$n"
			[ -e "$f" ] || f="$top_srcdir/tests/fuzz/$n" ;;
		check_*) f="$top_srcdir/tests/unit/$n.c" ;;
		esac
		if [ ! -e "$f" ]; then
			echo "$n (named in the table) does not exist: $row"
			bad=1
		elif [ "${n%.sh}" != "$n" ] && [ "${n#*/}" = "$n" ] &&
			! grep -qE "tests/(integration|fuzz)/$n" "$T/makefiles"; then
			echo "$n (named in the table) is not in TESTS"
			bad=1
		elif [ "${n#check_}" != "$n" ] && ! grep -q "tests/unit/$n\b" "$T/makefiles"; then
			echo "$n (named in the table) is not in TESTS"
			bad=1
		fi
	done
done <"$T/rows"
[ "$bad" = 0 ] || fail "the bad-input table names tests that do not run"
exit 0
