"""Background tasks of the insights app: thin wrappers over services."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from sentra.insights.services import rollups, schedule


@shared_task(name="sentra.insights.refresh_rollups")
def refresh_rollups(full: bool = False) -> dict[str, Any]:
    """Idempotent: recomputes the cells changed since the watermark (everything when ``full``)."""
    return rollups.refresh_rollups(full=full).as_dict()


@shared_task(name="sentra.insights.scheduled_reports")
def scheduled_reports() -> dict[str, int]:
    """Last month's centre reports for centre heads, last quarter's national reports for analysts."""
    return schedule.generate_scheduled()
