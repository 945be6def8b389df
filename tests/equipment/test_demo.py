"""The demo seeder: inventories with gaps and broken items, a waiting list; a second run creates nothing."""

from __future__ import annotations

import datetime

import pytest

from sentra.equipment.demo import seed
from sentra.equipment.models import Condition, DeviceRequest, Item, Loan, RequestStatus
from sentra.equipment.selectors.plans import compute_national_plan
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f
from tests.factories import SentraFactory

pytestmark = pytest.mark.django_db


def test_seed_is_deterministic_idempotent_and_leaves_gaps() -> None:
    bekasi = SentraFactory(code="pangudi-luhur-bekasi", name="Pangudi Luhur")
    other = SentraFactory(code="lks-cahaya-bekasi", name="LKS Cahaya")
    for centre in (bekasi, other):
        f.capacity(centre, "perawatan_pengasuhan", "residential", 60)
        f.capacity(centre, "terapi", "residential", 40)
    for name in ("Ani", "Budi", "Citra", "Dodi", "Eka", "Fani", "Gani"):
        person(bekasi, name)
    centres: dict[str, Sentra] = {"pangudi-luhur-bekasi": bekasi, "lks-cahaya-bekasi": other}
    first = seed(centres)
    counts = list(first.values())
    assert counts[0] == Item.objects.count() > 20
    assert counts[1] == DeviceRequest.objects.count() == 7
    assert counts[2] == Loan.objects.count() >= 1
    assert DeviceRequest.objects.filter(status=RequestStatus.WAITING).exists()
    assert Item.objects.filter(condition=Condition.BROKEN).exists()
    assert set(seed(centres).values()) == {0}
    plan = compute_national_plan(today=datetime.date(2026, 7, 1))
    assert plan.total_cost > 0
    assert {line.centre_id for line in plan.lines} == {bekasi.pk, other.pk}
