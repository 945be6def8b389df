"""PHQ-9: every worked example of instruments.md §5, the item-9 flag, the NHS missing-item rule."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library, score
from tests.assessments.helpers import check_range_and_monotone, scored


@pytest.fixture(scope="module")
def phq9(library: Library) -> Instrument:
    return library.get("phq9")


# Items 1-9 | total | band | item-9 flag | diagnostic algorithm (None: n/a)
WORKED_EXAMPLES = [
    ("0,0,0,0,0,0,0,0,0", 0, "minimal", False, "neither"),
    ("1,1,0,1,1,0,0,0,0", 4, "minimal", False, "neither"),
    ("1,1,1,1,1,0,0,0,0", 5, "mild", False, "neither"),
    ("0,1,0,1,0,1,0,0,1", 4, "minimal", True, "neither"),
    ("2,2,1,1,1,1,1,1,0", 10, "moderate", False, "other_depressive_syndrome"),
    ("2,2,2,2,2,2,1,1,0", 14, "moderate", False, "major_depressive_syndrome"),
    ("3,3,2,2,2,2,2,2,1", 19, "moderately_severe", True, "major_depressive_syndrome"),
    ("3,3,3,3,3,3,3,3,3", 27, "severe", True, "major_depressive_syndrome"),
    ("2,2,2,1,2,-,1,1,0", 12, "moderate", False, None),
]


@pytest.mark.parametrize(("row", "total", "band", "flagged", "algorithm"), WORKED_EXAMPLES)
def test_worked_examples(
    phq9: Instrument, row: str, total: int, band: str, flagged: bool, algorithm: str | None
):
    result = scored(phq9, row)
    assert result.valid
    assert result.total == total
    assert result.band == band
    assert result.bands["severity"] == band
    assert ("phq9_item9" in result.flags) is flagged
    assert result.bands["diagnostic_algorithm"] == algorithm


def test_one_missing_item_is_substituted_by_the_mean_and_the_unrounded_total_is_kept(phq9: Instrument):
    result = scored(phq9, "2,2,2,1,2,-,1,1,0")
    assert result.unrounded["total"] == pytest.approx(12.375)  # 11 + 11/8
    assert result.imputed == ("6",)
    output = result.as_dict()
    assert output["total"] == 12
    assert output["total_unrounded"] == 12.375
    assert output["imputed"] == ["6"]


def test_the_substituted_total_is_rounded_half_up(phq9: Instrument):
    # 4 points on 8 answered items: 4 x 9/8 = 4.5, rounded half up to 5, which is "mild" (a product rule).
    result = scored(phq9, "1,1,1,1,0,0,0,0,-")
    assert result.unrounded["total"] == 4.5
    assert result.total == 5
    assert result.band == "mild"


def test_two_missing_items_are_still_scored(phq9: Instrument):
    result = scored(phq9, "3,3,-,3,3,3,3,-,3")
    assert result.valid
    assert result.total == 27  # 21 x 9/7
    assert result.missing == ("3", "8")


def test_three_missing_items_are_not_scored_and_each_is_named(phq9: Instrument):
    result = scored(phq9, "1,-,-,-,1,1,1,1,0")
    assert not result.valid
    assert result.total is None
    assert result.band is None
    assert "phq9_item9" not in result.flags
    assert [(p.item, p.code) for p in result.problems] == [
        ("2", "too_many_missing"),
        ("3", "too_many_missing"),
        ("4", "too_many_missing"),
    ]
    assert "Item 2" in result.problems[0].message


def test_item9_raises_the_flag_whatever_the_total_even_unscorable(phq9: Instrument):
    low = scored(phq9, "0,0,0,0,0,0,0,0,1")
    assert low.total == 1
    assert low.band == "minimal"
    assert low.flags == ("phq9_item9",)
    unscorable = scored(phq9, "-,-,-,0,0,0,0,0,2")
    assert not unscorable.valid
    assert unscorable.flags == ("phq9_item9",)
    bad_elsewhere = score(phq9, {"1": 7, "9": 3})
    assert not bad_elsewhere.valid
    assert bad_elsewhere.flags == ("phq9_item9",)


def test_out_of_range_answers_are_refused_naming_the_item(phq9: Instrument):
    result = score(phq9, {str(n): 0 for n in range(1, 9)} | {"9": 4})
    assert not result.valid
    (problem,) = result.problems
    assert (problem.item, problem.code) == ("9", "not_allowed")
    assert problem.message == "Item 9: 4 is not an allowed answer; allowed answers are 0, 1, 2, 3."


def test_totals_in_range_and_monotone(phq9: Instrument):
    check_range_and_monotone(phq9)


def test_prorated_totals_in_range_and_monotone(phq9: Instrument):
    check_range_and_monotone(phq9, max_missing=2)
