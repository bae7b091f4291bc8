# The landlock plugin: filled in by its own issue.
