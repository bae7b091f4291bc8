# make check-valgrind: the core's Check unit suites and those of the caps,
# limits and cgroup plugins, and the integration tests of the core, daemon,
# caps, limits, cgroup and fault groups, with every sysg process (and each
# unit suite, CK_FORK=no so that the tests run in the process valgrind
# watches) under valgrind's memcheck. Any memory error or definitely lost
# block fails the test that caused it. valgrind cannot run seccomp code:
# whatever names seccomp is left out, and so are the other plugins' suites
# (valgrind may not know their system calls). churn-* is left out too: a
# thousand restarts under valgrind take far too long, and it measures RSS,
# which valgrind changes.
VALGRIND_PLUGINS = caps limits cgroup isolation landlock private-tmp private-devices apparmor selinux
check-valgrind:
	@command -v valgrind >/dev/null || { echo "check-valgrind needs valgrind"; exit 1; }
	@tests=; for t in $(TESTS); do \
	  case $$t in \
	    *seccomp*) continue;; \
	    tests/integration/core-*|tests/integration/daemon-*|tests/integration/caps-*| \
	    tests/integration/limits-*|tests/integration/cgroup-*|tests/integration/fault-*| \
	    tests/integration/isolation-*|tests/integration/landlock-*|tests/integration/private-*| \
	    tests/integration/apparmor-*|tests/integration/selinux-*|tests/integration/plugins-order.sh| \
	    tests/integration/sdk-hello.sh|tests/integration/completion.sh|tests/integration/man-pages.sh| \
	    tests/integration/sys-config.sh|tests/integration/testlib-cleanup.sh|tests/fuzz/regress.sh) ;; \
	    *.sh) continue;; \
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
