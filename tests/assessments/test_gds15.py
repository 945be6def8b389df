"""GDS-15: the worked examples of instruments.md §6, reverse-keyed items, and the choice at exactly 5."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library, score
from tests.assessments.helpers import check_range_and_monotone


@pytest.fixture(scope="module")
def gds15(library: Library) -> Instrument:
    return library.get("gds15")


def yes_no(row: str) -> dict[str, str]:
    return {str(n): {"Y": "yes", "N": "no"}[c] for n, c in enumerate(row, start=1)}


# Y/N for items 1-15 | total | band | "> 5" screen | ">= 5" screen
WORKED_EXAMPLES = [
    ("YNNNYNYNNNYNYNN", 0, "normal", False, False),
    ("NNNNNNNNNNNNNNN", 5, "mild", False, True),
    ("YYYYYYYYNNYNYNN", 5, "mild", False, True),
    ("NYYYYYYYNNYNYNN", 6, "mild", True, True),
    ("YYYYYYYYYYYYYYY", 10, "moderate", True, True),
    ("NYYYNYNYYYNYNYY", 15, "severe", True, True),
]


@pytest.mark.parametrize(("row", "total", "band", "above_5", "from_5"), WORKED_EXAMPLES)
def test_worked_examples(gds15: Instrument, row: str, total: int, band: str, above_5: bool, from_5: bool):
    default = score(gds15, yes_no(row))
    printed_form = score(gds15, yes_no(row), {"screen_cutoff": 6})
    for result in (default, printed_form):
        assert result.valid
        assert result.total == total
        assert result.band == band
    assert (default.bands["screen"] == "positive") is from_5
    assert ("gds15_screen_positive" in default.flags) is from_5
    assert (printed_form.bands["screen"] == "positive") is above_5
    assert default.parameters == {"screen_cutoff": 5}
    assert printed_form.parameters == {"screen_cutoff": 6}


def test_exactly_5_is_positive_by_default_and_says_it_is_a_product_rule(gds15: Instrument):
    result = score(gds15, yes_no("NNNNNNNNNNNNNNN"))
    assert result.bands == {"severity": "mild", "screen": "positive"}
    assert result.band_info["screen"].basis == "product_rule"
    assert any(d["topic"] == "exactly_5" for d in gds15.decisions)


def test_reverse_keyed_items_are_1_5_7_11_13(gds15: Instrument):
    assert [item.number for item in gds15.items if item.reverse] == ["1", "5", "7", "11", "13"]
    assert gds15.item_by_number["1"].lookup == {"yes": 0, "no": 1}
    assert gds15.item_by_number["2"].lookup == {"yes": 1, "no": 0}


def test_answers_are_yes_or_no_in_any_case(gds15: Instrument):
    answers = yes_no("NNNNNNNNNNNNNNN") | {"1": " No ", "2": "YES"}
    assert score(gds15, answers).total == 6
    bad = score(gds15, yes_no("NNNNNNNNNNNNNNN") | {"4": "maybe", "5": 1})
    assert [(p.item, p.code) for p in bad.problems] == [("4", "not_allowed"), ("5", "not_allowed")]
    assert (
        bad.problems[0].message
        == 'Item 4: "maybe" is not an allowed answer; allowed answers are "yes", "no".'
    )


def test_the_screen_cut_off_is_limited_to_the_two_published_readings(gds15: Instrument):
    result = score(gds15, yes_no("NNNNNNNNNNNNNNN"), {"screen_cutoff": 8})
    assert [(p.parameter, p.code) for p in result.problems] == [("screen_cutoff", "bad_parameter")]


def test_totals_in_range_and_monotone_with_reverse_items(gds15: Instrument):
    check_range_and_monotone(gds15)
