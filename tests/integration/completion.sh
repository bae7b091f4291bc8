#!/bin/sh
# bash completion: commands, command options, and service names from the
# config.
. "$top_srcdir/tests/integration/lib.sh"
command -v bash >/dev/null || skip "no bash"
cat >"$T/sysg.yaml" <<'YAML'
services:
  web:
    command: "x"
    env:
      vars: { NOT_A_SERVICE: 1 }
  db: { exec: [x] }
YAML
complete_line() { # words... -> what completion offers for the last one
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _sysg; echo "${COMPREPLY[*]}"' \
		_ "$top_srcdir/contrib/bash-completion/sysg" "$@"
}
[ "$(complete_line sysg st)" = "start stop status" ] || fail "commands: $(complete_line sysg st)"
[ "$(complete_line sysg -c "$T/sysg.yaml" stop "")" = "web db" ] || fail "services: $(complete_line sysg -c "$T/sysg.yaml" stop "")"
[ "$(complete_line sysg logs --)" = "--config --sys --drop-privileges --log-level --help --version --stderr" ] ||
	fail "logs options: $(complete_line sysg logs --)"
[ "$(complete_line sysg status --format "")" = "json table" ] || fail "--format values"
exit 0
