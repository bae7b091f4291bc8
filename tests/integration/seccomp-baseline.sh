#!/bin/sh
# isolation.seccomp: baseline runs a shell and a Python HTTP server that
# answers, allows the chmod family (a documented choice) and denies
# administration (a new namespace); the kernel shows the filter.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_plugin seccomp
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
try=$(helper sc-try)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	fail "no free port"
echo "served by sysg" >"$T/index.html"

cat >"$T/baseline.yaml" <<YAML
services:
  shell:
    command: "echo \$\$ >$T/shell.pid; echo ok; sleep 1"
    restart_policy: never
    isolation: { seccomp: baseline }
  web:
    command: "echo \$\$ >$T/web.pid; exec python3 -m http.server $port --bind 127.0.0.1 --directory $T"
    isolation: { seccomp: baseline }
  try:
    command: "echo \$\$ >$T/try.pid; exec $try $T/try.out chmod $T/index.html mkdir $T/dir unshare - pause -"
    isolation: { seccomp: baseline }
YAML
start_sysg "$T/baseline.yaml"
shell=$(service_pid shell)
[ "$(status_field "$shell" Seccomp)" = 2 ] || fail "shell: Seccomp is $(status_field "$shell" Seccomp), expected 2"
[ "$(status_field "$shell" NoNewPrivs)" = 1 ] || fail "shell: NoNewPrivs is not 1"
wait_until 10 "grep -q 'shell: exited with status 0' '$SYSG_LOG'" || fail "the shell did not exit 0"
wait_until 5 "cat '$SYSG_OUT' '$SYSG_LOG' | grep -q 'shell | ok'" || fail "the shell did not print ok"

web=$(service_pid web)
[ "$(status_field "$web" Seccomp)" = 2 ] || fail "web: Seccomp is $(status_field "$web" Seccomp), expected 2"
get="import urllib.request, sys; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:$port/index.html', timeout=2).read().decode())"
wait_until 10 "python3 -c \"$get\" >'$T/got' 2>/dev/null" || fail "the Python server under baseline did not answer"
assert_contains "$T/got" "served by sysg"
kill -0 "$web" 2>/dev/null || fail "web died"

wait_until 10 "grep -q unshare '$T/try.out' 2>/dev/null" || fail "try did not report its calls"
assert_contains "$T/try.out" "chmod=ok"
assert_contains "$T/try.out" "mkdir=ok"
assert_contains "$T/try.out" "unshare=EPERM"
[ "$(stat -c %a "$T/index.html")" = 700 ] || fail "the chmod did not happen"
stop_sysg
kill -0 "$web" 2>/dev/null && fail "web survived the stop"
exit 0
