# The isolation plugin: filled in by its own issue.
