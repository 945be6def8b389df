"""K6: the worked examples of instruments.md §7 on the 0-24 metric."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library
from tests.assessments.helpers import check_range_and_monotone, scored


@pytest.fixture(scope="module")
def k6(library: Library) -> Instrument:
    return library.get("k6")


WORKED_EXAMPLES = [
    ("0,0,0,0,0,0", 0, "low"),
    ("1,1,1,1,0,0", 4, "low"),
    ("1,1,1,1,1,0", 5, "moderate"),
    ("2,2,2,2,2,2", 12, "moderate"),
    ("3,2,2,2,2,2", 13, "serious"),
    ("4,4,4,4,4,4", 24, "serious"),
]


@pytest.mark.parametrize(("row", "total", "band"), WORKED_EXAMPLES)
def test_worked_examples(k6: Instrument, row: str, total: int, band: str):
    result = scored(k6, row)
    assert result.valid
    assert result.total == total
    assert result.band == band
    assert ("k6_serious" in result.flags) is (band == "serious")


def test_k6_items_are_the_k10_items_2_4_5_8_9_10(library: Library, k6: Instrument):
    k10_keys = {item.number: item.key for item in library.get("k10").items}
    assert [item.key for item in k6.items] == [k10_keys[n] for n in ("2", "4", "5", "8", "9", "10")]


def test_no_missing_answer_rule_means_every_item(k6: Instrument):
    assert [(p.item, p.code) for p in scored(k6, "1,1,1,1,1,-").problems] == [("6", "unanswered")]


def test_totals_in_range_and_monotone(k6: Instrument):
    check_range_and_monotone(k6)
