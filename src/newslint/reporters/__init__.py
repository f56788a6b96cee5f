"""Output formats: one module per format, registered as plugins."""
