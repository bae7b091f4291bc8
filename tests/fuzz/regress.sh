#!/bin/sh
# Every committed fuzzing input, through its target's entry point.
for t in config request plugins; do
	"$top_builddir/tests/fuzz/regress_$t" "$top_srcdir/tests/fuzz/corpus/$t" || exit 1
done
