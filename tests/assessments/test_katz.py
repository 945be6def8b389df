"""Katz ADL: the worked examples of instruments.md §3 and the product rule for totals 5 and 3."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library
from tests.assessments.helpers import check_range_and_monotone, scored


@pytest.fixture(scope="module")
def katz(library: Library) -> Instrument:
    return library.get("katz")


# bath, dress, toilet, transfer, continence, feed | total | band | basis of the band
WORKED_EXAMPLES = [
    ("1,1,1,1,1,1", 6, "full_function", "published"),
    ("1,1,1,1,1,0", 5, "moderate_impairment", "product_rule"),
    ("0,0,1,1,1,1", 4, "moderate_impairment", "published"),
    ("0,0,0,1,1,1", 3, "severe_impairment", "product_rule"),
    ("0,0,0,0,1,1", 2, "severe_impairment", "published"),
    ("0,0,0,0,0,0", 0, "severe_impairment", "published"),
]


@pytest.mark.parametrize(("row", "total", "band", "basis"), WORKED_EXAMPLES)
def test_worked_examples(katz: Instrument, row: str, total: int, band: str, basis: str):
    result = scored(katz, row)
    assert result.valid
    assert result.total == total
    assert result.band == band
    assert result.band_info["hartford"].basis == basis
    assert result.as_dict()["band_basis"] == {"hartford": basis}


def test_the_product_rule_is_explained_on_the_band(katz: Instrument):
    result = scored(katz, "1,1,1,1,1,0")
    note = result.band_info["hartford"].note["en"]
    assert "product rule" in note
    assert any(d["topic"] == "scores_5_and_3" for d in katz.decisions)


def test_all_six_items_are_needed(katz: Instrument):
    result = scored(katz, "1,1,-,1,1,1")
    assert [(p.item, p.code) for p in result.problems] == [("3", "unanswered")]


def test_totals_in_range_and_monotone(katz: Instrument):
    check_range_and_monotone(katz)
