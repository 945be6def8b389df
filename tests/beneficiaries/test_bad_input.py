"""Garbage into every registry form and endpoint: field errors or a refusal, never a server error."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from sentra.beneficiaries.models import Beneficiary, Consent, DuplicateReview
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import consent, person

pytestmark = pytest.mark.django_db

GARBAGE: list[dict[str, object]] = [
    {},
    {
        "full_name": "x" * 5000,
        "nik": "9" * 400,
        "sex": "MF",
        "birth_date": "0000-00-00",
        "estimated_age": "9" * 30,
    },
    {"full_name": "'; DROP TABLE beneficiaries_beneficiary; --", "sex": "M", "intake_channel": "walk_in"},
    {"full_name": "\u0000\ufffd\U0001f600", "region": "\u0000", "phone": "+" * 50, "clusters": ["\u0000"]},
    {"purpose": "[]", "given_by": "{}", "method": 7, "given_on": "31-31-31", "guardian": "abc"},
    {"survivor": "-1", "note": "n" * 10000, "withdrawn_on": "2026-02-30", "status": "maybe"},
    {"relationship_type": "x", "registered_person": "PM-????-????", "person_phone": "phone"},
    {"q": "%" * 300, "sex": "\u0000", "cluster": "'", "page": "-5", "page_size": "100000"},
]
JSON_GARBAGE: list[object] = [
    {},
    [],
    "string",
    {"full_name": 5, "sex": None, "aliases": "not a list", "clusters": {"a": 1}, "birth_date": 12},
    {"nik": ["3171"], "purpose": None, "given_on": "yesterday", "guardian_id": "x"},
    {
        "full_name": "A",
        "sex": "M",
        "intake_channel": "walk_in",
        "estimated_age": 10**9,
        "no_nik_reason": "other",
    },
]


@pytest.fixture
def targets(centre_a: Sentra) -> dict[str, int]:
    record = person(centre_a, "Target", sex="F")
    other = person(centre_a, "Targett", sex="F")
    given = consent(record)
    low, high = sorted((record.pk, other.pk))
    review = DuplicateReview.objects.create(first_id=low, second_id=high, score=90, reasons=[])
    return {"b": record.pk, "consent": given.pk, "review": review.pk, "other": other.pk}


def form_urls(ids: dict[str, int]) -> list[str]:
    b = ids["b"]
    return [
        "/beneficiaries/register/",
        f"/beneficiaries/{b}/edit/",
        f"/beneficiaries/{b}/family/new/",
        f"/beneficiaries/{b}/consents/new/",
        f"/beneficiaries/{b}/consents/{ids['consent']}/withdraw/",
        f"/beneficiaries/{b}/sensitive/health/",
        f"/beneficiaries/{b}/nik/",
        f"/beneficiaries/reviews/{ids['review']}/merge/",
        f"/beneficiaries/reviews/{ids['review']}/distinct/",
        f"/beneficiaries/reviews/{ids['review']}/unmerge/",
        "/beneficiaries/imports/",
    ]


def get_urls() -> list[str]:
    return [
        "/beneficiaries/",
        "/beneficiaries/register/check/",
        "/beneficiaries/validate/",
        "/beneficiaries/reviews/",
    ]


def api_posts(ids: dict[str, int]) -> list[str]:
    b = ids["b"]
    return [
        "/api/v1/beneficiaries",
        "/api/v1/beneficiaries/check",
        "/api/v1/nik/validate",
        f"/api/v1/beneficiaries/{b}/consents",
        f"/api/v1/beneficiaries/{b}/consents/{ids['consent']}/withdraw",
    ]


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.INTAKE])
def test_forms_and_pages_never_fail(
    client_for: Callable[[User], Client], personas: dict[str, User], targets: dict[str, int], role: str
) -> None:
    client = client_for(personas[role])
    for url in form_urls(targets):
        for payload in GARBAGE:
            response = client.post(url, payload)
            assert response.status_code < 500, (url, payload)
            assert response.status_code in (200, 302, 403, 404, 422), (url, response.status_code)
    for url in get_urls():
        for payload in GARBAGE:
            response = client.get(url, {key: str(value) for key, value in payload.items()})
            assert response.status_code < 500, (url, payload)
    assert Beneficiary.objects.count() == 2
    assert Consent.objects.count() == 1


def test_api_never_fails(
    client_for: Callable[[User], Client], personas: dict[str, User], targets: dict[str, int]
) -> None:
    client = client_for(personas[Role.CASE_MANAGER])
    for url in api_posts(targets):
        for payload in JSON_GARBAGE:
            response = client.post(url, payload, content_type="application/json")
            assert response.status_code < 500, (url, payload)
            if response.status_code >= 400:
                assert response.status_code in (400, 403, 404, 422), (url, payload, response.status_code)
                assert set(response.json()) == {"detail", "errors"}
            else:  # a check of little, or a withdrawal with its defaults (today, no reason), is valid
                assert url.endswith(("/check", "/withdraw")), (url, payload)
    for query in GARBAGE:
        response = client.get("/api/v1/beneficiaries", {key: str(value) for key, value in query.items()})
        assert response.status_code in (200, 422), (query, response.status_code)
    for url in (
        f"/api/v1/beneficiaries/{targets['b']}/sensitive",
        f"/api/v1/beneficiaries/{targets['b']}/consents/check",
    ):
        assert client.get(url, {"purpose": "\u0000"}).status_code == 422
    assert client.get("/api/v1/beneficiaries/not-a-number").status_code in (404, 422)
    assert client.get("/api/v1/beneficiaries/99999999999999999999").status_code in (404, 422)


def test_dates_far_away_are_refused_cleanly(
    client_for: Callable[[User], Client], personas: dict[str, User]
) -> None:
    client = client_for(personas[Role.INTAKE])
    for day in ("0001-01-01", "9999-12-31", "1899-12-31"):
        response = client.post(
            "/api/v1/beneficiaries",
            {
                "full_name": "Tua",
                "sex": "M",
                "intake_channel": "walk_in",
                "birth_date": day,
                "no_nik_reason": "never_registered",
            },
            content_type="application/json",
        )
        assert response.status_code == 422, day
        assert response.json()["errors"][0]["field"] == "birth_date"
    assert datetime.date.today().year > 1900  # noqa: DTZ011
