"""SRQ-20: the worked examples of instruments.md §9.2, cut-off 6 by default and configurable."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library, score
from tests.assessments.helpers import check_range_and_monotone


@pytest.fixture(scope="module")
def srq20(library: Library) -> Instrument:
    return library.get("srq20")


def with_yes(count: int, *, first: int = 1) -> dict[str, str]:
    yes = set(range(first, first + count))
    return {str(n): "yes" if n in yes else "no" for n in range(1, 21)}


@pytest.mark.parametrize(
    ("yes", "band"), [(0, "below_cutoff"), (5, "below_cutoff"), (6, "gme_indicated"), (20, "gme_indicated")]
)
def test_worked_examples(srq20: Instrument, yes: int, band: str):
    result = score(srq20, with_yes(yes))
    assert result.valid
    assert result.total == yes
    assert result.band == band
    assert ("srq20_gme" in result.flags) is (band == "gme_indicated")
    assert result.parameters == {"cutoff": 6}


def test_the_cut_off_is_configurable_and_recorded(srq20: Instrument):
    result = score(srq20, with_yes(7), {"cutoff": 8})
    assert result.band == "below_cutoff"
    assert result.parameters == {"cutoff": 8}
    assert score(srq20, with_yes(8), {"cutoff": "8"}).band == "gme_indicated"
    bad = score(srq20, with_yes(8), {"cutoff": 0, "threshold": 3})
    assert [(p.parameter, p.code) for p in bad.problems] == [
        ("cutoff", "bad_parameter"),
        ("threshold", "unknown_parameter"),
    ]


def test_item_17_raises_a_safety_flag_labelled_as_a_product_rule(srq20: Instrument):
    result = score(srq20, with_yes(1, first=17))
    assert result.band == "below_cutoff"
    assert result.flags == ("srq20_item17",)
    assert srq20.flag("srq20_item17").basis == "product_rule"


def test_totals_in_range_and_monotone(srq20: Instrument):
    check_range_and_monotone(srq20)
    check_range_and_monotone(srq20, parameters={"cutoff": 8})
