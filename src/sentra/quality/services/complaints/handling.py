"""Handling a complaint: triage, assignment, answer, resolution, reopening and internal notes."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.quality.models import (
    AlertKind,
    Complaint,
    ComplaintAbout,
    ComplaintAlert,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    EventKind,
)
from sentra.quality.rules.complaints import (
    Status,
    can_move,
)
from sentra.quality.services._common import centre_today, is_member
from sentra.quality.services.complaints.access import (
    TEXT_MAX,
    add_event,
    may_handle,
    require_desk,
    require_not_named,
    staff_ids,
)
from sentra.quality.services.holidays import deadline, holiday_dates


def _locked_for_desk(actor: User, complaint: Complaint) -> Complaint:
    """Lock the complaint for a complaints-desk step; refuse anyone the complaint names."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    require_desk(actor, complaint.sentra_id)
    require_not_named(actor, complaint)
    return complaint


def _move(complaint: Complaint, target: Status) -> None:
    if not can_move(complaint.status, target):
        current = ComplaintStatus(complaint.status).label
        raise ValidationError(
            {"status": [_("A complaint that is '{status}' cannot do this now.").format(status=current)]}
        )
    complaint.status = target.value


def _text(text: str, field: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({field: [what]})
    if len(cleaned) > TEXT_MAX:
        raise ValidationError({field: [_("Keep it under {max} characters.").format(max=TEXT_MAX)]})
    return cleaned


@transaction.atomic
def complaint_triage(
    *,
    actor: User,
    complaint: Complaint,
    category_code: str,
    subject_staff_id: int | None = None,
    note: str = "",
) -> Complaint:
    """Check a new complaint: confirm or correct its category (deadlines follow) and who it names."""
    complaint = _locked_for_desk(actor, complaint)
    errors: dict[str, list[str]] = {}
    category = ComplaintCategory.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        errors["category"] = [_("Choose a category.")]
    if subject_staff_id is not None and subject_staff_id not in staff_ids(complaint.sentra_id):
        errors["subject_staff"] = [_("Choose a staff member of this centre.")]
    if subject_staff_id is not None and subject_staff_id == actor.pk:
        errors["subject_staff"] = [_("You cannot triage a complaint about yourself; ask a colleague.")]
    if errors:
        raise ValidationError(errors)
    assert category is not None
    before = audit.snapshot(complaint)
    _move(complaint, Status.TRIAGED)
    if category.pk != complaint.category_id:
        day = centre_today(complaint.sentra, complaint.received_at)
        holidays = holiday_dates()
        complaint.category = category
        complaint.respond_by = deadline(day, category.response_days, holidays)
        complaint.resolve_by = deadline(day, category.resolution_days, holidays)
    if subject_staff_id is not None:
        complaint.about = ComplaintAbout.STAFF
        complaint.subject_staff_id = subject_staff_id
    complaint.triaged_at = timezone.now()
    complaint.save()
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    add_event(complaint, actor, EventKind.TRIAGED, note.strip()[:TEXT_MAX])
    return complaint


@transaction.atomic
def complaint_assign(*, actor: User, complaint: Complaint, assignee_id: int, note: str = "") -> Complaint:
    """Give the complaint to a handler of the centre; never to a staff member it names."""
    complaint = _locked_for_desk(actor, complaint)
    assignee = User.objects.filter(pk=assignee_id, is_active=True).first()
    if assignee is None or not is_member(assignee, complaint.sentra_id):
        raise ValidationError({"assigned_to": [_("Choose an active staff member of this centre.")]})
    if complaint.names(assignee):
        raise ValidationError(
            {"assigned_to": [_("The complaint names this staff member: choose someone else.")]}
        )
    before = audit.snapshot(complaint)
    if complaint.status == Status.TRIAGED:
        _move(complaint, Status.ASSIGNED)
    elif complaint.status not in (Status.ASSIGNED, Status.RESPONDED):
        raise ValidationError({"status": [_("Check the complaint (triage) before assigning it.")]})
    complaint.assigned_to = assignee
    complaint.save()
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    add_event(complaint, actor, EventKind.ASSIGNED, note.strip()[:TEXT_MAX])
    ComplaintAlert.objects.get_or_create(complaint=complaint, recipient=assignee, kind=AlertKind.ASSIGNED)
    return complaint


def _step(
    *,
    actor: User,
    complaint: Complaint,
    target: Status,
    kind: str,
    text: str,
    public: bool,
    apply: Callable[[Complaint], None],
) -> Complaint:
    """Move a (locked) complaint to ``target``, change it, save, audit and put the step on its timeline."""
    before = audit.snapshot(complaint)
    _move(complaint, target)
    apply(complaint)
    complaint.save()
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    add_event(complaint, actor, kind, text, public=public)
    return complaint


def _locked_for_handler(actor: User, complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_handle(actor, complaint):
        raise PermissionDenied
    return complaint


@transaction.atomic
def complaint_respond(*, actor: User, complaint: Complaint, text: str) -> Complaint:
    """Answer the complainant (shown on the tracking page). May be sent again with news."""
    complaint = _locked_for_handler(actor, complaint)
    answer = _text(text, "response", _("Write the answer to the complainant."))

    def apply(item: Complaint) -> None:
        item.response = answer
        item.first_response_at = item.first_response_at or timezone.now()

    return _step(
        actor=actor,
        complaint=complaint,
        target=Status.RESPONDED,
        kind=EventKind.RESPONSE,
        text=answer,
        public=True,
        apply=apply,
    )


@transaction.atomic
def complaint_resolve(*, actor: User, complaint: Complaint, text: str) -> Complaint:
    """Record the outcome (shown to the complainant, who may then rate the handling)."""
    complaint = _locked_for_handler(actor, complaint)
    outcome = _text(text, "resolution", _("Write what was done about the complaint."))

    def apply(item: Complaint) -> None:
        item.resolution = outcome
        item.resolved_at = timezone.now()
        item.first_response_at = item.first_response_at or item.resolved_at

    return _step(
        actor=actor,
        complaint=complaint,
        target=Status.RESOLVED,
        kind=EventKind.RESOLVED,
        text=outcome,
        public=True,
        apply=apply,
    )


@transaction.atomic
def complaint_reopen(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    complaint = _locked_for_desk(actor, complaint)
    why = _text(reason, "reason", _("Say why the complaint is reopened."))

    def apply(item: Complaint) -> None:
        item.resolved_at = None

    return _step(
        actor=actor,
        complaint=complaint,
        target=Status.ASSIGNED,
        kind=EventKind.REOPENED,
        text=why,
        public=False,
        apply=apply,
    )


@transaction.atomic
def complaint_note(*, actor: User, complaint: Complaint, text: str) -> ComplaintEvent:
    """An internal note by anyone who sees the complaint (not the staff member it names)."""
    complaint = Complaint.objects.get(pk=complaint.pk)
    require_not_named(actor, complaint)
    if not Complaint.objects.visible_to(actor).filter(pk=complaint.pk).exists():
        raise PermissionDenied
    note = _text(text, "text", _("Write the note."))
    event = ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=EventKind.NOTE, text=note)
    audit.record_create(actor=actor, instance=event, sentra_id=complaint.sentra_id)
    return event
