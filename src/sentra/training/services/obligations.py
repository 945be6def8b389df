"""After return: the obligations of each returnee (report, sessions for colleagues, knowledge-base
entry), their progress, and reminders sent once per stage."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.training.models import (
    Application,
    ApplicationStatus,
    Obligation,
    ObligationKind,
    ObligationReminder,
    OverseasProgramme,
    ProgrammeStatus,
)
from sentra.training.services._common import manages, require_manager, today_in

# Days after return each obligation falls due, and how many of it (sessions delivered to colleagues).
OBLIGATION_TERMS: dict[str, tuple[int, int]] = {
    ObligationKind.REPORT: (30, 1),
    ObligationKind.KNOWLEDGE: (60, 1),
    ObligationKind.SESSIONS: (90, 2),
}
REMINDER_STAGES = (("due30", 30), ("due7", 7))  # then "overdue" once the due date has passed


@transaction.atomic
def programme_mark_returned(
    *, actor: User | None, programme: OverseasProgramme, today: datetime.date | None = None
) -> list[Obligation]:
    """The committee records the group's return; each selected applicant gets their obligations."""
    if actor is not None:
        require_manager(actor, programme.sentra_id)
    programme = OverseasProgramme.objects.select_for_update().get(pk=programme.pk)
    day = today or today_in(programme.sentra)
    if programme.status != ProgrammeStatus.DECIDED:
        raise ValidationError({"status": [_("Only a decided programme can be marked as returned.")]})
    if day < programme.returns_on:
        raise ValidationError({"returns_on": [_("The group is not due back yet.")]})
    created = []
    for application in programme.applications.filter(status=ApplicationStatus.SELECTED).select_related(
        "staff"
    ):
        for kind, (days, target) in OBLIGATION_TERMS.items():
            obligation, made = Obligation.objects.get_or_create(
                application=application,
                kind=kind,
                defaults={"due_on": programme.returns_on + datetime.timedelta(days=days), "target": target},
            )
            if made:
                audit.record_create(
                    actor=actor,
                    instance=obligation,
                    sentra_id=application.staff.sentra_id,
                    actor_label="system",
                )
                created.append(obligation)
    before = audit.snapshot(programme)
    programme.status = ProgrammeStatus.RETURNED
    programme.save()
    audit.record_update(
        actor=actor, instance=programme, before=before, sentra_id=programme.sentra_id, actor_label="system"
    )
    send_obligation_reminders(today=day, programme=programme)
    return created


@transaction.atomic
def obligation_record(
    *, actor: User, obligation: Obligation, delivered: int, evidence: str, done_on: datetime.date | None
) -> Obligation:
    """The returnee reports progress; HR or the head of their centre may record it for them."""
    application = obligation.application
    if application.staff.user_id != actor.pk and not manages(actor, application.staff.sentra_id):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if delivered < 0:
        errors["delivered"] = [_("The number delivered cannot be negative.")]
    if done_on is not None and delivered < obligation.target:
        errors["done_on"] = [
            _("It is done only when %(target)s have been delivered.") % {"target": obligation.target}
        ]
    if done_on is not None and not evidence.strip():
        errors["evidence"] = [_("Describe or link the evidence (report, attendance list, entry).")]
    if done_on is not None and done_on < application.programme.returns_on:
        errors["done_on"] = [_("An obligation cannot be done before the return.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(obligation)
    obligation.delivered = delivered
    obligation.evidence = evidence.strip()
    obligation.done_on = done_on
    obligation.save()
    audit.record_update(
        actor=actor, instance=obligation, before=before, sentra_id=application.staff.sentra_id
    )
    return obligation


def _stage(due_on: datetime.date, today: datetime.date) -> str | None:
    days = (due_on - today).days
    if days < 0:
        return "overdue"
    for name, ahead in reversed(REMINDER_STAGES):
        if days <= ahead:
            return name
    return None


def _recipients(application: Application) -> list[User]:
    """The returnee and the HR staff of their centre."""
    people = list(
        User.objects.filter(memberships__sentra_id=application.staff.sentra_id, role="hr", is_active=True)
    )
    if application.staff.user_id is not None and application.staff.user is not None:
        people.insert(0, application.staff.user)
    return people


def send_obligation_reminders(
    *, today: datetime.date | None = None, programme: OverseasProgramme | None = None
) -> int:
    """Create the reminders due today; safe to run any number of times (one per obligation, stage
    and recipient). Returns how many were created."""
    day = today or today_in(None)
    rows = Obligation.objects.filter(done_on__isnull=True).select_related("application__staff__user")
    if programme is not None:
        rows = rows.filter(application__programme=programme)
    created = 0
    for obligation in rows:
        stage = _stage(obligation.due_on, day)
        if stage is None:
            continue
        for person in _recipients(obligation.application):
            _, made = ObligationReminder.objects.get_or_create(
                obligation=obligation, stage=stage, recipient=person
            )
            created += int(made)
    return created


@transaction.atomic
def reminder_read(*, actor: User, reminder: ObligationReminder) -> ObligationReminder:
    if reminder.recipient_id != actor.pk:
        raise PermissionDenied
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder
