"""Complaint pages: the public form and tracking page, and the staff pages that handle complaints."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import Complaint, ComplaintAttachment, ComplaintStatus
from tests.quality.factories import file_complaint

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def public_data(**extra) -> dict:
    data = {
        "category": "layanan",
        "about": "centre",
        "description": "Saya menunggu tiga jam tanpa kejelasan.",
        "name": "Rudi Hartono",
        "phone": "0813 1111 2222",
    }
    data.update(extra)
    return data


def test_anyone_files_and_gets_a_tracking_page(client: Client, centre_a, media) -> None:
    assert client.get(reverse("quality:complaint_centres")).status_code == 200
    chosen = client.get(reverse("quality:complaint_centres"), {"sentra": centre_a.code})
    assert chosen["Location"] == reverse("quality:complaint_form", args=[centre_a.code])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bukti.png", PNG, content_type="image/png")
    response = client.post(
        reverse("quality:complaint_form", args=[centre_a.code]), {**public_data(), "attachments": upload}
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("quality:tracking", args=[complaint.tracking_code]) + "?baru=1"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="complaint-received"' in page
    assert complaint.tracking_code in page
    assert "Rudi" not in page  # no personal data on the tracking page
    assert ComplaintAttachment.objects.filter(complaint=complaint).count() == 1


def test_bad_input_on_the_public_form(client: Client, centre_a) -> None:
    response = client.post(
        reverse("quality:complaint_form", args=[centre_a.code]),
        public_data(description="pendek", name="", about="service"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at least 10 characters" in page
    assert "Give your name, or choose to complain anonymously." in page
    assert "Choose the service the complaint is about." in page
    assert not Complaint.objects.exists()


def test_the_tracking_page_shows_answers_and_takes_a_rating(client: Client, centre_a, make_user) -> None:
    complaint = file_complaint(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    handler = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    services.complaint_triage(actor=desk, complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=desk, complaint=complaint, assignee_id=handler.pk)
    services.complaint_note(actor=desk, complaint=complaint, text="Catatan internal rahasia")
    services.complaint_resolve(actor=handler, complaint=complaint, text="Loket tambahan dibuka.")
    url = reverse("quality:tracking", args=[complaint.tracking_code])
    page = client.get(url).content.decode()
    assert 'data-status="resolved"' in page
    assert "Loket tambahan dibuka." in page
    assert "Catatan internal rahasia" not in page
    assert handler.last_name not in page
    assert 'data-testid="rating-form"' in page
    assert client.post(url, {"rating": "4", "comment": "Terima kasih"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.rating == 4
    assert 'data-testid="rated"' in client.get(url).content.decode()


def test_looking_up_codes(client: Client, centre_a, settings) -> None:
    complaint = file_complaint(centre_a)
    response = client.get(reverse("quality:tracking_lookup"), {"code": complaint.tracking_code.lower()})
    assert response["Location"] == reverse("quality:tracking", args=[complaint.tracking_code])
    assert client.get(reverse("quality:tracking", args=["BCDF-BCDF-BCDF"])).status_code == 404
    settings.SENTRA_TRACKING_RATE_LIMIT = 1
    assert client.get(reverse("quality:tracking", args=["BCDF-BCDF-BCDG"])).status_code == 429


def test_staff_record_and_handle_through_the_pages(client_for, make_user, centre_a, media) -> None:
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    handler = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    client = client_for(desk)
    response = client.post(
        reverse("quality:complaint_create"),
        {
            **public_data(),
            "sentra": centre_a.pk,
            "channel": "phone",
            "lapor_reference": "L-1",
            "received_on": "",
        },
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("quality:complaint_detail", args=[complaint.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'data-testid="complainant-identity"' in detail
    client.post(reverse("quality:complaint_triage", args=[complaint.pk]), {"category": "petugas"})
    client.post(reverse("quality:complaint_assign", args=[complaint.pk]), {"assigned_to": handler.pk})
    handler_client = client_for(handler)
    handler_client.post(
        reverse("quality:complaint_respond", args=[complaint.pk]), {"text": "Sedang kami cek."}
    )
    handler_client.post(reverse("quality:complaint_resolve", args=[complaint.pk]), {"text": "Sudah beres."})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.channel == "phone"
    alerts = handler_client.get(reverse("quality:alert_list")).content.decode()
    assert complaint.tracking_code in alerts


def test_an_empty_answer_is_refused_with_a_message(client_for, make_user, centre_a) -> None:
    complaint = file_complaint(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    services.complaint_triage(actor=desk, complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=desk, complaint=complaint, assignee_id=head.pk)
    client = client_for(head)
    response = client.post(
        reverse("quality:complaint_respond", args=[complaint.pk]), {"text": "  "}, follow=True
    )
    assert "Write the answer to the complainant." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ASSIGNED


def test_attachments_are_served_only_through_the_access_check(client_for, make_user, centre_a, media) -> None:
    named = make_user(role=Role.INTAKE, centres=(centre_a,))
    complaint = services.complaint_file(
        sentra=centre_a,
        data=services.ComplaintInput(
            category_code="petugas",
            about="staff",
            description="Petugas membentak saya.",
            anonymous=True,
            subject_staff_id=named.pk,
        ),
        uploads=[services.Upload("foto.png", PNG)],
        address="203.0.113.40",
    )
    attachment = complaint.attachments.get()
    url = reverse("quality:complaint_attachment", args=[complaint.pk, attachment.pk])
    desk = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    response = desk.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG
    assert client_for(named).get(url).status_code == 404
    assert client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,))).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not str(attachment.file.name).startswith("/")


def test_holidays_page(client_for, make_user) -> None:
    admin = client_for(make_user(role=Role.SYSADMIN))
    page = admin.get(reverse("quality:holiday_list"), {"year": "2026"}).content.decode()
    assert "Proklamasi Kemerdekaan" in page
    response = admin.post(
        reverse("quality:holiday_list"), {"date": "2027-03-10", "name": "Idulfitri", "kind": "national"}
    )
    assert response.status_code == 302
    reader = client_for(make_user(role=Role.INTAKE))
    assert reader.get(reverse("quality:holiday_list")).status_code == 200
    assert (
        reader.post(
            reverse("quality:holiday_list"), {"date": "2027-03-11", "name": "x", "kind": "national"}
        ).status_code
        == 403
    )
