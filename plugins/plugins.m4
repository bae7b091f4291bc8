dnl Each plugin's configure check, one file per plugin.
