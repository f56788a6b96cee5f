"""Corpus readers: one module per input format, all yielding Documents."""
