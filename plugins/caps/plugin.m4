dnl The caps plugin: filled in by its own issue.
