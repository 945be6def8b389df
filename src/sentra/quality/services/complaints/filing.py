"""Complaints filed by anyone on the web form, or recorded by staff from other channels.

Deadlines are counted in working days from the day of receipt in the centre's time zone, skipping
weekends and public holidays (``PublicHoliday``).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
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
    Complaint,
    ComplaintAbout,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    EventKind,
)
from sentra.quality.services._common import PUBLIC, centre_today, minutes, rate_limited
from sentra.quality.services.complaints.access import (
    TEXT_MAX,
    require_desk,
    staff_ids,
)
from sentra.quality.services.holidays import deadline, holiday_dates

DESCRIPTION_MIN = 10
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
        elif data.subject_staff_id is not None and data.subject_staff_id not in staff_ids(sentra.pk):
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
    require_desk(actor, sentra.pk)
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
