"""Urgent alerts and their tasks, raised by the actions of a needs rule (e.g. PHQ-9 item 9 above 0).

A rule's ``alert`` action raises an ``Alert`` for each person addressed; its ``task`` action asks the
cases app for a task due within the stated hours (``sentra.cases.services.task_create``). Tasks are
dated, so "within 24 hours" is due on the date 24 hours from now in the centre's time zone; the
alert keeps the exact hour. The cases app decides who may write a task: when it refuses (an assessor
outside the care team, for a person without a case), the alert is still raised, and the alert list
shows it to every case manager and psychologist of the centre.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sentra.assessments.models import Alert, Assessment, Need
from sentra.assessments.rules import text_in
from sentra.assessments.services._common import SYSTEM, is_member, record_create, record_update, require
from sentra.cases import services as case_services
from sentra.cases.models import CareTeamMember, Case
from sentra.core import audit
from sentra.core.models import User

CASE_MANAGER = "case_manager"
PEKERJA_SOSIAL = "pekerja_sosial"


def recipients(code: str, *, assessment: Assessment, case: Case | None, actor: User | None) -> list[User]:
    """Who an action addressed to ``code`` (a profession or ``case_manager``) reaches."""
    if code in (CASE_MANAGER, PEKERJA_SOSIAL):
        if case is not None and case.case_manager.is_active:
            return [case.case_manager]
        if actor is not None and actor.role == "case_manager":
            return [actor]
        return []
    if case is not None:
        team = [
            member.user
            for member in CareTeamMember.objects.filter(
                case=case, removed_on__isnull=True, user__profession=code, user__is_active=True
            ).select_related("user")
        ]
        if team:
            return team
    return list(
        User.objects.filter(
            is_active=True, profession=code, memberships__sentra_id=assessment.sentra_id
        ).order_by("pk")
    )


def _task(
    *,
    actor: User | None,
    case: Case | None,
    assessment: Assessment,
    assignee: User,
    title: str,
    due_on: datetime.date,
    details: str,
) -> int | None:
    """A task through the cases app; None when it refuses (the alert stands on its own)."""
    if actor is None:
        return None
    try:
        task = case_services.task_create(
            actor=actor,
            title=title[:200],
            due_on=due_on,
            case=case,
            sentra=None if case is not None else assessment.sentra,
            assigned_to=assignee,
            details=details,
        )
    except (PermissionDenied, ValidationError):
        return None
    return task.pk


def alerts_raise(
    *, actor: User | None, assessment: Assessment, needs: Iterable[Need], label: str = SYSTEM
) -> list[Alert]:
    """Raise the alerts and tasks of the urgent actions of these needs."""
    raised: list[Alert] = []
    case = assessment.case
    now = timezone.now()
    for need in needs:
        addressed: dict[str, dict[str, object]] = {}
        for action in need.actions:
            for code in action.get("to") or ():
                entry = addressed.setdefault(code, {"alert": False, "hours": None, "title": None})
                if action["kind"] == "alert":
                    entry["alert"] = True
                elif action["kind"] == "task":
                    entry["hours"] = int(action["due_within_hours"])
                    entry["title"] = action.get("title")
        for code, entry in addressed.items():
            hours = entry["hours"]
            due_at = now + datetime.timedelta(hours=hours) if isinstance(hours, int) else None
            title = entry["title"] if isinstance(entry["title"], dict) else need.rule_text
            people = recipients(code, assessment=assessment, case=case, actor=actor)
            task_id = None
            if due_at is not None and people:
                task_id = _task(
                    actor=actor,
                    case=case,
                    assessment=assessment,
                    assignee=people[0],
                    title=text_in(title, "id"),
                    due_on=timezone.localdate(due_at),
                    details=f"{need.rule_id} · {assessment.instrument} #{assessment.pk}",
                )
            targets: list[User | None] = list(people) if people else [None]
            for person in targets:
                alert = Alert.objects.create(
                    beneficiary_id=assessment.beneficiary_id,
                    sentra_id=assessment.sentra_id,
                    assessment=assessment,
                    need=need,
                    addressed_to=code,
                    recipient=person,
                    title=dict(title),
                    due_at=due_at,
                    task_id=task_id if person is not None and people and person == people[0] else None,
                    created_at=now,
                )
                record_create(actor=actor, instance=alert, sentra_id=alert.sentra_id, label=label)
                raised.append(alert)
    return raised


def may_acknowledge(actor: User, alert: Alert) -> bool:
    if not actor.is_authenticated or not actor.is_active:
        return False
    if alert.recipient_id == actor.pk:
        return True
    return actor.role in {"case_manager", "centre_head", "professional"} and is_member(actor, alert.sentra_id)


@transaction.atomic
def alert_acknowledge(*, actor: User, alert: Alert) -> Alert:
    """The recipient (or a colleague of the centre) has seen the alert and is acting on it."""
    require(may_acknowledge(actor, alert))
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is not None:
        return alert
    before = audit.snapshot(alert)
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record_update(actor=actor, instance=alert, before=before, sentra_id=alert.sentra_id)
    return alert
