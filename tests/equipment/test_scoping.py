"""Role by role: what each role reaches in the equipment pages, and 404 for another centre's records."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role, User
from sentra.equipment.models import Condition, ItemType
from sentra.equipment.services.loans import loan_issue, request_create
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db
CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]


@pytest.fixture
def records_of_b(centre_b: Sentra) -> dict[str, int]:
    chair = ItemType.objects.get(code="wheelchair_standard")
    item = f.item(centre_b, chair)
    f.item(centre_b, chair)
    need = request_create(
        actor=None, sentra=centre_b, beneficiary=person(centre_b, "Eko"), device_code="wheelchair"
    )
    loan = loan_issue(actor=None, request=need, item_id=item.pk)
    waiting = request_create(
        actor=None, sentra=centre_b, beneficiary=person(centre_b, "Fajar"), device_code="walker"
    )
    return {"centre": centre_b.pk, "item": item.pk, "loan": loan.pk, "need": waiting.pk}


def b_urls(ids: dict[str, int]) -> list[str]:
    return [
        reverse("equipment:centre", args=[ids["centre"]]),
        reverse("equipment:gap_centre", args=[ids["centre"]]),
        reverse("equipment:gap_centre_export", args=[ids["centre"]]),
        reverse("equipment:labels", args=[ids["centre"]]),
        reverse("equipment:loans", args=[ids["centre"]]),
        reverse("equipment:item_detail", args=[ids["item"]]),
        reverse("equipment:item_edit", args=[ids["item"]]),
        reverse("equipment:need_loan", args=[ids["need"]]),
        reverse("equipment:loan_detail", args=[ids["loan"]]),
        f"/api/v1/equipment/items/{ids['item']}",
        f"/api/v1/equipment/centres/{ids['centre']}/gap",
        f"/api/v1/equipment/loans/{ids['loan']}",
    ]


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_centre_a_staff_get_404_for_centre_b(
    client_for: Callable[[User], Client], personas: dict[str, User], records_of_b: dict[str, int], role: str
) -> None:
    client = client_for(personas[role])
    for url in b_urls(records_of_b):
        assert client.get(url).status_code == 404, (role, url)
    for url in (
        reverse("equipment:item_inspect", args=[records_of_b["item"]]),
        reverse("equipment:loan_return", args=[records_of_b["loan"]]),
        reverse("equipment:need_cancel", args=[records_of_b["need"]]),
    ):
        assert client.post(url, {}).status_code == 404, (role, url)


def test_national_analyst_reads_inventories_and_plans_but_no_person(
    client_for: Callable[[User], Client], personas: dict[str, User], records_of_b: dict[str, int]
) -> None:
    client = client_for(personas[Role.NATIONAL_ANALYST])
    for url in (
        reverse("equipment:centre", args=[records_of_b["centre"]]),
        reverse("equipment:gap_centre", args=[records_of_b["centre"]]),
        reverse("equipment:item_detail", args=[records_of_b["item"]]),
        reverse("equipment:gap_national"),
        f"/api/v1/equipment/items/{records_of_b['item']}",
    ):
        assert client.get(url).status_code == 200, url
    # Read-only: editing is refused; persons (loans, needs) are not theirs to see at all.
    assert client.get(reverse("equipment:item_edit", args=[records_of_b["item"]])).status_code == 403
    assert client.get(reverse("equipment:item_create", args=[records_of_b["centre"]])).status_code == 403
    assert client.get(reverse("equipment:loan_detail", args=[records_of_b["loan"]])).status_code == 404
    assert client.get(reverse("equipment:need_loan", args=[records_of_b["need"]])).status_code == 404
    page = client.get(reverse("equipment:item_detail", args=[records_of_b["item"]])).content.decode()
    assert "Eko" not in page


def test_head_edits_own_inventory_only(
    client_for: Callable[[User], Client],
    personas: dict[str, User],
    records_of_b: dict[str, int],
    centre_a: Sentra,
) -> None:
    head = client_for(personas[Role.CENTRE_HEAD])
    own = f.item(centre_a, ItemType.objects.get(code="treatment_table"))
    data: dict[str, Any] = {
        "item_type": own.item_type_id,
        "asset_number": own.asset_number,
        "acquired_on": own.acquired_on.isoformat(),
        "condition": Condition.BROKEN,
        "location": "Ruang fisioterapi",
    }
    assert head.post(reverse("equipment:item_edit", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert (own.condition, own.location) == (Condition.BROKEN, "Ruang fisioterapi")
    assert head.post(reverse("equipment:item_edit", args=[records_of_b["item"]]), data).status_code == 404


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.HR])
def test_other_roles_of_the_centre_read_but_do_not_edit(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra, role: str
) -> None:
    own = f.item(centre_a, ItemType.objects.get(code="treatment_table"))
    client = client_for(personas[role])
    assert client.get(reverse("equipment:item_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("equipment:item_edit", args=[own.pk])).status_code == 403
    inspection = {"inspected_on": datetime.date.today().isoformat(), "condition": "broken"}  # noqa: DTZ011
    assert client.post(reverse("equipment:item_inspect", args=[own.pk]), inspection).status_code == 403


@pytest.mark.parametrize("role", [Role.INTAKE, Role.HR])
def test_roles_without_loan_work_do_not_see_loans(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra, role: str
) -> None:
    chair = ItemType.objects.get(code="wheelchair_standard")
    f.item(centre_a, chair)
    need = request_create(
        actor=None, sentra=centre_a, beneficiary=person(centre_a, "Gita"), device_code="wheelchair"
    )
    loan = loan_issue(actor=None, request=need)
    client = client_for(personas[role])
    assert client.get(reverse("equipment:loan_detail", args=[loan.pk])).status_code == 404
    assert client.get(reverse("equipment:loans", args=[centre_a.pk])).status_code == 403
