#!/bin/sh
# System mode takes orders only from root's files: a config (or env file)
# writable by group or others, owned by another user, or reached through a
# symbolic link is refused; user mode reads them.
. "$top_srcdir/tests/integration/lib.sh"
need_root "system mode"

good() { printf 'services:\n  a:\n    command: "touch %s/ran"\n' "$T" >"$1"; chmod 0644 "$1"; }
refused() { # file message
	"$SYSG" --sys validate -c "$1" >"$T/out" 2>&1 && fail "$1 accepted in system mode"
	assert_contains "$T/out" "$2"
	"$SYSG" validate -c "$1" >/dev/null 2>&1 || fail "$1 refused in user mode too"
}
good "$T/ok.yaml"
"$SYSG" --sys validate -c "$T/ok.yaml" >"$T/out" 2>&1 || fail "a root-owned 0644 config refused: $(cat "$T/out")"

good "$T/group.yaml"
chmod 0664 "$T/group.yaml"
refused "$T/group.yaml" "$T/group.yaml: refusing it in system mode: it is writable by its group (mode 0664)"
good "$T/other.yaml"
chmod 0646 "$T/other.yaml"
refused "$T/other.yaml" "writable by others (mode 0646)"
good "$T/owned.yaml"
chown nobody "$T/owned.yaml"
refused "$T/owned.yaml" "$T/owned.yaml: refusing it in system mode: it is owned by uid $(id -u nobody), not by root"
ln -s "$T/ok.yaml" "$T/link.yaml"
refused "$T/link.yaml" "$T/link.yaml: refusing a symbolic link in system mode"

# An environment file is held to the same rule.
printf 'A=1\n' >"$T/env"
chmod 0666 "$T/env"
printf 'services:\n  a:\n    command: "true"\n    env: { file: %s/env }\n' "$T" >"$T/envcfg.yaml"
chmod 0644 "$T/envcfg.yaml"
refused "$T/envcfg.yaml" "$T/env: refusing it in system mode: it is writable by others (mode 0666)"

# start refuses them the same way and runs nothing.
"$SYSG" --sys start -c "$T/group.yaml" >"$T/start" 2>&1 && fail "start accepted a group-writable config"
assert_contains "$T/start" "writable by its group"
[ -e "$T/ran" ] && fail "a service ran from a refused config"
exit 0
