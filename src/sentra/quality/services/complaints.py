"""Complaints: filed by anyone (web) or recorded by staff, then triaged, assigned, answered, resolved.

Deadlines are counted in working days from the day of receipt in the centre's time zone, skipping
weekends and public holidays (``PublicHoliday``). A periodic task reminds handlers before a deadline
and escalates after it: first to the centre head, then to the ministry's national analysts.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra, ServiceComponent
from sentra.quality import conf
from sentra.quality.models import (
    COMPLAINT_DESK_ROLES,
    AlertKind,
    Complaint,
    ComplaintAbout,
    ComplaintAlert,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintStatus,
    EventKind,
)
from sentra.quality.rules.codes import TRACKING_CODE_LENGTH, looks_like_code, normalise_code
from sentra.quality.rules.complaints import (
    DeadlineKind,
    Escalation,
    Status,
    can_move,
    escalation_due,
    pending_deadlines,
)
from sentra.quality.services._common import PUBLIC, centre_today, is_member, minutes, rate_limited
from sentra.quality.services.holidays import deadline, holiday_dates

DESCRIPTION_MIN = 10
TEXT_MAX = 5000
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
# File types by their first bytes (not by name or browser claim): JPEG, PNG, PDF.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


@dataclass(frozen=True)
class ComplaintInput:
    category_code: str
    about: str
    description: str
    service_code: str = ""
    subject_staff_id: int | None = None
    subject_staff_name: str = ""
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def sniff(content: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if content.startswith(signature):
            return content_type
    return None


def _upload_errors(uploads: Sequence[Upload]) -> list[str]:
    errors: list[str] = []
    limit = conf.complaint_max_files()
    if len(uploads) > limit:
        errors.append(_("Attach at most {max} files.").format(max=limit))
    max_bytes = conf.complaint_max_file_bytes()
    for upload in uploads:
        if len(upload.content) > max_bytes:
            errors.append(
                _("{name} is larger than {max} MB.").format(name=upload.name, max=max_bytes // (1024 * 1024))
            )
        elif not upload.content:
            errors.append(_("{name} is empty.").format(name=upload.name))
        elif sniff(upload.content) is None:
            errors.append(
                _("{name} is not a JPEG or PNG picture or a PDF document.").format(name=upload.name)
            )
    return errors


def _staff_ids(sentra_id: int) -> set[int]:
    from sentra.quality.services.responses import staff_of

    return {user.pk for user in staff_of(sentra_id)}


def _check(
    sentra: Sentra, data: ComplaintInput, uploads: Sequence[Upload]
) -> tuple[dict[str, list[str]], ComplaintCategory | None, ServiceComponent | None]:
    errors: dict[str, list[str]] = {}
    category = ComplaintCategory.objects.filter(code=data.category_code, is_active=True).first()
    if category is None:
        errors["category"] = [_("Choose what the complaint is about.")]
    service = None
    if data.about not in ComplaintAbout.values:
        errors["about"] = [_("Say whether the complaint is about the centre, a service or a staff member.")]
    elif data.about == ComplaintAbout.SERVICE:
        service = ServiceComponent.objects.filter(code=data.service_code).first()
        if service is None:
            errors["service"] = [_("Choose the service the complaint is about.")]
    elif data.about == ComplaintAbout.STAFF:
        if data.subject_staff_id is None and not data.subject_staff_name.strip():
            errors["subject_staff_name"] = [
                _("Name the staff member, or describe them if you do not know the name.")
            ]
        elif data.subject_staff_id is not None and data.subject_staff_id not in _staff_ids(sentra.pk):
            errors["subject_staff"] = [_("Choose a staff member of this centre.")]
    description = data.description.strip()
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = [
            _("Describe what happened in at least {min} characters.").format(min=DESCRIPTION_MIN)
        ]
    elif len(description) > TEXT_MAX:
        errors["description"] = [_("Keep the complaint under {max} characters.").format(max=TEXT_MAX)]
    if not data.anonymous:
        if not data.name.strip():
            errors["name"] = [_("Give your name, or choose to complain anonymously.")]
        if data.phone.strip() and not PHONE_RE.match(data.phone.strip()):
            errors["phone"] = [_("Use digits, spaces, brackets or dashes, e.g. 0812 3456 7890.")]
        if data.email.strip():
            try:
                validate_email(data.email.strip())
            except ValidationError:
                errors["email"] = [_("Enter a valid email address.")]
    if upload_errors := _upload_errors(uploads):
        errors["attachments"] = upload_errors
    return errors, category, service


def _create(
    *,
    sentra: Sentra,
    data: ComplaintInput,
    uploads: Sequence[Upload],
    channel: str,
    actor: User | None,
    lapor_reference: str = "",
    received_at: datetime.datetime | None = None,
) -> Complaint:
    errors, category, service = _check(sentra, data, uploads)
    if len(lapor_reference.strip()) > 40:
        errors["lapor_reference"] = [_("A LAPOR! reference has at most 40 characters.")]
    now = timezone.now()
    if received_at is not None and received_at > now:
        errors["received_at"] = [_("The complaint cannot have been received in the future.")]
    if errors:
        raise ValidationError(errors)
    assert category is not None  # checked above
    received = received_at or now
    day = centre_today(sentra, received)
    holidays = holiday_dates()
    complaint = Complaint(
        sentra=sentra,
        channel=channel,
        lapor_reference=lapor_reference.strip(),
        category=category,
        about=data.about,
        service=service,
        subject_staff_id=data.subject_staff_id if data.about == ComplaintAbout.STAFF else None,
        subject_staff_name=data.subject_staff_name.strip()[:150]
        if data.about == ComplaintAbout.STAFF
        else "",
        description=data.description.strip(),
        anonymous=data.anonymous,
        complainant_name="" if data.anonymous else data.name.strip()[:150],
        complainant_phone="" if data.anonymous else data.phone.strip(),
        complainant_email="" if data.anonymous else data.email.strip(),
        received_at=received,
        respond_by=deadline(day, category.response_days, holidays),
        resolve_by=deadline(day, category.resolution_days, holidays),
        recorded_by=actor,
    )
    while Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():
        complaint.tracking_code = Complaint._meta.get_field("tracking_code").get_default()
    written: list[ComplaintAttachment] = []
    try:
        with transaction.atomic():
            complaint.save()
            audit.record_create(
                actor=actor, instance=complaint, sentra_id=sentra.pk, actor_label=None if actor else PUBLIC
            )
            ComplaintEvent.objects.create(
                complaint=complaint, actor=actor, kind=EventKind.RECEIVED, public=True
            )
            for upload in uploads:
                attachment = ComplaintAttachment(
                    complaint=complaint,
                    original_name=upload.name[:200],
                    content_type=sniff(upload.content) or "",
                    size=len(upload.content),
                    sha256=hashlib.sha256(upload.content).hexdigest(),
                )
                attachment.file.save("upload", ContentFile(upload.content), save=False)
                written.append(attachment)
                attachment.save()
    except Exception:
        for attachment in written:  # the rows are gone with the transaction; so must the files be
            attachment.file.delete(save=False)
        raise
    return complaint


def complaint_file(
    *, sentra: Sentra, data: ComplaintInput, uploads: Sequence[Upload] = (), address: str | None = None
) -> Complaint:
    """A complaint from the public web form (no account; anonymous if the person wishes)."""
    if rate_limited(
        "complaint",
        address,
        limit=conf.complaint_rate_limit(),
        window_seconds=conf.complaint_rate_window_seconds(),
    ):
        message = _(
            "Too many complaints were sent from your connection. Please try again in {minutes} minutes."
        ).format(minutes=minutes(conf.complaint_rate_window_seconds()))
        raise ValidationError({"__all__": [message]})
    return _create(sentra=sentra, data=data, uploads=uploads, channel=ComplaintChannel.WEB, actor=None)


def complaint_record(
    *,
    actor: User,
    sentra: Sentra,
    data: ComplaintInput,
    channel: str,
    uploads: Sequence[Upload] = (),
    lapor_reference: str = "",
    received_at: datetime.datetime | None = None,
) -> Complaint:
    """A complaint received by phone, SMS, in person, by letter or through LAPOR!, typed in by staff."""
    _require_desk(actor, sentra.pk)
    if channel not in ComplaintChannel.values or channel == ComplaintChannel.WEB:
        raise ValidationError({"channel": [_("Choose how the complaint was received.")]})
    return _create(
        sentra=sentra,
        data=data,
        uploads=uploads,
        channel=channel,
        actor=actor,
        lapor_reference=lapor_reference,
        received_at=received_at,
    )


# --- handling ----------------------------------------------------------------------------------------


def _require_desk(actor: User, sentra_id: int) -> None:
    if actor.role == "sysadmin":
        return
    if actor.role not in COMPLAINT_DESK_ROLES or not is_member(actor, sentra_id):
        raise PermissionDenied


def _require_not_named(actor: User, complaint: Complaint) -> None:
    """A staff member a complaint names never handles it."""
    if complaint.names(actor):
        raise PermissionDenied


def may_handle(actor: User, complaint: Complaint) -> bool:
    """Answer and resolve: the handler it is assigned to, the centre head, or an administrator."""
    if complaint.names(actor):
        return False
    if actor.role == "sysadmin" or complaint.assigned_to_id == actor.pk:
        return True
    return actor.role == "centre_head" and is_member(actor, complaint.sentra_id)


def may_triage(actor: User, complaint: Complaint) -> bool:
    if complaint.names(actor):
        return False
    return actor.role == "sysadmin" or (
        actor.role in COMPLAINT_DESK_ROLES and is_member(actor, complaint.sentra_id)
    )


def _move(complaint: Complaint, target: Status) -> None:
    if not can_move(complaint.status, target):
        current = ComplaintStatus(complaint.status).label
        raise ValidationError(
            {"status": [_("A complaint that is '{status}' cannot do this now.").format(status=current)]}
        )
    complaint.status = target.value


def _event(complaint: Complaint, actor: User | None, kind: str, text: str = "", public: bool = False) -> None:
    ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=kind, text=text, public=public)


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
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_desk(actor, complaint.sentra_id)
    _require_not_named(actor, complaint)
    errors: dict[str, list[str]] = {}
    category = ComplaintCategory.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        errors["category"] = [_("Choose a category.")]
    if subject_staff_id is not None and subject_staff_id not in _staff_ids(complaint.sentra_id):
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
    _event(complaint, actor, EventKind.TRIAGED, note.strip()[:TEXT_MAX])
    return complaint


@transaction.atomic
def complaint_assign(*, actor: User, complaint: Complaint, assignee_id: int, note: str = "") -> Complaint:
    """Give the complaint to a handler of the centre; never to a staff member it names."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_desk(actor, complaint.sentra_id)
    _require_not_named(actor, complaint)
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
    _event(complaint, actor, EventKind.ASSIGNED, note.strip()[:TEXT_MAX])
    ComplaintAlert.objects.get_or_create(complaint=complaint, recipient=assignee, kind=AlertKind.ASSIGNED)
    return complaint


@transaction.atomic
def complaint_respond(*, actor: User, complaint: Complaint, text: str) -> Complaint:
    """Answer the complainant (shown on the tracking page). May be sent again with news."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_handle(actor, complaint):
        raise PermissionDenied
    answer = _text(text, "response", _("Write the answer to the complainant."))
    before = audit.snapshot(complaint)
    _move(complaint, Status.RESPONDED)
    complaint.response = answer
    complaint.first_response_at = complaint.first_response_at or timezone.now()
    complaint.save()
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    _event(complaint, actor, EventKind.RESPONSE, answer, public=True)
    return complaint


@transaction.atomic
def complaint_resolve(*, actor: User, complaint: Complaint, text: str) -> Complaint:
    """Record the outcome (shown to the complainant, who may then rate the handling)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_handle(actor, complaint):
        raise PermissionDenied
    outcome = _text(text, "resolution", _("Write what was done about the complaint."))
    before = audit.snapshot(complaint)
    _move(complaint, Status.RESOLVED)
    complaint.resolution = outcome
    complaint.resolved_at = timezone.now()
    complaint.first_response_at = complaint.first_response_at or complaint.resolved_at
    complaint.save()
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    _event(complaint, actor, EventKind.RESOLVED, outcome, public=True)
    return complaint


@transaction.atomic
def complaint_reopen(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require_desk(actor, complaint.sentra_id)
    _require_not_named(actor, complaint)
    why = _text(reason, "reason", _("Say why the complaint is reopened."))
    before = audit.snapshot(complaint)
    _move(complaint, Status.ASSIGNED)
    complaint.resolved_at = None
    complaint.save()
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    _event(complaint, actor, EventKind.REOPENED, why)
    return complaint


@transaction.atomic
def complaint_note(*, actor: User, complaint: Complaint, text: str) -> ComplaintEvent:
    """An internal note by anyone who sees the complaint (not the staff member it names)."""
    complaint = Complaint.objects.get(pk=complaint.pk)
    _require_not_named(actor, complaint)
    if not Complaint.objects.visible_to(actor).filter(pk=complaint.pk).exists():
        raise PermissionDenied
    note = _text(text, "text", _("Write the note."))
    event = ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=EventKind.NOTE, text=note)
    audit.record_create(actor=actor, instance=event, sentra_id=complaint.sentra_id)
    return event


# --- the public tracking page ------------------------------------------------------------------------


def tracking_lookup(*, code: str, address: str | None = None) -> Complaint | None:
    """The complaint behind a tracking code, or None; look-ups are rate limited per address."""
    if rate_limited(
        "tracking",
        address,
        limit=conf.tracking_rate_limit(),
        window_seconds=conf.complaint_rate_window_seconds(),
    ):
        raise ValidationError(
            {
                "code": [
                    _(
                        "Too many look-ups from your connection. Please try again in {minutes} minutes."
                    ).format(minutes=minutes(conf.complaint_rate_window_seconds()))
                ]
            }
        )
    if not looks_like_code(code, TRACKING_CODE_LENGTH):
        return None
    return (
        Complaint.objects.select_related("sentra", "category")
        .filter(tracking_code=normalise_code(code))
        .first()
    )


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating: int, comment: str = "") -> Complaint:
    """The complainant rates the handling once the complaint is resolved (once)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    errors: dict[str, list[str]] = {}
    if complaint.status != Status.RESOLVED:
        errors["__all__"] = [_("You can rate the handling once the complaint is resolved.")]
    elif complaint.rating is not None:
        errors["__all__"] = [_("The handling of this complaint has already been rated.")]
    if not (isinstance(rating, int) and 1 <= rating <= 4):
        errors["rating"] = [_("Choose a rating from 1 to 4.")]
    if len(comment) > 2000:
        errors["comment"] = [_("Keep the comment under 2000 characters.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(complaint)
    complaint.rating = rating
    complaint.rating_comment = comment.strip()
    complaint.rated_at = timezone.now()
    complaint.save(update_fields=["rating", "rating_comment", "rated_at"])
    audit.record_update(
        actor=None, instance=complaint, before=before, sentra_id=complaint.sentra_id, actor_label=PUBLIC
    )
    _event(complaint, None, EventKind.RATED, str(rating))
    return complaint


# --- deadlines: reminders and escalation --------------------------------------------------------------


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
    _event(complaint, None, EventKind.ESCALATED, str(complaint.get_escalation_level_display()))
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
