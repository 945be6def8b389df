"""Errors of the pure engine: a definition file that breaks the format, or bad answers."""

from __future__ import annotations


class DefinitionError(ValueError):
    """An instrument definition or needs rule file is malformed; the message says where."""
