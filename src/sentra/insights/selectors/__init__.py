"""Reads of the insights app, always scoped to the viewer (or public by design, in ``public``)."""

from sentra.insights.selectors.home import HomeSummary, home_summary

__all__ = ["HomeSummary", "home_summary"]
