"""Reads of the quality app, split by topic: ``survey`` and ``complaints``."""
