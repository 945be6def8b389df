"""PHQ-2: the PHQ-2 column of the worked examples in instruments.md §5, and both cut-offs."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library
from tests.assessments.helpers import check_range_and_monotone, scored


@pytest.fixture(scope="module")
def phq2(library: Library) -> Instrument:
    return library.get("phq2")


# PHQ-9 items 1-2 of each worked example | PHQ-2 total | screen (>= 3)
WORKED_EXAMPLES = [
    ("0,0", 0, "negative"),
    ("1,1", 2, "negative"),
    ("0,1", 1, "negative"),
    ("2,2", 4, "positive"),
    ("3,3", 6, "positive"),
]


@pytest.mark.parametrize(("row", "total", "screen"), WORKED_EXAMPLES)
def test_worked_examples(phq2: Instrument, row: str, total: int, screen: str):
    result = scored(phq2, row)
    assert result.total == total
    assert result.band == screen
    assert ("phq2_positive" in result.flags) is (screen == "positive")


def test_the_sensitive_cut_off_of_2_is_shown_by_name_beside_the_headline(phq2: Instrument):
    result = scored(phq2, "1,1")
    assert result.bands == {"screen": "negative", "screen_sensitive": "positive"}
    assert result.band_scheme == "screen"


def test_item_2_missing_is_not_scorable(phq2: Instrument):
    # The last PHQ-9 worked example: items 2-4 missing, so the PHQ-2 cannot be scored.
    result = scored(phq2, "1,-")
    assert not result.valid
    assert [(p.item, p.code) for p in result.problems] == [("2", "unanswered")]


def test_totals_in_range_and_monotone(phq2: Instrument):
    check_range_and_monotone(phq2)
