# Each plugin's build rules, one file per plugin.
EXTRA_DIST += plugins/plugins.m4
