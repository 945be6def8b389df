"""A complaint reporting a person in need opens an intake in the registry, linked back and audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sentra.beneficiaries.models import Beneficiary, IntakeChannel
from sentra.beneficiaries.services import BeneficiaryInput, beneficiary_register
from sentra.core.models import AuditEvent, Role
from sentra.quality.models import Complaint, EventKind
from tests.quality.factories import file_complaint

pytestmark = pytest.mark.django_db

PERSON = {
    "full_name": "Sarmi",
    "sex": "F",
    "estimated_age": "78",
    "no_nik_reason": "identity_unknown",
    "address": "Di bawah jembatan Kalimalang",
    "clusters": ["lansia"],
}


@pytest.fixture
def reported(centre_a) -> Complaint:
    return file_complaint(
        centre_a,
        category_code="kekerasan",
        description="Ada nenek terlantar tidur di bawah jembatan Kalimalang sejak seminggu.",
    )


def test_the_desk_registers_the_person_and_links_the_complaint(client_for, make_user, reported) -> None:
    desk = make_user(role=Role.INTAKE, centres=(reported.sentra,))
    client = client_for(desk)
    detail = client.get(reverse("quality:complaint_detail", args=[reported.pk])).content.decode()
    assert 'data-testid="open-intake"' in detail
    response = client.post(reverse("quality:complaint_intake", args=[reported.pk]), PERSON)
    assert response.status_code == 302
    reported.refresh_from_db()
    person = Beneficiary.objects.get()
    assert reported.intake_beneficiary_id == person.pk
    assert reported.intake_opened_at is not None
    assert person.registered_sentra_id == reported.sentra_id
    assert person.intake_channel == IntakeChannel.PUBLIC_REPORT
    assert person.estimated_age == 78
    event = reported.events.get(kind=EventKind.INTAKE)
    assert not event.public  # the complainant's tracking page does not name the person
    assert AuditEvent.objects.filter(
        object_type="quality.complaint", object_id=str(reported.pk), action="update", actor=desk
    ).exists()
    assert AuditEvent.objects.filter(object_type="beneficiaries.beneficiary", action="create").exists()
    detail = client.get(reverse("quality:complaint_detail", args=[reported.pk])).content.decode()
    assert person.registration_number in detail
    assert 'data-testid="open-intake"' not in detail
    # A second intake for the same complaint is refused.
    again = client.get(reverse("quality:complaint_intake", args=[reported.pk]))
    assert again.status_code == 403


def test_a_look_alike_is_offered_and_can_be_linked(client_for, make_user, reported) -> None:
    desk = make_user(role=Role.INTAKE, centres=(reported.sentra,))
    known = beneficiary_register(
        actor=desk,
        sentra=reported.sentra,
        data=BeneficiaryInput(
            full_name="Sarmi",
            sex="F",
            intake_channel="walk_in",
            no_nik_reason="identity_unknown",
            estimated_age=78,
        ),
    )
    client = client_for(desk)
    page = client.post(reverse("quality:complaint_intake", args=[reported.pk]), PERSON).content.decode()
    assert f'data-id="{known.pk}"' in page
    assert Beneficiary.objects.count() == 1  # nothing registered while the look-alike is unanswered
    reported.refresh_from_db()
    assert reported.intake_beneficiary_id is None
    client.post(reverse("quality:complaint_intake_link", args=[reported.pk]), {"beneficiary": known.pk})
    reported.refresh_from_db()
    assert reported.intake_beneficiary_id == known.pk
    assert Beneficiary.objects.count() == 1


def test_confirming_a_new_person_registers_despite_a_look_alike(client_for, make_user, reported) -> None:
    desk = make_user(role=Role.INTAKE, centres=(reported.sentra,))
    beneficiary_register(
        actor=desk,
        sentra=reported.sentra,
        data=BeneficiaryInput(
            full_name="Sarmi",
            sex="F",
            intake_channel="walk_in",
            no_nik_reason="identity_unknown",
            estimated_age=78,
        ),
    )
    client = client_for(desk)
    client.post(
        reverse("quality:complaint_intake", args=[reported.pk]), {**PERSON, "confirm_new_person": "on"}
    )
    reported.refresh_from_db()
    assert Beneficiary.objects.count() == 2
    assert reported.intake_beneficiary_id is not None


def test_bad_input_names_the_field_and_saves_nothing(client_for, make_user, reported) -> None:
    client = client_for(make_user(role=Role.INTAKE, centres=(reported.sentra,)))
    response = client.post(
        reverse("quality:complaint_intake", args=[reported.pk]),
        {**PERSON, "estimated_age": "", "no_nik_reason": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "birth_date" in form.errors
    assert "no_nik_reason" in form.errors
    assert Beneficiary.objects.count() == 0
    reported.refresh_from_db()
    assert reported.intake_beneficiary_id is None


def test_linking_a_record_the_actor_cannot_see_is_refused(client_for, make_user, reported, centre_b) -> None:
    other_desk = make_user(role=Role.INTAKE, centres=(centre_b,))
    elsewhere = beneficiary_register(
        actor=other_desk,
        sentra=centre_b,
        data=BeneficiaryInput(
            full_name="Darmo",
            sex="M",
            intake_channel="walk_in",
            no_nik_reason="identity_unknown",
            estimated_age=70,
        ),
    )
    client = client_for(make_user(role=Role.INTAKE, centres=(reported.sentra,)))
    client.post(reverse("quality:complaint_intake_link", args=[reported.pk]), {"beneficiary": elsewhere.pk})
    reported.refresh_from_db()
    assert reported.intake_beneficiary_id is None


@pytest.mark.parametrize(
    "role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]
)
def test_another_centre_gets_404(client_for, make_user, reported, centre_b, role) -> None:
    client = client_for(make_user(role=role, centres=(centre_b,)))
    assert client.get(reverse("quality:complaint_intake", args=[reported.pk])).status_code == 404
    assert client.post(reverse("quality:complaint_intake", args=[reported.pk]), PERSON).status_code == 404
    link = client.post(reverse("quality:complaint_intake_link", args=[reported.pk]), {"beneficiary": 1})
    assert link.status_code == 404
    assert Beneficiary.objects.count() == 0


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.HR])
def test_centre_staff_not_handling_the_complaint_get_404(client_for, make_user, reported, role) -> None:
    client = client_for(make_user(role=role, centres=(reported.sentra,)))
    assert client.get(reverse("quality:complaint_intake", args=[reported.pk])).status_code == 404


def test_the_national_analyst_may_not_open_an_intake_nor_see_the_person(
    client_for, make_user, reported
) -> None:
    desk = make_user(role=Role.INTAKE, centres=(reported.sentra,))
    client_for(desk).post(reverse("quality:complaint_intake", args=[reported.pk]), PERSON)
    person = Beneficiary.objects.get()
    analyst = client_for(make_user(role=Role.NATIONAL_ANALYST))
    # national analysts read complaint counts only: the complaint itself is not theirs (404)
    assert analyst.get(reverse("quality:complaint_intake", args=[reported.pk])).status_code == 404
    detail = analyst.get(reverse("quality:complaint_detail", args=[reported.pk]))
    assert detail.status_code == 404
    assert person.registration_number not in detail.content.decode()
    assert person.full_name not in detail.content.decode()
