"""Background tasks of the training app: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from sentra.training import services


@shared_task(name="sentra.training.tasks.obligation_reminders")
def obligation_reminders() -> int:
    """Remind returnees (and their centre's HR) of overseas-study obligations; idempotent per stage."""
    return services.send_obligation_reminders()
