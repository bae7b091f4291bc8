# make check-valgrind: the whole suite that valgrind can run, with every
# sysg process (daemon, clients, the forked daemon of start --daemonize and
# a service's child until its exec) and each Check unit suite (CK_FORK=no,
# so that the tests run in the process valgrind watches) under valgrind's
# memcheck (tests/valgrind/memcheck). Any memory error or definitely lost
# block fails the test that caused it. Covered: the core's unit suites,
# those of the plugins in VALGRIND_PLUGINS, every *.sh test (integration and
# tests/fuzz/regress.sh, the fuzzing corpus) but the ones below. Left out:
# - whatever names seccomp: valgrind cannot run seccomp code;
# - what valgrind 3.19 cannot run, marked in the test with no_valgrind
#   (skipped, exit 77) or left out of its unit suite under SYSG_VALGRIND:
#   Landlock (landlock-paths.sh, most of landlock-errors.sh, check_landlock's
#   two hook tests; "WARNING: unhandled amd64-linux syscall: 444"),
#   open_tree for private_devices (private-devices.sh, private-userns.sh,
#   check_private_devices' two hook tests; "... syscall: 428"), and a
#   service's RLIMIT_NOFILE hard limit (caps-web.sh, limits-nofile.sh,
#   limits-values.sh, the start part of limits-errors.sh, three cases of
#   check_limits; valgrind keeps descriptors of its own at the top);
# churn-* run shorter under it (100 crashes, 20 s of clients) and compare
# no RSS (valgrind's own memory is in it).
# tests/valgrind/sysg.supp: valgrind 3.19's false report on mount(2)'s
# NULL type, for the three plugin callers only.
# tests/README.md ("valgrind") has the reasons and the measured time.
VALGRIND_PLUGINS = caps limits cgroup isolation landlock private-tmp private-devices apparmor selinux
# Tests to leave out of this run, as shell patterns (.ci/run leaves out the
# churn tests, which take the longest under valgrind, to stay in its time).
VALGRIND_SKIP =
check-valgrind:
	@command -v valgrind >/dev/null || { echo "check-valgrind needs valgrind"; exit 1; }
	@set -f; tests=; for t in $(TESTS); do \
	  skip=; for pat in $(VALGRIND_SKIP); do case $$t in $$pat) skip=1;; esac; done; \
	  [ -z "$$skip" ] || continue; \
	  case $$t in \
	    *seccomp*) continue;; \
	    *.sh) ;; \
	    tests/unit/check_*) \
	      p=`echo "$${t#tests/unit/check_}" | tr _ -`; \
	      if [ -d "$(srcdir)/plugins/$$p" ]; then \
	        case " $(VALGRIND_PLUGINS) " in *" $$p "*) ;; *) continue;; esac; \
	      fi;; \
	  esac; \
	  tests="$$tests $$t"; \
	done; \
	echo "check-valgrind:$$tests"; \
	SYSG_VALGRIND=1 CK_FORK=no $(MAKE) $(AM_MAKEFLAGS) check \
	  TESTS="$$tests" LOG_COMPILER='$(abs_top_srcdir)/tests/valgrind/memcheck'
.PHONY: check-valgrind
EXTRA_DIST += tests/valgrind/memcheck tests/valgrind/sysg.supp
