#!/bin/sh
# How sysg creates each service's process, as the kernel saw it (strace
# follows every process): vfork() for a service that keeps sysg's uid and
# whose plugins all say their hooks are vfork-safe, and still confined by
# them (CapEff from /proc); fork() for a service that changes user (its
# child must not hold sysg suspended while another user's processes could
# stop it) and for one with a third-party hook that does not carry
# SYSG_PLUGIN_VFORK_SAFE. In a PID namespace, the namespace's init (a
# fork of sysg) makes the service with CLONE_VM | CLONE_VFORK: it shares the
# init's copy of sysg's memory, not sysg's own; but forks it when a later
# hook's plugin does not carry the flag.
. "$top_srcdir/tests/integration/lib.sh"
need_root "services as root and as nobody"
no_valgrind "valgrind runs vfork() as fork()"
command -v strace >/dev/null || skip "strace is not installed (apt-get install strace)"
[ -f "$SYSG_STAGE_PLUGINS/caps.so" ] || skip "the caps plugin was not built"
dir=$(test_plugin_dir good)

cat >"$T/sysg.yaml" <<YAML
plugins:
  path: [$dir]
services:
  plain:
    exec: [/bin/sleep, "1101"]
    capabilities: [CAP_NET_BIND_SERVICE]
  asuser:
    exec: [/bin/sleep, "1102"]
    user: nobody
  thirdparty:
    exec: [/bin/sleep, "1103"]
    test: { good: $T/trace-good }
YAML
services=3
if [ -f "$SYSG_STAGE_PLUGINS/isolation.so" ]; then
	services=5
	cat >>"$T/sysg.yaml" <<YAML
  pidns:
    exec: [/bin/sleep, "1104"]
    user: nobody
    isolation: { pid: true }
  pidthird:
    exec: [/bin/sleep, "1105"]
    isolation: { pid: true }
    test: { good: $T/trace-pidthird }
YAML
fi
# LeakSanitizer cannot run under ptrace (the ASan build): leaks are the
# other tests' business.
# sysg's own parent leaves SIGHUP and SIGUSR1 ignored (as nohup would):
# every service, however made, starts with no signal ignored or blocked.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	sh -c 'trap "" HUP USR1; exec "$@"' sh \
	strace -f -ff -qq -o "$T/tr" -e trace=vfork,clone,clone3,fork,execve \
	"$SYSG" start -c "$T/sysg.yaml" >"$SYSG_OUT" 2>"$SYSG_LOG" &
STRACE_PID=$!
wait_until 20 "[ \$(pgrep -c -f '^/bin/sleep 110[1-5]\$') = $services ]" ||
	fail "the services did not start"
SYSG_PID=$(pgrep -P "$STRACE_PID")
[ -n "$SYSG_PID" ] || fail "no sysg under strace"

# SIGHUP is bit 0, SIGUSR1 bit 9, SIGPIPE (sysg ignores it) bit 12.
[ $((0x$(awk '/^SigIgn/ {print $2}' "/proc/$SYSG_PID/status") & 0x1201)) = $((0x1201)) ] ||
	fail "sysg does not ignore SIGHUP, SIGUSR1 and SIGPIPE: nothing below would be checked"
for arg in $(seq 1101 $((1100 + services))); do
	pid=$(pgrep -f "^/bin/sleep $arg\$")
	for field in SigIgn SigBlk; do
		[ "$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status")" = 0000000000000000 ] ||
			fail "sleep $arg: $field $(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status")"
	done
done

# The system call that made process PID (host pid), from the trace of its
# parent, where the call returns it.
creation_of() {
	grep -h "= $1\$" "$T"/tr.* | grep -E '^(vfork|clone|clone3|fork)\('
}

# The system call that made the process which exec'd /bin/sleep ARG.
made_by() {
	local pid call
	pid=$(grep -l "^execve(\"/bin/sleep\", \[\"/bin/sleep\", \"$1\"\]" "$T"/tr.* | sed 's/.*\.//')
	[ -n "$pid" ] || fail "no execve of sleep $1 in the trace"
	call=$(creation_of "$pid")
	[ -n "$call" ] || fail "no process creation of $pid (sleep $1) in the trace"
	echo "$call"
}

plain=$(made_by 1101)
case $plain in
vfork\(*) ;;
*) fail "plain (root, vfork-safe plugins) was made by: $plain" ;;
esac
# The caps hook ran in the vfork child: the kernel shows only the kept one.
pid=$(pgrep -f '^/bin/sleep 1101$')
[ "$(awk '/^CapEff/ {print $2}' "/proc/$pid/status")" = 0000000000000400 ] ||
	fail "plain: CapEff $(awk '/^CapEff/ {print $2}' "/proc/$pid/status"), expected only CAP_NET_BIND_SERVICE"

asuser=$(made_by 1102)
case $asuser in
vfork\(* | *CLONE_VM*) fail "asuser (user: nobody) shared sysg's memory: $asuser" ;;
clone\(* | fork\(* | clone3\(*) ;;
*) fail "asuser was made by: $asuser" ;;
esac
[ "$(awk '/^Uid/ {print $2}' "/proc/$(pgrep -f '^/bin/sleep 1102$')/status")" = 65534 ] ||
	fail "asuser does not run as nobody"

third=$(made_by 1103)
case $third in
vfork\(* | *CLONE_VM*) fail "thirdparty (a hook without SYSG_PLUGIN_VFORK_SAFE) shared sysg's memory: $third" ;;
esac
[ "$(tr '\n' ' ' <"$T/trace-good")" = "good:first good:second " ] || fail "the good hooks did not run"

# init_made ARG: how the namespace's init made the service sleep ARG (from
# the init's own trace, where the clone returns the pid inside: 2).
init_made() {
	local pid init
	pid=$(pgrep -f "^/bin/sleep $1\$")
	init=$(awk '/^PPid/ {print $2}' "/proc/$pid/status")
	[ "$(awk '/^NSpid/ {print $NF}' "/proc/$init/status")" = 1 ] ||
		fail "sleep $1: its parent ($init) is not PID 1 of a namespace"
	case $(creation_of "$init") in
	*CLONE_NEWPID*) ;;
	*) fail "sleep $1: its init was not made with CLONE_NEWPID" ;;
	esac
	grep -E '^(vfork|clone|clone3|fork)\(' "$T/tr.$init"
}
if [ "$services" = 5 ]; then
	made=$(init_made 1104)
	case $made in
	*CLONE_VM*CLONE_VFORK* | *CLONE_VFORK*CLONE_VM*) ;;
	*) fail "pidns: the init made the service with: $made (expected CLONE_VM|CLONE_VFORK)" ;;
	esac
	[ "$(awk '/^Uid/ {print $2}' "/proc/$(pgrep -f '^/bin/sleep 1104$')/status")" = 65534 ] ||
		fail "pidns does not run as nobody"
	made=$(init_made 1105)
	case $made in
	*CLONE_VM* | *CLONE_VFORK*)
		fail "pidthird (a later hook without SYSG_PLUGIN_VFORK_SAFE) shared the init's memory: $made" ;;
	esac
	[ "$(tr '\n' ' ' <"$T/trace-pidthird")" = "good:first good:second " ] ||
		fail "pidthird: the good hooks did not run"
fi

kill -TERM "$SYSG_PID"
wait "$STRACE_PID"
SYSG_RC=$?
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC"
pgrep -f '^/bin/sleep 110[1-5]$' >/dev/null && fail "a service survived sysg"
exit 0
