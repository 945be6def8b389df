"""Figures other apps publish through their contracts: staff, equipment, outcomes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sentra.insights.models import CentreStatus
from sentra.insights.services import rollups
from sentra.workforce import selectors as workforce
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def test_staff_figures_follow_the_workforce_contract(world: World) -> None:
    loads = workforce.centre_caseload(world.a.pk)
    status = CentreStatus.objects.get(sentra=world.a)
    # the world has staff, so the figures are really compared rather than skipped
    assert loads
    staff = status.modules["staff"]
    assert staff["staff"] == len(loads)
    assert staff["mean_cases"] == round(sum(item.load.cases for item in loads) / len(loads), 1)
    assert staff["expiring"] == len(workforce.gap_report(world.a.pk).expiring)


def test_outcomes_shown_and_a_failing_app_does_not_stop_the_refresh(world: World, monkeypatch: Any) -> None:
    def broken(selectors: Any, sentra_id: int) -> dict[str, Any]:
        raise RuntimeError("another app's bug")

    def outcomes(selectors: Any, sentra_id: int) -> dict[str, Any] | None:
        return {"measured": 10, "improved": 7} if sentra_id == world.a.pk else None

    monkeypatch.setattr(
        rollups,
        "MODULES",
        (
            ("staff", "sentra.workforce.selectors", broken),
            ("outcomes", "sentra.assessments.selectors", outcomes),
        ),
    )
    rollups.refresh_rollups(full=True)
    status = CentreStatus.objects.get(sentra=world.a)
    assert "staff" not in status.modules
    assert status.modules["outcomes"] == {"measured": 10, "improved": 7}
    html = sign_in(Client(), world.head_a).get("/dashboard/").content.decode()
    block = re.search(r'data-figure="outcomes">(.*?)</article>', html, re.S)
    assert block
    assert "70%" in block.group(1)
    staff = re.search(r'data-figure="staff">(.*?)</article>', html, re.S)
    assert staff
    assert 'class="no-data"' in staff.group(1)


def test_incremental_runs_keep_module_figures_until_they_are_stale(world: World, monkeypatch: Any) -> None:
    calls: list[int] = []

    def counted(selectors: Any, sentra_id: int) -> dict[str, Any]:
        calls.append(sentra_id)
        return {"measured": 5, "improved": 5}

    monkeypatch.setattr(rollups, "MODULES", (("outcomes", "sentra.assessments.selectors", counted),))
    rollups.refresh_rollups(full=True)
    first = len(calls)
    assert first == 2
    rollups.refresh_rollups()
    assert len(calls) == first
    assert CentreStatus.objects.get(sentra=world.a).modules["outcomes"]["measured"] == 5


@pytest.mark.parametrize(("measured", "shown"), [(10, 70), (4, None)])
def test_national_outcomes_need_five_people(
    world: World, monkeypatch: Any, measured: int, shown: int | None
) -> None:
    from sentra.insights.selectors import national

    def outcomes(selectors: Any, sentra_id: int) -> dict[str, Any]:
        return {"measured": measured, "improved": round(measured * 0.7)}

    monkeypatch.setattr(rollups, "MODULES", (("outcomes", "sentra.assessments.selectors", outcomes),))
    rollups.refresh_rollups(full=True)
    view = national.national_view(user=world.analyst, filters=national.NationalFilters(rank="outcomes"))
    row = next(row for row in view.rows if row.centre.pk == world.a.pk)
    assert row.values["outcomes"] == shown
