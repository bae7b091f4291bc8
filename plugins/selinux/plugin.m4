dnl The selinux plugin: filled in by its own issue.
