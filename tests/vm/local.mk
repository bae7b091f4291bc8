# make check-vm: the cgroup integration tests inside a qemu guest with
# cgroup v2 (tests/vm/run.sh says how). Not part of make check: it installs
# qemu and downloads a kernel package. The kernel is kept in tests/vm-work.
EXTRA_DIST += tests/vm/run.sh tests/vm/init.sh
VM_WORK = $(abs_top_builddir)/tests/vm-work
if BUILD_PLUGIN_CGROUP
check-vm: tests/stage.stamp tests/helpers/cg-hog tests/helpers/cg-spin tests/helpers/cg-fork \
	tests/helpers/sigcount
	$(AM_V_at)STAGE='$(STAGE)' bindir='$(bindir)' plugindir='$(plugindir)' \
	  SYSG_TEST_HELPERS='$(abs_top_builddir)/tests/helpers' top_srcdir='$(abs_top_srcdir)' \
	  VM_WORK='$(VM_WORK)' $(SHELL) $(top_srcdir)/tests/vm/run.sh
else
check-vm:
	@echo "check-vm: the cgroup plugin is not built (see ./configure's summary)"; exit 1
endif
distclean-local: clean-vm
clean-vm:
	-rm -rf $(VM_WORK)
.PHONY: check-vm clean-vm
