"""Triage, assignment, answer, resolution, reopening and the complainant's rating."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import AlertKind, ComplaintAlert, ComplaintStatus, EventKind
from tests.quality.factories import file_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(centre_a, make_user):
    return {
        "desk": make_user(role=Role.INTAKE, centres=(centre_a,)),
        "head": make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)),
        "handler": make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
        "other": make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
    }


def test_the_whole_journey(centre_a, team) -> None:
    complaint = file_complaint(centre_a)
    services.complaint_triage(
        actor=team["desk"], complaint=complaint, category_code="petugas", note="Sudah dicek"
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.TRIAGED
    assert complaint.category.code == "petugas"
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    assert ComplaintAlert.objects.filter(recipient=team["handler"], kind=AlertKind.ASSIGNED).exists()
    services.complaint_respond(actor=team["handler"], complaint=complaint, text="Kami sedang menelusuri.")
    services.complaint_respond(actor=team["handler"], complaint=complaint, text="Petugas sudah ditegur.")
    services.complaint_resolve(actor=team["handler"], complaint=complaint, text="Jadwal antrean diperbaiki.")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.response == "Petugas sudah ditegur."
    assert complaint.first_response_at is not None
    services.complaint_rate(complaint=complaint, rating=4, comment="Cepat ditangani")
    complaint.refresh_from_db()
    assert complaint.rating == 4
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.RECEIVED,
        EventKind.TRIAGED,
        EventKind.ASSIGNED,
        EventKind.RESPONSE,
        EventKind.RESPONSE,
        EventKind.RESOLVED,
        EventKind.RATED,
    ]
    assert list(complaint.events.filter(public=True).values_list("kind", flat=True)) == [
        EventKind.RECEIVED,
        EventKind.RESPONSE,
        EventKind.RESPONSE,
        EventKind.RESOLVED,
    ]


def test_steps_out_of_order_are_refused_with_the_reason(centre_a, team) -> None:
    complaint = file_complaint(centre_a)
    with pytest.raises(ValidationError) as exc:
        services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    assert "triage" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError) as exc:
        services.complaint_respond(actor=team["head"], complaint=complaint, text="Halo")
    assert "cannot do this now" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        services.complaint_rate(complaint=complaint, rating=4)


def test_only_the_handler_or_the_head_answers(centre_a, team) -> None:
    complaint = file_complaint(centre_a)
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    for user in (team["other"], team["desk"]):
        with pytest.raises(PermissionDenied):
            services.complaint_respond(actor=user, complaint=complaint, text="Halo")
    services.complaint_respond(actor=team["head"], complaint=complaint, text="Kami tangani.")
    with pytest.raises(ValidationError) as exc:
        services.complaint_resolve(actor=team["handler"], complaint=complaint, text="   ")
    assert "resolution" in exc.value.message_dict


def test_recategorising_moves_the_deadlines(centre_a, team) -> None:
    complaint = file_complaint(centre_a, category_code="layanan")
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="pungli")
    complaint.refresh_from_db()
    assert complaint.resolve_by > complaint.respond_by
    assert (complaint.resolve_by - complaint.received_at.date()).days >= 60 + 2 * 8


def test_rating_once_and_only_one_to_four(centre_a, team) -> None:
    complaint = file_complaint(centre_a)
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    services.complaint_resolve(actor=team["handler"], complaint=complaint, text="Selesai.")
    with pytest.raises(ValidationError) as exc:
        services.complaint_rate(complaint=complaint, rating=5)
    assert "rating" in exc.value.message_dict
    services.complaint_rate(complaint=complaint, rating=2)
    with pytest.raises(ValidationError) as exc:
        services.complaint_rate(complaint=complaint, rating=3)
    assert "already been rated" in exc.value.message_dict["__all__"][0]


def test_reopening_a_resolved_complaint(centre_a, team) -> None:
    complaint = file_complaint(centre_a)
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    services.complaint_resolve(actor=team["handler"], complaint=complaint, text="Selesai.")
    services.complaint_reopen(actor=team["head"], complaint=complaint, reason="Pelapor menghubungi lagi")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ASSIGNED
    assert complaint.resolved_at is None


def test_tracking_codes_are_looked_up_forgivingly_and_rate_limited(centre_a, settings) -> None:
    settings.SENTRA_TRACKING_RATE_LIMIT = 3
    complaint = file_complaint(centre_a)
    typed = complaint.tracking_code.lower().replace("-", " ")
    assert services.tracking_lookup(code=typed, address="203.0.113.5") == complaint
    assert services.tracking_lookup(code="BCDF-BCDF-BCDF", address="203.0.113.5") is None
    assert services.tracking_lookup(code="nonsense", address="203.0.113.5") is None
    with pytest.raises(ValidationError) as exc:
        services.tracking_lookup(code=complaint.tracking_code, address="203.0.113.5")
    assert "Too many look-ups" in exc.value.message_dict["code"][0]
