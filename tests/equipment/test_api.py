"""The equipment API: the same rules and scopes as the pages, one error format."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db


def test_head_adds_items_and_reads_the_gap(
    centre_a: Sentra, personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(personas[Role.CENTRE_HEAD])
    url = f"/api/v1/equipment/centres/{centre_a.pk}/items"
    body = {"item_type": "wheelchair_standard", "asset_number": "KR-1", "acquired_on": "2023-01-05"}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["lifespan_ends_on"] == "2028-01-05"
    duplicate = client.post(url, body, content_type="application/json")
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["field"] == "asset_number"
    listing = client.get(url).json()
    assert listing["count"] == 1
    gap = client.get(f"/api/v1/equipment/centres/{centre_a.pk}/gap")
    assert gap.status_code == 200
    assert gap.json()["readiness"]["items_held"] == 1


def test_a_therapist_records_a_need_and_lends_a_device(
    centre_a: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    therapist = make_user(role=Role.PROFESSIONAL, centres=(centre_a,), profession="fisioterapis")
    client = client_for(therapist)
    beneficiary = person(centre_a, "Hadi")
    need = client.post(
        f"/api/v1/equipment/centres/{centre_a.pk}/device-needs",
        {"beneficiary_id": beneficiary.pk, "device_code": "walker"},
        content_type="application/json",
    )
    assert need.status_code == 201
    need_id = need.json()["id"]
    none_free = client.post(
        f"/api/v1/equipment/device-needs/{need_id}/loan", {}, content_type="application/json"
    )
    assert none_free.status_code == 422
    f.item(centre_a, f.item_type("test-walker", 600_000, device_code="walker", category="assistive"))
    loan = client.post(f"/api/v1/equipment/device-needs/{need_id}/loan", {}, content_type="application/json")
    assert loan.status_code == 201
    waiting = client.get(f"/api/v1/equipment/centres/{centre_a.pk}/waiting-list").json()
    assert waiting["count"] == 0


def test_national_gap_is_for_national_roles(
    centre_a: Sentra, personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    assert (
        client_for(personas[Role.NATIONAL_ANALYST]).get("/api/v1/equipment/national/gap").status_code == 200
    )
    refused = client_for(personas[Role.CENTRE_HEAD]).get("/api/v1/equipment/national/gap")
    assert refused.status_code == 403
    assert set(refused.json()) == {"detail", "errors"}
