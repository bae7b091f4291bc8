EXTRA_DIST += examples/quickstart.yaml
EXTRA_DIST += examples/plugins/hello/hello.c examples/plugins/hello/Makefile
