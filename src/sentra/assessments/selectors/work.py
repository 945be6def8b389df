"""What needs doing: open urgent alerts and the reassessments due, for the reader."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from sentra.assessments.models import Alert, Reminder
from sentra.core.models import User


def open_alerts(user: User) -> models.QuerySet[Alert]:
    """Unacknowledged alerts addressed to the user, and those nobody could be found for (no psychologist
    in the centre, no case manager) about persons the user may read; newest first."""
    return (
        Alert.objects.visible_to(user)
        .open()
        .filter(models.Q(recipient_id=user.pk) | models.Q(recipient__isnull=True))
        .select_related("beneficiary", "assessment", "need", "recipient")
        .order_by("-created_at", "-pk")
    )


def reassessments_due(user: User, *, within_days: int = 14) -> models.QuerySet[Reminder]:
    """Reminders not yet answered by a newer assessment, due within ``within_days`` (overdue first)."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        Reminder.objects.visible_to(user)
        .open()
        .filter(due_on__lte=horizon)
        .select_related("beneficiary", "assessment")
        .order_by("due_on", "pk")
    )
