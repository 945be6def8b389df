"""Every equipment page renders for the roles that use it, with a bounded number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role, User
from sentra.equipment.models import Condition, Item, Standard
from sentra.equipment.services.loans import loan_issue, request_create
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(centre_a: Sentra) -> dict[str, Any]:
    chair = f.item_type("test-chair", 2_000_000, device_code="wheelchair", category="assistive")
    f.capacity(centre_a, "terapi", "residential", 40)
    items = [f.item(centre_a, chair) for _ in range(3)]
    f.item(centre_a, chair, condition=Condition.BROKEN)
    beneficiary = person(centre_a, "Ani")
    need = request_create(actor=None, sentra=centre_a, beneficiary=beneficiary, device_code="wheelchair")
    loan = loan_issue(actor=None, request=need, item_id=items[0].pk)
    waiting = request_create(
        actor=None, sentra=centre_a, beneficiary=person(centre_a, "Budi"), device_code="wheelchair"
    )
    return {"item": items[1], "loan": loan, "waiting": waiting, "centre": centre_a}


def _pages(stocked: dict[str, Any]) -> list[str]:
    centre = stocked["centre"].pk
    standard = Standard.objects.first()
    assert standard is not None
    return [
        reverse("equipment:overview"),
        reverse("equipment:standard_list"),
        reverse("equipment:standard_detail", args=[standard.pk]),
        reverse("equipment:catalogue"),
        reverse("equipment:centre", args=[centre]),
        reverse("equipment:gap_centre", args=[centre]),
        reverse("equipment:labels", args=[centre]),
        reverse("equipment:item_detail", args=[stocked["item"].pk]),
    ]


@pytest.mark.parametrize(
    "role", [Role.CENTRE_HEAD, Role.PROFESSIONAL, Role.CASE_MANAGER, Role.INTAKE, Role.HR]
)
def test_centre_staff_open_the_pages(
    stocked: dict[str, Any], personas: dict[str, User], client_for: Callable[[User], Client], role: str
) -> None:
    client = client_for(personas[role])
    for url in _pages(stocked):
        assert client.get(url, follow=True).status_code == 200, url


def test_head_pages_and_forms(
    stocked: dict[str, Any], personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(personas[Role.CENTRE_HEAD])
    centre = stocked["centre"].pk
    for url in (
        reverse("equipment:item_create", args=[centre]),
        reverse("equipment:item_edit", args=[stocked["item"].pk]),
        reverse("equipment:import", args=[centre]),
        reverse("equipment:loans", args=[centre]),
        reverse("equipment:need_loan", args=[stocked["waiting"].pk]),
        reverse("equipment:loan_detail", args=[stocked["loan"].pk]),
        reverse("equipment:gap_centre_export", args=[centre]),
    ):
        assert client.get(url).status_code == 200, url


def test_national_pages(
    stocked: dict[str, Any], personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    for role in (Role.NATIONAL_ANALYST, Role.SYSADMIN):
        client = client_for(personas[role])
        assert client.get(reverse("equipment:gap_national")).status_code == 200
        response = client.get(reverse("equipment:gap_national_export"))
        assert response.status_code == 200
        assert response.content.startswith(b"PK")
    assert client_for(personas[Role.CENTRE_HEAD]).get(reverse("equipment:gap_national")).status_code == 403


def test_inventory_list_has_no_n_plus_one(
    stocked: dict[str, Any],
    personas: dict[str, User],
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    centre = stocked["centre"]
    chair = Item.objects.filter(sentra=centre).first()
    assert chair is not None
    for _ in range(30):
        f.item(centre, chair.item_type, acquired_on=datetime.date(2020, 1, 1))
    client = client_for(personas[Role.CENTRE_HEAD])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("equipment:centre", args=[centre.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("equipment:labels", args=[centre.pk])).status_code == 200
