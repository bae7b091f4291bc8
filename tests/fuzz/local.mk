# Fuzzing. `make fuzz` builds each target with clang's libFuzzer (plus ASan
# and UBSan) and runs it for FUZZ_SECONDS on a scratch copy of its corpus.
# `make check` runs every committed corpus input through the same entry
# points with the ordinary compiler: a crash found once stays fixed.
FUZZ_CC = clang
FUZZ_SECONDS = 60
# plugins: every plugin module built in this tree, loaded from its build
# directory (build the tree without sanitizers first: the fuzzer brings its
# own, and a module built with gcc's ASan cannot load into clang's).
FUZZ_TARGETS = config request plugins
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz-build: $(plugin_LTLIBRARIES)
	@srcs=; for s in $(libsysg_la_SOURCES); do \
	  case $$s in *.c) srcs="$$srcs $(srcdir)/$$s";; esac; done; \
	for t in $(FUZZ_TARGETS); do \
	  echo "  FUZZCC   tests/fuzz/fuzz_$$t"; \
	  $(FUZZ_CC) $(FUZZ_FLAGS) $(DEFS) $(AM_CPPFLAGS) -I$(srcdir)/src \
	    -DPLUGIN_BUILD_DIR='"$(abs_top_builddir)/plugins"' $(YAML_CFLAGS) \
	    -o tests/fuzz/fuzz_$$t $(srcdir)/tests/fuzz/fuzz_$$t.c $$srcs \
	    $(YAML_LIBS) -ldl -Wl,--dynamic-list=$(srcdir)/src/sysg.dynlist || exit 1; \
	done

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p tests/fuzz/work/$$t; \
	  echo "=== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  ./tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=tests/fuzz/work/$$t- tests/fuzz/work/$$t \
	    $(srcdir)/tests/fuzz/corpus/$$t || { \
	    echo "fuzz_$$t found a crash: add the input (tests/fuzz/work/$$t-*) to tests/fuzz/corpus/$$t and fix it"; \
	    exit 1; }; \
	done
.PHONY: fuzz fuzz-build
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/work $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%)
.PHONY: clean-fuzz

check_PROGRAMS += tests/fuzz/regress_config tests/fuzz/regress_request tests/fuzz/regress_plugins
tests_fuzz_regress_config_SOURCES = tests/fuzz/fuzz_config.c tests/fuzz/standalone.c
tests_fuzz_regress_config_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src
tests_fuzz_regress_config_LDADD = libsysg.la
tests_fuzz_regress_config_LDFLAGS = $(EXPORT_SDK)
tests_fuzz_regress_request_SOURCES = tests/fuzz/fuzz_request.c tests/fuzz/standalone.c
tests_fuzz_regress_request_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src
tests_fuzz_regress_request_LDADD = libsysg.la
tests_fuzz_regress_plugins_SOURCES = tests/fuzz/fuzz_plugins.c tests/fuzz/standalone.c
tests_fuzz_regress_plugins_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src \
	-DPLUGIN_BUILD_DIR='"$(abs_top_builddir)/plugins"'
tests_fuzz_regress_plugins_LDADD = libsysg.la
tests_fuzz_regress_plugins_LDFLAGS = $(EXPORT_SDK)
TESTS += tests/fuzz/regress.sh
EXTRA_DIST += tests/fuzz/regress.sh tests/fuzz/corpus
