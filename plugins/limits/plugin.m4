dnl The limits plugin: filled in by its own issue.
