"""Lawton IADL: the worked examples of instruments.md §2 (all 8 items and the historic 5-item form)."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library, score
from tests.assessments.helpers import check_range_and_monotone

MEN_ONLY = ("A", "B", "F", "G", "H")


@pytest.fixture(scope="module")
def lawton(library: Library) -> Instrument:
    return library.get("lawton")


def from_options(
    lawton: Instrument, row: str, letters: tuple[str, ...] = tuple("ABCDEFGH")
) -> dict[str, int]:
    """Printed option numbers per letter (the worked examples' notation) -> the CLI's 1/0 answers."""
    chosen = dict(zip("ABCDEFGH", (int(n) for n in row.split(",")), strict=True))
    by_letter = {item.label: item for item in lawton.items}
    return {
        by_letter[letter].number: by_letter[letter].options[chosen[letter] - 1].value for letter in letters
    }


# Option numbers A..H | total /8 | men-only total /5
WORKED_EXAMPLES = [
    ("1,1,1,1,1,1,1,1", 8, 5),
    ("1,1,2,2,1,2,1,1", 7, 5),
    ("3,2,3,4,2,3,2,2", 5, 3),
    ("4,4,4,5,3,4,3,1", 1, 1),
    ("4,4,4,5,3,5,3,3", 0, 0),
]


@pytest.mark.parametrize(("row", "total", "men_total"), WORKED_EXAMPLES)
def test_worked_examples_all_eight_items(lawton: Instrument, row: str, total: int, men_total: int):
    result = score(lawton, from_options(lawton, row))
    assert result.valid
    assert (result.total, result.form, result.ranges["total"]) == (total, "all_8", (0, 8))
    assert result.band is None  # the original gives no cut-offs


@pytest.mark.parametrize(("row", "total", "men_total"), WORKED_EXAMPLES)
def test_worked_examples_historic_five_item_form(lawton: Instrument, row: str, total: int, men_total: int):
    result = score(lawton, from_options(lawton, row, MEN_ONLY), {"form": "historic_male_5"})
    assert result.valid
    assert (result.total, result.form, result.ranges["total"]) == (men_total, "historic_male_5", (0, 5))


def test_the_historic_form_refuses_the_items_it_leaves_out(lawton: Instrument):
    answers = from_options(lawton, "1,1,1,1,1,1,1,1")
    result = score(lawton, answers, {"form": "historic_male_5"})
    assert not result.valid
    assert [(p.item, p.code) for p in result.problems] == [
        ("3", "not_in_form"),
        ("4", "not_in_form"),
        ("5", "not_in_form"),
    ]


def test_an_unknown_form_is_refused(lawton: Instrument):
    result = score(lawton, from_options(lawton, "1,1,1,1,1,1,1,1"), {"form": "women"})
    assert [(p.parameter, p.code) for p in result.problems] == [("form", "bad_parameter")]


def test_totals_in_range_and_monotone(lawton: Instrument):
    check_range_and_monotone(lawton)
    check_range_and_monotone(lawton, parameters={"form": "historic_male_5"})
