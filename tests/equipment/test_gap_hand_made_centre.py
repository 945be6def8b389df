"""A hand-made centre with a known gap and budget, computed through the real queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sentra.equipment.models import Condition
from sentra.equipment.rules.gaps import KIND_DEVICE_NEED, KIND_REPLACEMENT, KIND_STANDARD
from sentra.equipment.selectors import equipment_readiness
from sentra.equipment.selectors.plans import compute_national_plan
from sentra.equipment.services.loans import request_create
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def centre(centre_a: Sentra) -> Sentra:
    """40 therapy places and 30 residential care places; a gap in tables, a hoist, beds and wheelchairs."""
    f.clean_slate()
    table = f.item_type("table", 5_000_000, lifespan=10)
    bed = f.item_type("bed", 10_000_000, device_code="hospital_bed", category="care")
    hoist = f.item_type("hoist", 30_000_000, category="care")
    chair = f.item_type("chair", 2_000_000, device_code="wheelchair", category="assistive")
    sewing = f.item_type("sewing", 4_000_000, category="vocational")
    f.capacity(centre_a, "terapi", "residential", 40)
    f.capacity(centre_a, "perawatan_pengasuhan", "residential", 30)
    f.standard("terapi", table, subtype_code="fisik", minimum=1, basis="places", per_unit=20)  # 2 tables
    f.standard("perawatan_pengasuhan", bed, setting="residential", basis="places", per_unit=10)  # 3 beds
    f.standard("perawatan_pengasuhan", hoist, setting="residential", minimum=1)  # 1 hoist
    f.standard("vokasional_kewirausahaan", sewing, minimum=2)  # not offered: does not apply
    f.standard("perawatan_pengasuhan", sewing, setting="family", minimum=5)  # setting not offered
    f.item(centre_a, table, acquired_on=datetime.date(2014, 1, 10))  # ends 2024: replace
    f.item(centre_a, bed)
    f.item(centre_a, bed)
    f.item(centre_a, bed, condition=Condition.BROKEN)
    f.item(centre_a, bed, condition=Condition.WRITTEN_OFF)  # not held
    f.item(centre_a, chair)
    for name in ("Ani", "Budi", "Citra"):
        request_create(
            actor=None, sentra=centre_a, beneficiary=person(centre_a, name), device_code="wheelchair"
        )
    return centre_a


def test_known_gap_and_budget(centre: Sentra) -> None:
    plan = compute_national_plan(today=TODAY, centre_ids=[centre.pk])
    codes = {pk: item_type.code for pk, item_type in plan.item_types.items()}
    got = [
        (line.kind, codes[line.item_type_id], line.quantity, line.cost, line.served_per_unit)
        for line in plan.lines
    ]
    assert got == [
        (KIND_STANDARD, "hoist", 1, Decimal(30_000_000), 30.0),  # 30 places behind a fixed standard
        (KIND_REPLACEMENT, "table", 1, Decimal(5_000_000), 20.0),  # past its 10 years
        (KIND_STANDARD, "table", 1, Decimal(5_000_000), 20.0),  # 2 required for 40 places, 1 held
        (KIND_REPLACEMENT, "bed", 1, Decimal(10_000_000), 10.0),  # broken
        (KIND_DEVICE_NEED, "chair", 2, Decimal(4_000_000), 1.0),  # 3 waiting, 1 spare chair
    ]
    assert plan.total_cost == Decimal(54_000_000)
    assert plan.total_quantity == 6


def test_readiness_of_the_hand_made_centre(centre: Sentra) -> None:
    readiness = equipment_readiness(centre.pk, today=TODAY)
    assert readiness is not None
    assert readiness.required_units == 6  # 2 tables + 3 beds + 1 hoist
    assert readiness.held_units == 3  # 1 table + 2 usable beds (the broken one does not count)
    assert readiness.standard_met_share == pytest.approx(0.5)
    assert readiness.items_held == 5  # the written-off bed is not held
    assert readiness.good_condition_share == pytest.approx(4 / 5)
    assert (readiness.unmet_device_needs, readiness.device_needs_total) == (3, 3)


def test_no_data_for_an_empty_centre(centre_b: Sentra) -> None:
    f.clean_slate()
    assert equipment_readiness(centre_b.pk, today=TODAY) is None


def test_no_standard_applies_but_inventory_exists(centre_b: Sentra) -> None:
    f.clean_slate()
    f.item(centre_b, f.item_type("test-laptop", 9_000_000, category="ict"))
    readiness = equipment_readiness(centre_b.pk, today=TODAY)
    assert readiness is not None
    assert readiness.standard_met_share is None
    assert readiness.good_condition_share == 1.0
