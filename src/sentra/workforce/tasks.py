"""Celery tasks: thin wrappers over the services."""

from __future__ import annotations

from celery import shared_task

from sentra.workforce.services import send_credential_alerts


@shared_task(name="sentra.workforce.tasks.credential_expiry_alerts")
def credential_expiry_alerts() -> int:
    return send_credential_alerts()
