dnl The private-devices plugin: filled in by its own issue.
