"""Bundled phrase packs (data files; this folder is the top-level rules/ of the repository)."""
