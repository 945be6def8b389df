"""Data-subject requests through the API: record, list, answer, export; scoped like the pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from sentra.beneficiaries.models import Beneficiary, SubjectRequest
from sentra.core.models import AccessLogEntry, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import nik_for, person
from tests.factories import SentraFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"
BORN = datetime.date(1975, 4, 2)


@pytest.fixture
def subject(centre_a: Sentra) -> Beneficiary:
    return person(centre_a, "Sri Wahyuni", nik=nik_for(BORN), birth_date=BORN)


def _fields(response: object) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}  # type: ignore[attr-defined]


def _base(subject: Beneficiary) -> str:
    return f"/api/v1/beneficiaries/{subject.pk}"


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.SYSADMIN])
def test_the_centre_head_and_the_administrator_record_list_answer_and_export(
    role: str, personas: dict[str, User], subject: Beneficiary, client_for: Callable[[User], Client]
) -> None:
    client = client_for(personas[role])
    created = client.post(
        f"{_base(subject)}/subject-requests", {"kind": "access", "requested_by": "self"}, content_type=JSON
    )
    assert created.status_code == 201, created.json()
    item = created.json()
    assert item["status"] == "received"
    assert item["overdue"] is False
    received = datetime.datetime.fromisoformat(item["received_at"])
    assert datetime.datetime.fromisoformat(item["due_at"]) - received == datetime.timedelta(hours=72)

    listed = client.get(f"{_base(subject)}/subject-requests")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["items"]] == [item["id"]]
    queue = client.get("/api/v1/subject-requests")
    assert [row["id"] for row in queue.json()["items"]] == [item["id"]]

    exported = client.get(f"{_base(subject)}/subject-export", {"request_id": item["id"]})
    assert exported.status_code == 200
    assert exported.json()["registration_number"] == subject.registration_number
    assert exported.json()["request"] == item["id"]
    assert AccessLogEntry.objects.filter(category="subject_access_request").exists()

    answered = client.post(
        f"{_base(subject)}/subject-requests/{item['id']}/answer",
        {"status": "completed", "outcome": "Copy handed over"},
        content_type=JSON,
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "completed"
    assert client.get("/api/v1/subject-requests").json()["count"] == 0


def test_bad_input_names_the_fields(
    personas: dict[str, User], subject: Beneficiary, client_for: Callable[[User], Client]
) -> None:
    client = client_for(personas[Role.CENTRE_HEAD])
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    bad = client.post(
        f"{_base(subject)}/subject-requests",
        {"kind": "nope", "requested_by": "guardian", "received_at": future},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert {"kind", "guardian", "received_at"} <= _fields(bad)
    assert client.post(f"{_base(subject)}/subject-requests", "{x", content_type=JSON).status_code in (
        400,
        422,
    )
    item = SubjectRequest.objects.create(
        beneficiary=subject,
        kind="erasure",
        requested_by="self",
        requester_name="Sri",
        details="All of it",
        received_at=timezone.now(),
        due_at=timezone.now(),
    )
    refused = client.post(
        f"{_base(subject)}/subject-requests/{item.pk}/answer", {"status": "refused"}, content_type=JSON
    )
    assert refused.status_code == 422
    assert {"retention_ground", "outcome"} <= _fields(refused)
    missing = client.post(
        f"{_base(subject)}/subject-requests/999999/answer", {"status": "refused"}, content_type=JSON
    )
    assert missing.status_code == 404


def test_every_other_role_and_other_centres_get_nothing(
    personas: dict[str, User],
    subject: Beneficiary,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    item = SubjectRequest.objects.create(
        beneficiary=subject,
        kind="access",
        requested_by="self",
        requester_name="Sri",
        received_at=timezone.now(),
        due_at=timezone.now(),
    )
    calls = [
        ("get", f"{_base(subject)}/subject-requests", None),
        ("post", f"{_base(subject)}/subject-requests", {"kind": "access", "requested_by": "self"}),
        (
            "post",
            f"{_base(subject)}/subject-requests/{item.pk}/answer",
            {"status": "completed", "outcome": "x"},
        ),
        ("get", f"{_base(subject)}/subject-export", None),
        ("get", "/api/v1/subject-requests", None),
    ]
    for role, user in personas.items():
        if role in (Role.CENTRE_HEAD, Role.SYSADMIN):
            continue
        client = client_for(user)
        # National analysts and HR never open the registry (403); the others are not handlers (404).
        expected = 403 if role in (Role.NATIONAL_ANALYST, Role.HR) else 404
        for method, url, body in calls:
            response = (
                getattr(client, method)(url, body, content_type=JSON)
                if body
                else getattr(client, method)(url)
            )
            assert response.status_code == expected, (role, url, response.status_code)
    other_head = make_user(
        role=Role.CENTRE_HEAD, centres=(SentraFactory(code="lain"),), username="head_other"
    )
    client = client_for(other_head)
    for method, url, body in calls[:4]:
        response = (
            getattr(client, method)(url, body, content_type=JSON) if body else getattr(client, method)(url)
        )
        assert response.status_code == 404, url
    assert client.get("/api/v1/subject-requests").json()["count"] == 0
    item.refresh_from_db()
    assert item.status == "received"
    assert SubjectRequest.objects.count() == 1
    assert not AccessLogEntry.objects.filter(category="subject_access_request").exists()


def test_the_person_says_when_processing_is_restricted(
    personas: dict[str, User], subject: Beneficiary, client_for: Callable[[User], Client]
) -> None:
    client = client_for(personas[Role.CENTRE_HEAD])
    assert client.get(_base(subject)).json()["processing_restricted"] is False
    created = client.post(
        f"{_base(subject)}/subject-requests",
        {"kind": "restriction", "requested_by": "self", "details": "No sharing"},
        content_type=JSON,
    ).json()
    client.post(
        f"{_base(subject)}/subject-requests/{created['id']}/answer",
        {"status": "completed"},
        content_type=JSON,
    )
    assert client.get(_base(subject)).json()["processing_restricted"] is True
    lifted = client.post(
        f"{_base(subject)}/subject-requests/{created['id']}/answer",
        {"status": "lifted", "outcome": "Person agreed"},
        content_type=JSON,
    )
    assert lifted.json()["status"] == "lifted"
    assert client.get(_base(subject)).json()["processing_restricted"] is False
