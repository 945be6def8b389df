"""Items, item types, standards and capacities for the equipment tests (written through the services)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from sentra.equipment.models import CaseloadBasis, Condition, Item, ItemType, Standard
from sentra.equipment.services.inventory import ItemInput, item_create
from sentra.network.models import CentreCapacity, Sentra, ServiceComponent, ServiceSubtype

_assets = itertools.count(1)


def item_type(
    code: str, unit_cost: int, *, device_code: str = "", lifespan: int = 5, category: str = "therapy"
) -> ItemType:
    return ItemType.objects.create(
        code=code,
        name_id=code,
        name_en=code,
        category=category,
        device_code=device_code,
        unit_cost=Decimal(unit_cost),
        lifespan_years=lifespan,
    )


def item(
    sentra: Sentra,
    kind: ItemType,
    *,
    condition: str = Condition.GOOD,
    acquired_on: datetime.date | None = None,
    asset_number: str = "",
    **fields: Any,
) -> Item:
    return item_create(
        actor=None,
        sentra=sentra,
        data=ItemInput(
            item_type_id=kind.pk,
            asset_number=asset_number or f"INV-{next(_assets):05d}",
            acquired_on=acquired_on or datetime.date.today() - datetime.timedelta(days=365),  # noqa: DTZ011
            condition=condition,
            **fields,
        ),
    )


def capacity(sentra: Sentra, component_code: str, setting: str, places: int) -> CentreCapacity:
    return CentreCapacity.objects.create(
        sentra=sentra,
        component=ServiceComponent.objects.get(code=component_code),
        setting=setting,
        places=places,
    )


def standard(
    component_code: str,
    kind: ItemType,
    *,
    subtype_code: str = "",
    setting: str = "",
    minimum: int = 0,
    basis: str = CaseloadBasis.NONE,
    per_unit: int | None = None,
) -> Standard:
    return Standard.objects.create(
        component=ServiceComponent.objects.get(code=component_code),
        subtype=ServiceSubtype.objects.get(code=subtype_code) if subtype_code else None,
        setting=setting,
        item_type=kind,
        minimum_quantity=minimum,
        caseload_basis=basis,
        caseload_per_unit=per_unit,
    )


def clean_slate() -> None:
    """No shipped standard and no shipped type in the way of a hand-made centre."""
    Standard.objects.all().delete()
    ItemType.objects.update(is_active=False)
