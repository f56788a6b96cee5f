"""Built-in rule families, one module each, registered as plugins through entry points."""
