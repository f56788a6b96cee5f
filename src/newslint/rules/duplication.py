"""Placeholder while the family is being written (replaced by its issue)."""

from ..hookimpl import hookimpl


@hookimpl
def newslint_rules():
    return []
