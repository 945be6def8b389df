"""GAD-7: every worked example of instruments.md §5, the GAD-2 sub-score and the cut-off flag."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library
from tests.assessments.helpers import check_range_and_monotone, scored


@pytest.fixture(scope="module")
def gad7(library: Library) -> Instrument:
    return library.get("gad7")


# Items 1-7 | total | band | GAD-2
WORKED_EXAMPLES = [
    ("0,0,0,0,0,0,0", 0, "minimal", 0),
    ("1,1,1,1,1,0,0", 5, "mild", 2),
    ("1,1,1,1,1,1,3", 9, "mild", 2),
    ("2,2,2,2,1,1,0", 10, "moderate", 4),
    ("2,2,2,2,2,2,3", 15, "severe", 4),
    ("3,3,3,3,3,3,3", 21, "severe", 6),
]


@pytest.mark.parametrize(("row", "total", "band", "gad2"), WORKED_EXAMPLES)
def test_worked_examples(gad7: Instrument, row: str, total: int, band: str, gad2: int):
    result = scored(gad7, row)
    assert result.valid
    assert result.total == total
    assert result.band == band
    assert result.scores["gad2"] == gad2
    assert result.bands["gad2_screen"] == ("positive" if gad2 >= 3 else "negative")
    assert ("gad7_cutoff" in result.flags) is (total >= 10)


def test_any_missing_item_stops_scoring_as_a_product_rule(gad7: Instrument):
    result = scored(gad7, "1,1,1,-,1,1,1")
    assert not result.valid
    assert [(p.item, p.code) for p in result.problems] == [("4", "unanswered")]
    missing_rule = gad7.scores[0].missing
    assert (missing_rule.rule, missing_rule.basis) == ("complete", "product_rule")


def test_totals_in_range_and_monotone(gad7: Instrument):
    check_range_and_monotone(gad7)
