dnl The seccomp plugin: filled in by its own issue.
