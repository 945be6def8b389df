"""K10: the worked examples of instruments.md §7 (ABS and clinical bands, one missing item prorated)."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library
from tests.assessments.helpers import check_range_and_monotone, scored


@pytest.fixture(scope="module")
def k10(library: Library) -> Instrument:
    return library.get("k10")


# Items 1-10 (1-5 each) | total | ABS band | clinical (CRUfAD) band
WORKED_EXAMPLES = [
    ("1,1,1,1,1,1,1,1,1,1", 10, "low", "likely_well"),
    ("2,2,2,1,1,2,2,1,1,1", 15, "low", "likely_well"),
    ("2,2,2,2,2,2,2,2,2,2", 20, "moderate", "likely_mild_disorder"),
    ("3,2,2,2,2,2,2,2,2,2", 21, "moderate", "likely_mild_disorder"),
    ("3,3,3,3,2,2,2,2,2,2", 24, "high", "likely_mild_disorder"),
    ("3,3,3,-,3,3,2,2,2,2", 26, "high", "likely_moderate_disorder"),
    ("3,3,3,3,3,3,3,3,3,3", 30, "very_high", "likely_severe_disorder"),
    ("5,5,5,5,5,5,5,5,5,5", 50, "very_high", "likely_severe_disorder"),
]


@pytest.mark.parametrize(("row", "total", "abs_band", "clinical"), WORKED_EXAMPLES)
def test_worked_examples(k10: Instrument, row: str, total: int, abs_band: str, clinical: str):
    result = scored(k10, row)
    assert result.valid
    assert result.total == total
    assert result.band == abs_band
    assert result.bands == {"abs": abs_band, "clinical": clinical}


def test_one_missing_item_is_prorated(k10: Instrument):
    result = scored(k10, "3,3,3,-,3,3,2,2,2,2")
    assert result.unrounded["total"] == pytest.approx(230 / 9)  # 23 / 9 x 10 = 25.56
    assert result.imputed == ("4",)


def test_two_missing_items_are_invalid(k10: Instrument):
    result = scored(k10, "3,-,3,-,3,3,2,2,2,2")
    assert not result.valid
    assert result.total is None
    assert result.bands == {"abs": None, "clinical": None}
    assert [(p.item, p.code) for p in result.problems] == [
        ("2", "too_many_missing"),
        ("4", "too_many_missing"),
    ]


def test_the_0_to_4_metric_is_refused(k10: Instrument):
    result = scored(k10, "0,0,0,0,0,0,0,0,0,0")
    assert len(result.problems) == 10
    assert {p.code for p in result.problems} == {"not_allowed"}


def test_totals_in_range_and_monotone(k10: Instrument):
    check_range_and_monotone(k10)
    check_range_and_monotone(k10, max_missing=1)
