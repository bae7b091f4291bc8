EXTRA_DIST += examples/quickstart.yaml
