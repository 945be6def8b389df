"""The person's profile shows the open pursue-documentation task; profile and case page link to the
person's assessments for the roles that read them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from sentra.beneficiaries.services.registration import (
    BeneficiaryInput,
    beneficiary_register,
    beneficiary_update,
)
from sentra.cases.models import Case
from tests.beneficiaries.factories import nik_for
from tests.cases.conftest import World
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db


def _page(user: object, url: str) -> str:
    response = sign_in(Client(), user).get(url)  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_shows_the_open_documentation_task_until_a_nik_is_recorded(world: World) -> None:
    data = BeneficiaryInput(
        full_name="Paijo",
        sex="M",
        intake_channel="outreach",
        no_nik_reason="identity_unknown",
        estimated_age=45,
    )
    person = beneficiary_register(actor=world.intake_a, sentra=world.a, data=data)
    url = reverse("beneficiaries:detail", args=[person.pk])
    for user in (world.intake_a, world.cm_a, world.head_a):
        html = _page(user, url)
        assert 'data-testid="profile-tasks"' in html
        assert 'data-task-kind="documentation"' in html
        assert 'data-testid="record-nik"' in html
    born = datetime.date(1979, 3, 4)
    beneficiary_update(
        actor=world.intake_a,
        beneficiary=person,
        data=BeneficiaryInput(
            full_name="Paijo", sex="M", intake_channel="outreach", nik=nik_for(born), birth_date=born
        ),
    )
    assert 'data-task-kind="documentation"' not in _page(world.intake_a, url)


def test_profile_and_case_page_link_to_the_assessments_for_their_readers(world: World, case_factory) -> None:
    case: Case = case_factory()
    profile = reverse("beneficiaries:detail", args=[case.beneficiary_id])
    case_page = reverse("cases:case_detail", args=[case.pk])
    assessments = reverse("assessments:person", args=[case.beneficiary_id])
    for user in (world.cm_a, world.head_a, world.admin):
        assert assessments in _page(user, profile)
        assert assessments in _page(user, case_page)
    # Intake staff do not read assessments: no link that would answer 404.
    assert assessments not in _page(world.intake_a, profile)


def test_the_case_page_says_when_processing_is_restricted(world: World, case_factory) -> None:
    from sentra.beneficiaries.services.subject_requests import (
        SubjectRequestInput,
        subject_request_answer,
        subject_request_record,
    )

    case: Case = case_factory()
    url = reverse("cases:case_detail", args=[case.pk])
    assert 'data-testid="processing-restricted"' not in _page(world.cm_a, url)
    item = subject_request_record(
        actor=world.head_a,
        beneficiary=case.beneficiary,
        data=SubjectRequestInput(kind="restriction", requested_by="self", details="No sharing"),
    )
    subject_request_answer(actor=world.head_a, request=item, status="completed")
    assert 'data-testid="processing-restricted"' in _page(world.cm_a, url)
