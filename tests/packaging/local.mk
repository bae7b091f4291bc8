# make check-deb: build the Debian packages from a clean copy of the tree,
# lintian them and run a seccomp service from the unpacked packages, with and
# without sysg-plugin-seccomp (tests/packaging/deb.sh says how). Not part of
# make check: it takes minutes and needs the packaging tools.
EXTRA_DIST += tests/packaging/deb.sh
check-deb:
	$(AM_V_at)top_srcdir='$(abs_top_srcdir)' $(SHELL) $(top_srcdir)/tests/packaging/deb.sh
.PHONY: check-deb
