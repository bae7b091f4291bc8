# The cgroup plugin: filled in by its own issue.
