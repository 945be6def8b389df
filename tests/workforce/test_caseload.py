"""Caseload weighted by complexity against the nested caps of a profession (hand-worked cases)."""

from __future__ import annotations

import pytest

from sentra.workforce.rules import caseload
from sentra.workforce.rules.standards import ProfessionStandard, default_standards

PEKSOS = ProfessionStandard(max_cases=25, max_complex=12, max_high=4, beneficiaries_per_staff=25)


@pytest.mark.parametrize(
    ("urgency", "cluster", "needs", "expected"),
    [
        ("routine", "lansia", 0, 1),
        ("soon", "lansia", 1, 2),
        ("urgent", "lansia", 0, 3),
        ("", "napza", 0, 2),
        ("normal", "tuna_sosial", 3, 3),
        ("emergency", "napza", 5, 3),  # capped
    ],
)
def test_complexity(urgency: str, cluster: str, needs: int, expected: int) -> None:
    assert caseload.case_complexity(urgency=urgency, cluster=cluster, needs_count=needs) == expected


def _load(complexities: list[int], standard: ProfessionStandard | None = PEKSOS) -> caseload.StaffLoad:
    return caseload.staff_load(
        staff_id=1,
        profession="pekerja_sosial",
        complexities=complexities,
        standard=standard,
        idle_below_share=0.25,
    )


def test_five_heavy_cases_overload_someone_with_room_for_twenty_five_light_ones() -> None:
    load = _load([3] * 5)
    assert (load.cases, load.complex_cases, load.high_cases, load.weighted) == (5, 5, 5, 15)
    assert load.utilisation == 1.25  # 5 heavy of 4 allowed
    assert load.status == caseload.OVERLOADED


def test_within_caps_idle_and_no_standard() -> None:
    assert _load([1] * 20 + [2] * 3).status == caseload.OK  # 23/25, 3/12, 0/4 → 0.92
    idle = _load([1] * 5)
    assert (idle.utilisation, idle.status) == (0.2, caseload.IDLE)
    assert _load([], standard=None).status == caseload.NO_STANDARD


def test_the_standards_file_is_consistent() -> None:
    standards = default_standards()
    assert standards.expiry_alert_days == (90, 30)
    assert all(s.max_high <= s.max_complex <= s.max_cases for s in standards.professions.values())
    assert "pekerja_sosial" in standards.professions
