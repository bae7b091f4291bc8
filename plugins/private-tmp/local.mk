# The private-tmp plugin: filled in by its own issue.
