"""Background tasks of the quality app: thin wrappers over services."""

from __future__ import annotations

import dataclasses

from celery import shared_task

from sentra.quality import services


@shared_task(name="sentra.quality.complaint_deadlines")
def complaint_deadlines() -> dict[str, int]:
    """Remind handlers before complaint deadlines and escalate overdue complaints; returns the counts."""
    return dataclasses.asdict(services.complaint_deadlines_check())
