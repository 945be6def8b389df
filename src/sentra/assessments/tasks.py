"""Background tasks of the assessments app: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from sentra.assessments.services.reminders import reminders_raise


@shared_task(name="sentra.assessments.reassessment_reminders")
def reassessment_reminders() -> int:
    """Put the instruments now due on the due list; idempotent. Returns how many reminders were raised."""
    return reminders_raise()
