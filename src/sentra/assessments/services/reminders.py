"""Reassessment reminders: the daily job puts each person's instrument on the due list once.

The interval per instrument is data (``reassessment`` in the needs ruleset, product default 90
days; WG-SS 365). A reminder is raised a week before the date for the latest assessment of each
instrument of a person with an open case, at most once per assessment (``Reminder.assessment`` is
one-to-one), so running the job twice, or every hour, raises nothing new. A newer assessment of the
instrument takes the reminder off the due list.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sentra.assessments import selectors
from sentra.assessments.models import Assessment, Reminder
from sentra.assessments.services._common import SYSTEM, record_create
from sentra.cases.models import Case

LEAD = datetime.timedelta(days=7)


def reminders_raise(*, now: datetime.datetime | None = None, label: str = SYSTEM) -> int:
    """Raise the reminders now due; returns how many were created."""
    now = now or timezone.now()
    intervals = selectors.active_ruleset().reassess_after_days
    open_cases = Case.objects.filter(closed_on__isnull=True).values("beneficiary_id")
    newer = Assessment.objects.filter(
        beneficiary_id=models.OuterRef("beneficiary_id"),
        instrument=models.OuterRef("instrument"),
        assessed_at__gt=models.OuterRef("assessed_at"),
    )
    created = 0
    for instrument, days in intervals.items():
        interval = datetime.timedelta(days=days)
        latest = (
            Assessment.objects.filter(
                instrument=instrument,
                assessed_at__lte=now - interval + LEAD,
                beneficiary_id__in=open_cases,
                reminder__isnull=True,
            )
            .filter(~models.Exists(newer))
            .only("pk", "beneficiary_id", "sentra_id", "instrument", "assessed_at")
        )
        for assessment in latest.iterator():
            due_on = timezone.localdate(assessment.assessed_at + interval)
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        assessment=assessment,
                        beneficiary_id=assessment.beneficiary_id,
                        sentra_id=assessment.sentra_id,
                        instrument=instrument,
                        due_on=due_on,
                        created_at=now,
                    )
                    record_create(actor=None, instance=reminder, sentra_id=reminder.sentra_id, label=label)
            except IntegrityError:
                continue  # a run in parallel raised it first
            created += 1
    return created
