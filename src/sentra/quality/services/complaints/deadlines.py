"""Reminders before a complaint's deadlines and escalation after them: first to the centre head,
then to the ministry's national analysts."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sentra.core import audit
from sentra.core.models import User
from sentra.quality import conf
from sentra.quality.models import (
    AlertKind,
    Complaint,
    ComplaintAlert,
    EventKind,
)
from sentra.quality.rules.complaints import (
    DeadlineKind,
    Escalation,
    escalation_due,
    pending_deadlines,
)
from sentra.quality.services._common import centre_today
from sentra.quality.services.complaints.access import add_event
from sentra.quality.services.holidays import holiday_dates


@dataclass(frozen=True)
class DeadlineRun:
    checked: int = 0
    reminders: int = 0
    escalated_to_head: int = 0
    escalated_to_national: int = 0


def _people(sentra_id: int, role: str) -> list[User]:
    return list(User.objects.filter(role=role, is_active=True, memberships__sentra_id=sentra_id).distinct())


def _national() -> list[User]:
    return list(User.objects.filter(role="national_analyst", is_active=True))


def _alert(complaint: Complaint, recipients: Sequence[User], kind: str) -> int:
    created = 0
    for recipient in recipients:
        if complaint.names(recipient):
            continue
        _alert_row, new = ComplaintAlert.objects.get_or_create(
            complaint=complaint, recipient=recipient, kind=kind
        )
        created += int(new)
    return created


REMINDER = {
    DeadlineKind.RESPONSE: AlertKind.REMINDER_RESPONSE,
    DeadlineKind.RESOLUTION: AlertKind.REMINDER_RESOLUTION,
}
OVERDUE = {
    DeadlineKind.RESPONSE: AlertKind.OVERDUE_RESPONSE,
    DeadlineKind.RESOLUTION: AlertKind.OVERDUE_RESOLUTION,
}


def complaint_deadlines_check(*, now: datetime.datetime | None = None) -> DeadlineRun:
    """Remind before deadlines and escalate after them; safe to run again (each alert is sent once).

    Each complaint is checked in its own short transaction, so a long run never holds locks on all of
    them and a handler answering meanwhile is never blocked for long.
    """
    now = now or timezone.now()
    holidays = holiday_dates()
    national_after = conf.national_escalation_after_days()
    totals = {"checked": 0, "reminders": 0, "to_head": 0, "to_national": 0}
    for pk in Complaint.objects.open().order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            complaint = (
                Complaint.objects.open()
                .select_related("sentra", "category", "assigned_to")
                .select_for_update(of=("self",))
                .filter(pk=pk)
                .first()
            )
            if complaint is not None:
                _check_one(
                    complaint, now=now, holidays=holidays, national_after=national_after, totals=totals
                )
    return DeadlineRun(totals["checked"], totals["reminders"], totals["to_head"], totals["to_national"])


def _check_one(
    complaint: Complaint,
    *,
    now: datetime.datetime,
    holidays: frozenset[datetime.date],
    national_after: int,
    totals: dict[str, int],
) -> None:
    totals["checked"] += 1
    today = centre_today(complaint.sentra, now)
    level = Escalation(complaint.escalation_level)
    for check in pending_deadlines(
        status=complaint.status,
        respond_by=complaint.respond_by,
        resolve_by=complaint.resolve_by,
        today=today,
        holidays=holidays,
    ):
        if check.reminder_due(complaint.category.reminder_days):
            handlers = (
                [complaint.assigned_to]
                if complaint.assigned_to is not None
                else _people(complaint.sentra_id, "centre_head") + _people(complaint.sentra_id, "intake")
            )
            totals["reminders"] += _alert(complaint, handlers, REMINDER[check.kind])
        due = escalation_due(overdue_working_days=check.overdue_working_days, national_after=national_after)
        if due >= Escalation.CENTRE_HEAD:
            heads = [
                head for head in _people(complaint.sentra_id, "centre_head") if not complaint.names(head)
            ]
            _alert(complaint, heads, OVERDUE[check.kind])
            if not heads:  # no head, or the head is the one named: straight to the ministry
                due = Escalation.NATIONAL
        if due == Escalation.NATIONAL:
            _alert(complaint, _national(), AlertKind.ESCALATED_NATIONAL)
        level = max(level, due)
    if level <= complaint.escalation_level:
        return
    before = audit.snapshot(complaint)
    previous = complaint.escalation_level
    complaint.escalation_level = int(level)
    complaint.save(update_fields=["escalation_level"])
    audit.record_update(
        actor=None, instance=complaint, before=before, sentra_id=complaint.sentra_id, actor_label="deadlines"
    )
    add_event(complaint, None, EventKind.ESCALATED, str(complaint.get_escalation_level_display()))
    if previous < Escalation.CENTRE_HEAD <= level:
        totals["to_head"] += 1
    if level == Escalation.NATIONAL:
        totals["to_national"] += 1


@transaction.atomic
def alert_mark_read(*, actor: User, alert: ComplaintAlert) -> ComplaintAlert:
    if alert.recipient_id != actor.pk:
        raise PermissionDenied
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert
