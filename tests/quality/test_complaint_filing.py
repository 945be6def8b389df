"""Anyone files a complaint without an account; staff record the other channels; files are checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import AuditEvent, Role
from sentra.quality import services
from sentra.quality.models import Complaint, ComplaintAttachment, ComplaintStatus
from sentra.quality.rules.codes import looks_like_code
from tests.quality.factories import complaint_input, file_complaint

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


def test_a_named_complaint_with_a_tracking_code(centre_a) -> None:
    complaint = file_complaint(centre_a)
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.channel == "web"
    assert looks_like_code(complaint.tracking_code, 12)
    assert complaint.complainant_name == "Sari Wulandari"
    assert complaint.respond_by <= complaint.resolve_by
    event = AuditEvent.objects.get(object_type="quality.complaint", object_id=str(complaint.pk))
    assert event.actor_label == "public"
    assert event.changes["complainant_name"] == [None, "[redacted]"]


def test_identity_is_encrypted_at_rest(centre_a) -> None:
    from django.db import connection

    complaint = file_complaint(centre_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT complainant_name FROM quality_complaint WHERE id = %s", [complaint.pk])
        stored = cursor.fetchone()[0]
    assert "Sari" not in stored


def test_an_anonymous_complaint_keeps_no_identity(centre_a) -> None:
    complaint = file_complaint(centre_a, anonymous=True, name="ignored", phone="0812", email="x@example.org")
    assert complaint.anonymous
    assert (complaint.complainant_name, complaint.complainant_phone, complaint.complainant_email) == (
        "",
        "",
        "",
    )


def test_about_a_service_or_a_staff_member(centre_a, make_user) -> None:
    staff = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    about_service = file_complaint(centre_a, about="service", service_code="terapi")
    assert about_service.service.code == "terapi"
    about_staff = file_complaint(centre_a, about="staff", subject_staff_id=staff.pk)
    assert about_staff.subject_staff == staff
    by_name = file_complaint(centre_a, about="staff", subject_staff_name="petugas berbaju biru di loket")
    assert by_name.subject_staff is None
    assert by_name.subject_staff_name == "petugas berbaju biru di loket"


def test_every_problem_is_named_and_nothing_saved(centre_a, centre_b, make_user) -> None:
    outsider = make_user(role=Role.CASE_MANAGER, centres=(centre_b,))
    with pytest.raises(ValidationError) as exc:
        file_complaint(
            centre_a,
            category_code="nope",
            about="staff",
            subject_staff_id=outsider.pk,
            description="x",
            name="",
        )
    assert set(exc.value.message_dict) == {"category", "subject_staff", "description", "name"}
    with pytest.raises(ValidationError) as exc:
        file_complaint(centre_a, about="service", service_code="", phone="call me", email="not-an-email")
    assert set(exc.value.message_dict) == {"service", "phone", "email"}
    assert Complaint.objects.count() == 0


def test_attachments_are_checked_by_content_and_size(centre_a, media, settings) -> None:
    settings.SENTRA_COMPLAINT_MAX_FILE_MB = 1
    uploads = [services.Upload("foto.png", PNG), services.Upload("surat.pdf", PDF)]
    complaint = services.complaint_file(
        sentra=centre_a, data=complaint_input(), uploads=uploads, address="203.0.113.1"
    )
    stored = list(complaint.attachments.order_by("id"))
    assert [(item.original_name, item.content_type) for item in stored] == [
        ("foto.png", "image/png"),
        ("surat.pdf", "application/pdf"),
    ]
    assert all("foto" not in item.file.name and item.file.name.startswith("complaints/") for item in stored)
    assert (media / stored[0].file.name).read_bytes() == PNG
    bad = [
        services.Upload("virus.png", b"MZ\x90\x00 not a picture"),
        services.Upload("big.pdf", b"%PDF-" + b"x" * (1024 * 1024)),
        services.Upload("empty.jpg", b""),
    ]
    with pytest.raises(ValidationError) as exc:
        services.complaint_file(sentra=centre_a, data=complaint_input(), uploads=bad, address="203.0.113.1")
    messages = exc.value.message_dict["attachments"]
    assert len(messages) == 3
    assert "virus.png is not a JPEG or PNG picture or a PDF document." in messages
    too_many = [services.Upload(f"{index}.pdf", PDF) for index in range(4)]
    with pytest.raises(ValidationError) as exc:
        services.complaint_file(
            sentra=centre_a, data=complaint_input(), uploads=too_many, address="203.0.113.1"
        )
    assert "at most 3" in exc.value.message_dict["attachments"][0]
    assert Complaint.objects.count() == 1
    assert ComplaintAttachment.objects.count() == 2


def test_a_flood_of_complaints_from_one_address_is_refused(centre_a, settings) -> None:
    settings.SENTRA_COMPLAINT_RATE_LIMIT = 2
    file_complaint(centre_a)
    file_complaint(centre_a)
    with pytest.raises(ValidationError) as exc:
        file_complaint(centre_a)
    assert "Too many complaints" in exc.value.message_dict["__all__"][0]
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize("channel", ["phone", "sms", "walk_in", "letter", "lapor"])
def test_staff_record_other_channels_with_a_lapor_reference(centre_a, make_user, channel) -> None:
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    complaint = services.complaint_record(
        actor=desk,
        sentra=centre_a,
        data=complaint_input(),
        channel=channel,
        lapor_reference=" LAPOR-2026-0001 ",
    )
    assert complaint.channel == channel
    assert complaint.lapor_reference == "LAPOR-2026-0001"
    assert complaint.recorded_by == desk


def test_recording_is_for_the_complaints_desk(centre_a, centre_b, make_user) -> None:
    with pytest.raises(PermissionDenied):
        services.complaint_record(
            actor=make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
            sentra=centre_a,
            data=complaint_input(),
            channel="phone",
        )
    with pytest.raises(PermissionDenied):
        services.complaint_record(
            actor=make_user(role=Role.INTAKE, centres=(centre_b,)),
            sentra=centre_a,
            data=complaint_input(),
            channel="phone",
        )
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    with pytest.raises(ValidationError):
        services.complaint_record(actor=desk, sentra=centre_a, data=complaint_input(), channel="web")
