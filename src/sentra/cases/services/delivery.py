"""Service delivery, social assistance, progress notes, case conferences and attachments."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.cases import rules
from sentra.cases.models import (
    AssistanceKind,
    Attachment,
    AttachmentKind,
    Attendance,
    Case,
    CaseConference,
    NoteKind,
    PlannedService,
    PlanStatus,
    ProgressNote,
    ServiceDelivery,
    SocialAssistance,
)
from sentra.cases.services._common import (
    Errors,
    full_clean,
    is_centre_staff,
    is_member,
    may_contribute,
    require,
    require_open,
    today,
)
from sentra.cases.services.plans import resolve_tag
from sentra.core import audit
from sentra.core.models import User

MAX_SESSION_MINUTES = 12 * 60


def _check_day(day: datetime.date | None, case: Case, errors: Errors, field: str) -> None:
    if day is None:
        errors.add(field, _("Give the date."))
    elif day > today():
        errors.add(field, _("The date cannot be in the future."))
    elif day < case.opened_on:
        errors.add(field, _("The date lies before the case was opened."))


@transaction.atomic
def service_log(
    *,
    actor: User,
    case: Case,
    delivered_on: datetime.date | None,
    provider: User | None,
    component: str,
    attendance: str,
    duration_minutes: int = 0,
    subtype: str = "",
    notes: str = "",
    planned_service: PlannedService | None = None,
) -> ServiceDelivery:
    """Log one session or provision, tagged with exactly one ATENSI component (and sub-type)."""
    require(may_contribute(actor, case))
    require_open(case)
    errors = Errors()
    _check_day(delivered_on, case, errors, "delivered_on")
    if planned_service is not None:
        if planned_service.plan.case_id != case.pk or planned_service.plan.status != PlanStatus.APPROVED:
            errors.add("planned_service", _("Choose a service of the case's approved plan."))
        else:
            component = planned_service.component.code
            subtype = planned_service.subtype.code if planned_service.subtype else ""
    component_row, subtype_row = resolve_tag(component, subtype, errors)
    if provider is None:
        errors.add("provider", _("Name who gave the service."))
    elif not is_member(provider, case.sentra_id):
        errors.add("provider", _("The provider must work in the case's centre."))
    if attendance not in Attendance.values:
        errors.add("attendance", _("Choose the attendance."))
    if not 0 <= duration_minutes <= MAX_SESSION_MINUTES:
        errors.add("duration_minutes", _("Between 0 and 720 minutes."))
    errors.raise_if_any()
    assert delivered_on is not None
    delivery = ServiceDelivery(
        case=case,
        delivered_on=delivered_on,
        duration_minutes=duration_minutes,
        provider=provider,
        component=component_row,
        subtype=subtype_row,
        planned_service=planned_service,
        attendance=attendance,
        notes=notes.strip(),
        recorded_by=actor,
    )
    full_clean(delivery, errors)
    errors.raise_if_any()
    delivery.save()
    audit.record_create(actor=actor, instance=delivery, sentra_id=case.sentra_id)
    return delivery


@transaction.atomic
def assistance_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    given_on: datetime.date | None,
    amount: Decimal | None = None,
    items: str = "",
    programme: str = "",
    notes: str = "",
) -> SocialAssistance:
    """Cash (an amount in rupiah) or in-kind help (the items)."""
    require(may_contribute(actor, case) or is_centre_staff(actor, case.sentra_id))
    require_open(case)
    errors = Errors()
    _check_day(given_on, case, errors, "given_on")
    if kind == AssistanceKind.CASH:
        if amount is None or amount <= 0:
            errors.add("amount", _("Give the amount in rupiah."))
        items = items.strip()
    elif kind == AssistanceKind.IN_KIND:
        if not items.strip():
            errors.add("items", _("List the items given."))
        if amount is not None:
            errors.add("amount", _("In-kind help has no amount; list the items."))
    else:
        errors.add("kind", _("Choose cash or in kind."))
    errors.raise_if_any()
    assert given_on is not None
    row = SocialAssistance(
        case=case,
        kind=kind,
        given_on=given_on,
        amount=amount if kind == AssistanceKind.CASH else None,
        items=items.strip(),
        programme=programme.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    full_clean(row, errors)
    errors.raise_if_any()
    row.save()
    audit.record_create(actor=actor, instance=row, sentra_id=case.sentra_id)
    return row


@transaction.atomic
def note_add(
    *,
    actor: User,
    case: Case,
    text: str,
    kind: str = NoteKind.PROGRESS,
    written_on: datetime.date | None = None,
) -> ProgressNote:
    """A progress note, home visit or after-care follow-up (assessment summaries come with the stage move)."""
    require(may_contribute(actor, case))
    errors = Errors()
    if kind not in (NoteKind.PROGRESS, NoteKind.HOME_VISIT, NoteKind.FOLLOW_UP):
        errors.add("kind", _("Choose the kind of note."))
    if kind != NoteKind.FOLLOW_UP:
        require_open(case)
    day = written_on or today()
    _check_day(day, case, errors, "written_on")
    note = ProgressNote(case=case, kind=kind, text=text.strip(), written_on=day, written_by=actor)
    full_clean(note, errors)
    errors.raise_if_any()
    note.save()
    audit.record_create(actor=actor, instance=note, sentra_id=case.sentra_id)
    return note


@transaction.atomic
def conference_record(
    *,
    actor: User,
    case: Case,
    held_on: datetime.date | None,
    decisions: str,
    participants: Sequence[User] = (),
    other_participants: str = "",
    discussion: str = "",
) -> CaseConference:
    require(may_contribute(actor, case))
    require_open(case)
    errors = Errors()
    _check_day(held_on, case, errors, "held_on")
    outsiders = [person for person in participants if not is_member(person, case.sentra_id)]
    if outsiders:
        errors.add("participants", _("Staff participants must work in the case's centre; name others below."))
    if not participants and not other_participants.strip():
        errors.add("participants", _("Name who took part."))
    conference = CaseConference(
        case=case,
        held_on=held_on or today(),
        other_participants=other_participants.strip(),
        discussion=discussion.strip(),
        decisions=decisions.strip(),
        recorded_by=actor,
    )
    full_clean(conference, errors)
    errors.raise_if_any()
    conference.save()
    conference.participants.set(participants)
    audit.record_create(actor=actor, instance=conference, sentra_id=case.sentra_id)
    return conference


def attachment_problem_message(problem: rules.AttachmentProblem, max_bytes: int) -> str:
    allowed = ", ".join(sorted({ext.upper() for ext in rules.ATTACHMENT_TYPES if ext != "jpeg"}))
    messages = {
        rules.AttachmentProblem.EMPTY: _("The file is empty."),
        rules.AttachmentProblem.TOO_LARGE: _("The file is larger than {size} MB.").format(
            size=max_bytes // (1024 * 1024)
        ),
        rules.AttachmentProblem.TYPE_NOT_ALLOWED: _("Allowed file types: {types}.").format(types=allowed),
        rules.AttachmentProblem.CONTENT_MISMATCH: _("The file's content does not match its type."),
    }
    return str(messages[problem])


def attachment_max_bytes() -> int:
    return int(getattr(settings, "SENTRA_ATTACHMENT_MAX_BYTES", rules.ATTACHMENT_MAX_BYTES))


@transaction.atomic
def attachment_add(
    *, actor: User, case: Case, upload: UploadedFile | None, kind: str, description: str = ""
) -> Attachment:
    """Store a scan or report under MEDIA_ROOT (random name); it is served only after an access check."""
    require(may_contribute(actor, case))
    errors = Errors()
    if kind not in AttachmentKind.values:
        errors.add("kind", _("Choose the type of document."))
    if upload is None:
        errors.add("file", _("Choose a file."))
        errors.raise_if_any()
    assert upload is not None
    max_bytes = attachment_max_bytes()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    check = rules.check_attachment(
        name=upload.name or "", size=upload.size or 0, head=head, max_bytes=max_bytes
    )
    for problem in check.problems:
        errors.add("file", attachment_problem_message(problem, max_bytes))
    errors.raise_if_any()
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        case=case,
        kind=kind,
        original_name=(upload.name or "file")[:200],
        content_type=check.content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        description=description.strip(),
        uploaded_by=actor,
    )
    full_clean(attachment, errors, exclude=["file"])
    errors.raise_if_any()
    attachment.file.save(upload.name or "file", upload, save=False)
    # Delete the stored file if the transaction fails, so nothing is left half-saved on disk.
    stored_name = attachment.file.name
    try:
        attachment.save()
        audit.record_create(actor=actor, instance=attachment, sentra_id=case.sentra_id)
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    return attachment


def attachment_open(*, actor: User, attachment: Attachment) -> Attachment:
    """Log the read (UU PDP) before the file is served; the caller fetched it through visible_to."""
    audit.record_access(
        actor=actor,
        instance=attachment,
        category="case_document",
        purpose=attachment.get_kind_display(),
        sentra_id=attachment.case.sentra_id,
    )
    return attachment


__all__ = [
    "assistance_record",
    "attachment_add",
    "attachment_open",
    "conference_record",
    "note_add",
    "service_log",
]
