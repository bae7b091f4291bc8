# Shared by the private-tmp and private-devices integration tests (sourced
# after lib.sh and lib-limits.sh).

# A name no other test or helper uses, for files in shared places.
MOUNTS_STAMP="sysg-mnt.$$.$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"

# mount_ns PID: the mount namespace of PID ("mnt:[4026531841]").
mount_ns() {
	readlink "/proc/$1/ns/mnt"
}

# mount_line PID MOUNTPOINT: the line of /proc/PID/mountinfo for the mount
# on MOUNTPOINT that is visible (the last one: later mounts cover earlier).
mount_line() {
	awk -v m="$2" '$5 == m { line = $0 } END { if (line != "") print line }' "/proc/$1/mountinfo"
}

# mount_fstype LINE: the filesystem type of a mountinfo line.
mount_fstype() {
	echo "$1" | sed 's/.* - \([^ ]*\) .*/\1/'
}

# mount_opts LINE: the per-mount options (field 6) of a mountinfo line.
mount_opts() {
	echo "$1" | cut -d' ' -f6
}

# mount_super_opts LINE: the superblock options (the last field).
mount_super_opts() {
	echo "$1" | awk '{ print $NF }'
}

# has_opt OPTS NAME: a comma-separated list holds NAME.
has_opt() {
	case ",$1," in *",$2,"*) return 0 ;; esac
	return 1
}

# ns_gone NS: no process on the machine is in mount namespace NS any more
# (one stat for all of /proc: a program per process is slow on a busy box).
ns_gone() {
	! stat -c %N /proc/[0-9]*/ns/mnt 2>/dev/null | grep -qF -- "'$1'"
}

# run_as_nobody CMD...: a command as nobody, with XDG dirs of its own.
run_as_nobody() {
	command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
	# shellcheck disable=SC2046
	setpriv --reuid=65534 --regid=65534 --clear-groups $(user_xdg_env 65534) "$@"
}
