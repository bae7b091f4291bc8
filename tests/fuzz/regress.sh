#!/bin/sh
# Every committed fuzzing input, through its target's entry point (under
# valgrind's memcheck in make check-valgrind).
run=
[ -n "${SYSG_VALGRIND:-}" ] && run="$top_srcdir/tests/valgrind/memcheck"
for t in config request plugins; do
	$run "$top_builddir/tests/fuzz/regress_$t" "$top_srcdir/tests/fuzz/corpus/$t" || exit 1
done
