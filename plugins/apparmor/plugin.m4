dnl The apparmor plugin: filled in by its own issue.
