"""Complainant identity is protected: a staff member named in a complaint cannot see who filed it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import Complaint, may_see_complainant
from sentra.quality.selectors.complaints import attachment_get, complaint_view
from tests.quality.factories import complaint_input

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def people(centre_a, make_user):
    return {
        "head": make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)),
        "desk": make_user(role=Role.INTAKE, centres=(centre_a,)),
        "named_desk": make_user(role=Role.INTAKE, centres=(centre_a,)),
        "named_worker": make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
        "colleague": make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
        "analyst": make_user(role=Role.NATIONAL_ANALYST),
        "admin": make_user(role=Role.SYSADMIN),
    }


def about(centre, person, media_root=None) -> Complaint:
    uploads = [services.Upload("bukti.png", PNG)] if media_root else []
    return services.complaint_file(
        sentra=centre,
        data=complaint_input(about="staff", subject_staff_id=person.pk),
        uploads=uploads,
        address="203.0.113.20",
    )


def test_a_case_manager_named_in_a_complaint_does_not_even_see_it(centre_a, people) -> None:
    complaint = about(centre_a, people["named_worker"])
    assert not Complaint.objects.visible_to(people["named_worker"]).filter(pk=complaint.pk).exists()
    assert not may_see_complainant(people["named_worker"], complaint)


def test_a_desk_officer_named_sees_the_complaint_but_not_who_filed_it(centre_a, people, media) -> None:
    complaint = about(centre_a, people["named_desk"], media)
    services.complaint_note(actor=people["desk"], complaint=complaint, text="Pelapor Ibu Sari, telp 0812...")
    view = complaint_view(user=people["named_desk"], complaint=complaint)
    assert not view.show_identity
    assert not view.show_attachments
    assert view.attachments == []
    assert all(event.public for event in view.events)  # internal notes could name the complainant
    with pytest.raises(Http404):
        attachment_get(
            user=people["named_desk"], complaint_pk=complaint.pk, attachment_pk=complaint.attachments.get().pk
        )
    own = complaint_view(user=people["desk"], complaint=complaint)
    assert own.show_identity
    assert len(own.attachments) == 1


def test_a_named_staff_member_cannot_handle_or_be_given_the_complaint(centre_a, people) -> None:
    complaint = about(centre_a, people["named_desk"])
    with pytest.raises(PermissionDenied):
        services.complaint_triage(actor=people["named_desk"], complaint=complaint, category_code="petugas")
    services.complaint_triage(actor=people["desk"], complaint=complaint, category_code="petugas")
    with pytest.raises(ValidationError) as exc:
        services.complaint_assign(
            actor=people["desk"], complaint=complaint, assignee_id=people["named_desk"].pk
        )
    assert "names this staff member" in exc.value.message_dict["assigned_to"][0]
    with pytest.raises(PermissionDenied):
        services.complaint_note(actor=people["named_desk"], complaint=complaint, text="Saya keberatan")


def test_a_named_centre_head_sees_no_identity(centre_a, people) -> None:
    complaint = about(centre_a, people["head"])
    assert Complaint.objects.visible_to(people["head"]).filter(pk=complaint.pk).exists()
    assert not complaint_view(user=people["head"], complaint=complaint).show_identity
    with pytest.raises(PermissionDenied):
        services.complaint_respond(actor=people["head"], complaint=complaint, text="...")


def test_who_else_sees_the_identity(centre_a, people) -> None:
    complaint = about(centre_a, people["named_worker"])
    assert complaint_view(user=people["head"], complaint=complaint).show_identity
    assert complaint_view(user=people["admin"], complaint=complaint).show_identity
    assert not complaint_view(user=people["analyst"], complaint=complaint).show_identity
    assert not Complaint.objects.visible_to(people["colleague"]).exists()
    services.complaint_triage(actor=people["desk"], complaint=complaint, category_code="petugas")
    complaint = services.complaint_assign(
        actor=people["desk"], complaint=complaint, assignee_id=people["colleague"].pk
    )
    assert complaint_view(user=people["colleague"], complaint=complaint).show_identity


def test_triage_can_name_a_staff_member_afterwards(centre_a, people) -> None:
    complaint = services.complaint_file(
        sentra=centre_a,
        data=complaint_input(about="staff", subject_staff_name="petugas loket pagi"),
        address="203.0.113.21",
    )
    services.complaint_triage(
        actor=people["desk"],
        complaint=complaint,
        category_code="petugas",
        subject_staff_id=people["named_desk"].pk,
    )
    complaint.refresh_from_db()
    assert not complaint_view(user=people["named_desk"], complaint=complaint).show_identity
