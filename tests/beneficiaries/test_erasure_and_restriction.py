"""Erasure requests with their legal grounds for keeping data, and a restriction of processing in force
(UU PDP Pasal 8, 11, 15, 41, 43-44): enforced in searches from other centres, not only shown."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sentra.beneficiaries import selectors
from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.rules.subject_requests import (
    RETENTION_GROUNDS,
    erasure_answer_problems,
    response_due,
)
from sentra.beneficiaries.services.subject_requests import (
    SubjectRequestInput,
    processing_restricted,
    require_processing_allowed,
    subject_request_answer,
    subject_request_record,
)
from sentra.cases.models import Case
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person

pytestmark = pytest.mark.django_db


def test_erasure_is_due_in_three_times_24_hours_and_a_refusal_names_its_ground() -> None:
    received = datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC)
    assert response_due("erasure", received) == datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC)
    assert erasure_answer_problems("refused", "", "Still needed") == ["ground_required"]
    assert erasure_answer_problems("refused", "archive_schedule", "") == []
    assert erasure_answer_problems("completed", "", "") == ["outcome_required"]
    assert erasure_answer_problems("completed", "nonsense", "Photos deleted") == ["unknown_ground"]
    assert set(RETENTION_GROUNDS) == {
        "archive_schedule",
        "public_administration",
        "law_enforcement",
        "statistics_research",
    }


def test_an_erasure_request_is_recorded_and_answered(personas: dict[str, User], centre_a: Sentra) -> None:
    head = personas[Role.CENTRE_HEAD]
    subject = person(centre_a, "Wagiman")
    with pytest.raises(ValidationError) as excinfo:
        subject_request_record(
            actor=head, beneficiary=subject, data=SubjectRequestInput(kind="erasure", requested_by="self")
        )
    assert "details" in excinfo.value.message_dict
    item = subject_request_record(
        actor=head,
        beneficiary=subject,
        data=SubjectRequestInput(kind="erasure", requested_by="self", details="Photos and phone number"),
    )
    with pytest.raises(ValidationError) as excinfo:
        subject_request_answer(actor=head, request=item, status="refused", outcome="Assistance audit")
    assert "retention_ground" in excinfo.value.message_dict
    subject_request_answer(
        actor=head,
        request=item,
        status="completed",
        outcome="Photo and phone deleted; service history kept",
        retention_ground="public_administration",
    )
    item.refresh_from_db()
    assert (item.status, item.retention_ground) == ("completed", "public_administration")


def test_a_ground_belongs_to_erasure_only(personas: dict[str, User], centre_a: Sentra) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = subject_request_record(
        actor=head,
        beneficiary=person(centre_a, "Tukiyem"),
        data=SubjectRequestInput(kind="access", requested_by="self"),
    )
    with pytest.raises(ValidationError) as excinfo:
        subject_request_answer(
            actor=head, request=item, status="completed", retention_ground="law_enforcement"
        )
    assert "retention_ground" in excinfo.value.message_dict


def _restrict(head: User, subject: Beneficiary) -> None:
    item = subject_request_record(
        actor=head,
        beneficiary=subject,
        data=SubjectRequestInput(kind="restriction", requested_by="self", details="No sharing"),
    )
    subject_request_answer(actor=head, request=item, status="completed")


def test_a_restricted_person_is_found_only_from_the_responsible_centre(
    personas: dict[str, User],
    centre_a: Sentra,
    centre_b: Sentra,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    subject = person(centre_a, "Paijo Sastro")
    worker_b = make_user(role=Role.CASE_MANAGER, centres=(centre_b,), username="cm_b")
    # Centre B holds a case for the person, so it may open the record and search for them.
    # (Set up directly: in the product the case arrives with an accepted referral or a transfer.)
    Case.objects.create(
        beneficiary=subject,
        sentra=centre_b,
        case_number="B-0001",
        case_manager=worker_b,
        setting="family",
        cluster="lansia",
    )

    def found(user: User) -> bool:
        result = selectors.beneficiary_search(user=user, filters=selectors.SearchFilters(q="Paijo Sastro"))
        return subject.pk in {b.pk for b in result.items[:20]}

    assert found(worker_b)
    assert found(personas[Role.CASE_MANAGER])
    assert not processing_restricted(subject)
    _restrict(personas[Role.CENTRE_HEAD], subject)
    assert processing_restricted(subject)
    assert not found(worker_b)
    assert found(personas[Role.CASE_MANAGER])
    assert found(personas[Role.SYSADMIN])
    # The essential care goes on: centre B still opens the record through its case.
    page = client_for(worker_b).get(reverse("beneficiaries:detail", args=[subject.pk]))
    assert page.status_code == 200
    with pytest.raises(ValidationError) as excinfo:
        require_processing_allowed(beneficiary=subject, field="consent")
    assert "consent" in excinfo.value.message_dict


def test_the_page_answers_an_erasure_with_its_ground(
    personas: dict[str, User], centre_a: Sentra, client_for: Callable[[User], Client]
) -> None:
    head = personas[Role.CENTRE_HEAD]
    subject = person(centre_a, "Sukinah")
    client = client_for(head)
    page_url = reverse("beneficiaries:subject_requests", args=[subject.pk])
    created = client.post(page_url, {"kind": "erasure", "requested_by": "self", "details": "Photos"})
    assert created.status_code == 302
    item = subject.subject_requests.get()
    assert item.kind == "erasure"
    page = client.get(page_url).content.decode()
    assert 'data-testid="retention-ground"' in page
    answer_url = reverse("beneficiaries:subject_request_answer", args=[subject.pk, item.pk])
    client.post(answer_url, {"status": "refused", "outcome": "Audit of assistance"})
    item.refresh_from_db()
    assert item.status == "received"  # no ground named: refused with a message, nothing saved
    client.post(
        answer_url,
        {"status": "refused", "outcome": "Audit of assistance", "retention_ground": "archive_schedule"},
    )
    item.refresh_from_db()
    assert (item.status, item.retention_ground) == ("refused", "archive_schedule")
    assert 'data-testid="retention-ground-shown"' in client.get(page_url).content.decode()
