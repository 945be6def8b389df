"""The budget proposal XLSX: ranked lines with cumulative cost, totals per type, and the method."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from sentra.core.models import Role, User
from sentra.equipment.models import Condition
from sentra.network.models import Sentra
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db


def test_the_centre_budget_workbook(
    centre_a: Sentra, personas: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    f.clean_slate()
    f.capacity(centre_a, "perawatan_pengasuhan", "residential", 30)
    hoist = f.item_type("x-hoist", 30_000_000, category="care")
    bed = f.item_type("x-bed", 10_000_000, category="care")
    f.standard("perawatan_pengasuhan", hoist, setting="residential", minimum=1)  # 30 served per unit
    f.standard("perawatan_pengasuhan", bed, setting="residential", basis="places", per_unit=10)  # 10 per unit
    f.item(centre_a, bed, condition=Condition.BROKEN, acquired_on=datetime.date(2024, 1, 1))
    response = client_for(personas[Role.CENTRE_HEAD]).get(
        reverse("equipment:gap_centre_export", args=[centre_a.pk])
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    lines, totals, method = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    data = lines[2:]
    # rank, centre code, ..., type code (5), quantity (7), unit cost, cost, cumulative (10)
    assert [(row[0], row[5], row[7], row[9], row[10]) for row in data] == [
        (1, "x-hoist", 1, 30_000_000, 30_000_000),
        (2, "x-bed", 1, 10_000_000, 40_000_000),  # the broken one, replaced
        (3, "x-bed", 2, 20_000_000, 60_000_000),  # 3 required, 1 held
    ]
    assert totals[-1][2:4] == (4, 60_000_000)
    assert len(method) >= 5
