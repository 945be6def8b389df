"""Urgent alerts and their tasks, raised by the actions of a needs rule (e.g. PHQ-9 item 9 above 0).

A rule's ``alert`` action raises an ``Alert`` for each person addressed; its ``task`` action asks the
cases app for a task due within the stated hours (``sentra.cases.services.task_create``). Tasks are
dated, so "within 24 hours" is due on the date 24 hours from now in the centre's time zone; the
alert keeps the exact hour.

A safety task must never be lost: it is written as a system action (audited under
``SAFETY_LABEL``), not as the assessor, so the cases app's rule on who may write tasks does not drop
it when a psychologist outside the care team records. Without a chosen case the person's open case
is used (the assessment's centre first). When nobody holds the role addressed (no case manager, no
psychologist in the centre), the task goes to the centre head and the alert says it stands in.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

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
CENTRE_HEAD = "centre_head"
# Who the audit log names for a safety task: the needs rule, not the assessor.
SAFETY_LABEL = "needs rule (safety task)"
# Kept in the task's details (stored text, read by staff of any language): why the head has it.
STAND_IN_NOTE = "no holder of this role for the person; assigned to the centre head"


def open_case_of(assessment: Assessment) -> Case | None:
    """The case the assessment belongs to: the chosen one, else the person's open case (own centre first)."""
    if assessment.case_id is not None:
        return assessment.case
    cases = list(
        Case.objects.filter(beneficiary_id=assessment.beneficiary_id, closed_on__isnull=True)
        .select_related("case_manager")
        .order_by("-opened_on", "-pk")
    )
    for case in cases:
        if case.sentra_id == assessment.sentra_id:
            return case
    return cases[0] if cases else None


def recipients(code: str, *, assessment: Assessment, case: Case | None, actor: User | None) -> list[User]:
    """Who an action addressed to ``code`` (a profession or ``case_manager``) reaches."""
    if code in (CASE_MANAGER, PEKERJA_SOSIAL):
        if case is not None and case.case_manager.is_active:
            return [case.case_manager]
        if actor is not None and actor.role == "case_manager" and is_member(actor, assessment.sentra_id):
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


def centre_heads(sentra_id: int) -> list[User]:
    return list(
        User.objects.filter(is_active=True, role=CENTRE_HEAD, memberships__sentra_id=sentra_id)
        .distinct()
        .order_by("pk")
    )


def _task(
    *,
    case: Case | None,
    assessment: Assessment,
    assignee: User,
    title: str,
    due_on: datetime.date,
    details: str,
) -> int:
    """The safety task, as a system action; a refusal (e.g. an assignee outside the centre) raises."""
    on_case = case if case is not None and is_member(assignee, case.sentra_id) else None
    task = case_services.task_create(
        actor=None,
        actor_label=SAFETY_LABEL,
        title=title[:200],
        due_on=due_on,
        case=on_case,
        sentra=None if on_case is not None else assessment.sentra,
        assigned_to=assignee,
        details=details,
    )
    return task.pk


def alerts_raise(
    *, actor: User | None, assessment: Assessment, needs: Iterable[Need], label: str = SYSTEM
) -> list[Alert]:
    """Raise the alerts and tasks of the urgent actions of these needs."""
    raised: list[Alert] = []
    case = open_case_of(assessment)
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
            stand_in = False
            if due_at is not None and not people:
                people = centre_heads(assessment.sentra_id)
                stand_in = bool(people)
            task_id = None
            if due_at is not None and people:
                details = f"{need.rule_id} · {assessment.instrument} #{assessment.pk}"
                if stand_in:
                    details += f" · {code}: {STAND_IN_NOTE}"
                task_id = _task(
                    case=case,
                    assessment=assessment,
                    assignee=people[0],
                    title=text_in(title, "id"),
                    due_on=timezone.localdate(due_at),
                    details=details,
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
                    stand_in=stand_in,
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
