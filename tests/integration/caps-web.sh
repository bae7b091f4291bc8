#!/bin/sh
# The seed's `web` example, as shipped (examples/seed-web.yaml): ./server runs
# as www-data with exactly CAP_NET_BIND_SERVICE in every capability set and
# binds TCP port 80 on 127.0.0.1, under the example's resource limits. The
# same service without capabilities: cannot bind it (EACCES) and has no
# capability at all. Everything is read from /proc.
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/integration/lib-limits.sh"
need_root "switching to www-data"
need_plugin caps
need_plugin limits
no_valgrind "the service sets RLIMIT_NOFILE's hard limit, which valgrind refuses in the child before exec"
[ "$(id -u www-data 2>/dev/null)" = 33 ] && [ "$(id -g www-data)" = 33 ] ||
	skip "no user www-data with uid and gid 33"
[ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)" -gt 80 ] ||
	skip "net.ipv4.ip_unprivileged_port_start lets anyone bind port 80"
# The example's limits must fit under the hard limits sysg inherits here.
at_least "$(hard_limit "Max open files")" 16384 && at_least "$(hard_limit "Max processes")" 1024 &&
	at_least "$(hard_limit "Max locked memory")" 8388608 ||
	skip "the example's limits are above this machine's hard limits"

cp "$top_srcdir/examples/seed-web.yaml" "$T/sysg.yaml"
cp "$(helper bindport)" "$T/server" || fail "cannot install ./server"
# The control: the same service without capabilities:. --stay keeps it
# alive after the refused bind, so that its sets can be read.
cat >>"$T/sysg.yaml" <<YAML
  nocaps:
    exec: [./server, --stay]
    user: "www-data"
    limits: { nofile: 16384, nproc: 1024, memlock: "8M" }
YAML
start_sysg "$T/sysg.yaml"
line=$(service_line web "bindport: ")
case $line in *EADDRINUSE*) skip "127.0.0.1:80 is in use by another program" ;; esac
web=$(echo "$line" | sed -n 's/^web | bindport: pid \([0-9]*\) uid 33: listening on 127\.0\.0\.1:80$/\1/p')
[ -n "$web" ] || fail "web did not listen on 127.0.0.1:80: $line"
track web "$web"

expect_caps "$web" 0000000000000400
[ "$(status_field "$web" Uid)" = "33 33 33 33" ] || fail "Uid of web: $(status_field "$web" Uid)"
[ "$(status_field "$web" Gid)" = "33 33 33 33" ] || fail "Gid of web: $(status_field "$web" Gid)"
[ -z "$(status_field "$web" Groups)" ] || fail "Groups of web: $(status_field "$web" Groups)"
# The kernel's socket table: 127.0.0.1:80 listening (state 0A), owned by uid
# 33, and the socket is one of web's own descriptors.
inode=$(awk '$2 == "0100007F:0050" && $4 == "0A" && $8 == 33 { print $10 }' /proc/net/tcp)
[ -n "$inode" ] || fail "no socket listening on 127.0.0.1:80 as uid 33 in /proc/net/tcp"
found=
for fd in /proc/"$web"/fd/*; do
	[ "$(readlink "$fd")" = "socket:[$inode]" ] && found=$fd
done
[ -n "$found" ] || fail "the listening socket is not web's"
expect_rlimit "$web" "Max open files" "16384 16384"
expect_rlimit "$web" "Max processes" "1024 1024"
expect_rlimit "$web" "Max locked memory" "8388608 8388608"

line=$(service_line nocaps "bindport: ")
nocaps=$(echo "$line" | sed -n 's/^nocaps | bindport: pid \([0-9]*\) uid 33: bind 127\.0\.0\.1:80: Permission denied (EACCES)$/\1/p')
[ -n "$nocaps" ] || fail "nocaps was not refused with EACCES: $line"
track nocaps "$nocaps"
expect_caps "$nocaps" 0000000000000000
[ "$(status_field "$nocaps" Uid)" = "33 33 33 33" ] || fail "Uid of nocaps: $(status_field "$nocaps" Uid)"
expect_rlimit "$nocaps" "Max open files" "16384 16384"

stop_sysg
[ "$SYSG_RC" = 0 ] || fail "sysg exited $SYSG_RC after SIGTERM"
untrack
exit 0
