"""Background tasks of the core app: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from sentra.core import services


@shared_task(name="sentra.core.housekeeping")
def housekeeping() -> dict[str, int]:
    """Delete expired sessions and release expired lockouts; returns what it did."""
    return services.housekeeping()
