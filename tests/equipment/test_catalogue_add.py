"""Administrators add catalogue entries from the pages: named errors, audited, versioned like standards;
nobody else may."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditAction, AuditEvent, Role, User
from sentra.equipment.models import ItemType, ItemTypeRevision
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db

ENTRY = {
    "code": "wheelchair_paediatric",
    "name_id": "Kursi roda anak",
    "name_en": "Paediatric wheelchair",
    "category": "assistive",
    "device_code": "wheelchair",
    "unit_cost": "3500000",
    "lifespan_years": "5",
    "reason": "Kebutuhan anak di sentra",
}


def test_an_administrator_adds_an_entry_and_each_change_is_a_version(
    make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    admin = make_user(role=Role.SYSADMIN)
    client = client_for(admin)
    assert b'data-testid="catalogue-add"' in client.get(reverse("equipment:catalogue")).content
    response = client.post(reverse("equipment:item_type_create"), ENTRY)
    assert response.status_code == 302
    entry = ItemType.objects.get(code="wheelchair_paediatric")
    assert (entry.version, entry.device_code, entry.unit_cost) == (1, "wheelchair", 3_500_000)
    assert ItemTypeRevision.objects.get(item_type=entry, version=1).reason == ENTRY["reason"]
    assert AuditEvent.objects.filter(
        object_type="equipment.itemtype", object_id=str(entry.pk), action=AuditAction.CREATE
    ).exists()
    edit = {"unit_cost": "3750000", "lifespan_years": "5", "is_active": "on"}
    assert client.post(reverse("equipment:item_type_edit", args=[entry.pk]), edit).status_code == 302
    entry.refresh_from_db()
    assert entry.version == 2
    assert ItemTypeRevision.objects.get(item_type=entry, version=2).data["unit_cost"] == "3750000"
    # Saving the same values again makes no new version.
    client.post(reverse("equipment:item_type_edit", args=[entry.pk]), edit)
    entry.refresh_from_db()
    assert entry.version == 2


def test_bad_entries_are_named_and_nothing_is_saved(
    make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_user(role=Role.SYSADMIN))
    existing = ItemType.objects.order_by("pk").first()
    assert existing is not None
    bad = {**ENTRY, "code": existing.code, "category": "therapy"}
    response = client.post(reverse("equipment:item_type_create"), bad)
    assert response.status_code == 422
    body = response.content.decode()
    # the code is taken; a therapy item has no assistive-device code
    assert body.count('aria-invalid="true"') == 2
    assert not ItemType.objects.filter(name_en=ENTRY["name_en"]).exists()


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.PROFESSIONAL, Role.HR, Role.NATIONAL_ANALYST])
def test_only_administrators_add_entries(
    make_user: Callable[..., User], client_for: Callable[[User], Client], centre_a: Sentra, role: str
) -> None:
    client = client_for(make_user(role=role, centres=(centre_a,)))
    assert client.get(reverse("equipment:item_type_create")).status_code == 403
    assert client.post(reverse("equipment:item_type_create"), ENTRY).status_code == 403
    assert not ItemType.objects.filter(code=ENTRY["code"]).exists()
