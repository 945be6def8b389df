"""Standards as data: administrators edit them, every change is a new version with its reason, audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditEvent, Role, User
from sentra.equipment.models import ItemType, Standard, StandardRevision
from sentra.equipment.services.standards import StandardInput, item_type_update, standard_update
from sentra.network.models import ServiceComponent

pytestmark = pytest.mark.django_db


def _input(standard: Standard, **changes: object) -> StandardInput:
    values: dict[str, object] = {
        "component_id": standard.component_id,
        "subtype_id": standard.subtype_id,
        "setting": standard.setting,
        "item_type_id": standard.item_type_id,
        "minimum_quantity": standard.minimum_quantity,
        "caseload_basis": standard.caseload_basis,
        "caseload_per_unit": standard.caseload_per_unit,
        "note": standard.note,
    }
    values.update(changes)
    return StandardInput(**values)  # type: ignore[arg-type]


def test_the_shipped_standards_are_loaded_with_a_first_version() -> None:
    table = Standard.objects.get(item_type__code="treatment_table")
    assert (table.caseload_basis, table.caseload_per_unit, table.version) == ("daily_sessions", 8, 1)
    assert StandardRevision.objects.filter(standard=table, version=1).exists()
    assert ItemType.objects.filter(device_code="wheelchair").exists()


def test_an_edit_makes_a_new_version_and_keeps_the_old_one(personas: dict[str, User]) -> None:
    admin = personas[Role.SYSADMIN]
    table = Standard.objects.get(item_type__code="treatment_table")
    standard_update(
        actor=admin, standard=table, data=_input(table, caseload_per_unit=6), reason="Pilot data 2026"
    )
    table.refresh_from_db()
    assert (table.version, table.caseload_per_unit) == (2, 6)
    versions = {rev.version: rev.data["caseload_per_unit"] for rev in table.revisions.all()}
    assert versions == {1: 8, 2: 6}
    assert table.revisions.get(version=2).reason == "Pilot data 2026"
    event = AuditEvent.objects.get(object_type="equipment.standard", action="update")
    assert event.changes["caseload_per_unit"] == [8, 6]
    # Saving the same values again is no new version.
    standard_update(actor=admin, standard=table, data=_input(table), reason="No change")
    table.refresh_from_db()
    assert table.version == 2


def test_bad_standards_are_refused_by_field(personas: dict[str, User]) -> None:
    admin = personas[Role.SYSADMIN]
    table = Standard.objects.get(item_type__code="treatment_table")
    therapy = ServiceComponent.objects.get(code="terapi")
    with pytest.raises(ValidationError) as error:
        standard_update(actor=admin, standard=table, data=_input(table, caseload_per_unit=None), reason="x")
    assert "caseload_per_unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        standard_update(actor=admin, standard=table, data=_input(table, minimum_quantity=3), reason="")
    assert "reason" in error.value.message_dict
    other_subtype = ServiceComponent.objects.get(code="vokasional_kewirausahaan").subtypes.first()
    assert other_subtype is not None
    with pytest.raises(ValidationError) as error:
        standard_update(
            actor=admin,
            standard=table,
            data=_input(table, component_id=therapy.pk, subtype_id=other_subtype.pk),
            reason="x",
        )
    assert "subtype" in error.value.message_dict


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.NATIONAL_ANALYST, Role.PROFESSIONAL])
def test_only_administrators_edit_standards_and_prices(personas: dict[str, User], role: str) -> None:
    table = Standard.objects.get(item_type__code="treatment_table")
    with pytest.raises(PermissionDenied):
        standard_update(actor=personas[role], standard=table, data=_input(table), reason="x")
    with pytest.raises(PermissionDenied):
        item_type_update(
            actor=personas[role], item_type=table.item_type, unit_cost=1, lifespan_years=1, is_active=True
        )


def test_the_edit_page_versions_the_standard(
    personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    table = Standard.objects.get(item_type__code="treatment_table")
    client = client_for(personas[Role.SYSADMIN])
    data = {
        "component": table.component_id,
        "subtype": table.subtype_id,
        "setting": "",
        "item_type": table.item_type_id,
        "minimum_quantity": 2,
        "caseload_basis": "daily_sessions",
        "caseload_per_unit": 8,
        "note": "",
        "is_active": "on",
        "reason": "Two tables at least",
    }
    assert client.post(reverse("equipment:standard_edit", args=[table.pk]), data).status_code == 302
    page = client.get(reverse("equipment:standard_detail", args=[table.pk]))
    assert b'data-version="2"' in page.content
    assert (
        client_for(personas[Role.CENTRE_HEAD])
        .get(reverse("equipment:standard_edit", args=[table.pk]))
        .status_code
        == 403
    )
