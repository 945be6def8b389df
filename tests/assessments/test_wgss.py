"""WG-SS: all four disability identifiers of instruments.md §4, missing answers included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sentra.assessments.rules import Instrument, Library, score
from tests.assessments.helpers import scored


@pytest.fixture(scope="module")
def wgss(library: Library) -> Instrument:
    return library.get("wgss")


# see, hear, walk, cognition, self-care, communication | D1 | D2 | D3 | D4 (None: missing)
WORKED_EXAMPLES = [
    ("1,1,1,1,1,1", 0, 0, 0, 0),
    ("2,1,1,1,1,1", 1, 0, 0, 0),
    ("2,2,1,1,1,1", 1, 1, 0, 0),
    ("2,2,2,2,2,2", 1, 1, 0, 0),
    ("1,1,3,1,1,1", 1, 1, 1, 0),
    ("1,1,1,1,4,1", 1, 1, 1, 1),
    ("1,1,-,1,1,1", None, None, None, None),
    ("3,1,-,1,1,1", 1, 1, 1, None),
    ("2,-,1,1,1,1", 1, None, None, None),
]


@pytest.mark.parametrize(("row", "d1", "d2", "d3", "d4"), WORKED_EXAMPLES)
def test_worked_examples(wgss: Instrument, row: str, d1, d2, d3, d4):
    result = scored(wgss, row)
    expected = {1: d1, 2: d2, 3: d3, 4: d4}
    for number, value in expected.items():
        assert (f"wgss_disability{number}" in result.flags) is (value == 1), number
    # Identifier 3 is the headline: the result is complete exactly when it can be determined.
    assert result.valid is (d3 is not None)
    assert result.total is None  # not a summed score
    if result.valid:
        as_band = {1: "with_disability", 0: "without_disability", None: None}
        assert result.bands == {f"disability{n}": as_band[v] for n, v in expected.items()}
        assert result.band == as_band[d3]
        assert result.band_scheme == "disability3"


def test_an_undetermined_headline_names_the_unanswered_items(wgss: Instrument):
    result = scored(wgss, "1,1,-,1,1,1")
    assert [(p.item, p.code) for p in result.problems] == [("3", "undetermined")]
    assert result.problems[0].message == "Item 3 is unanswered, so WG-SS disability3 cannot be determined."


def test_refused_and_dont_know_count_as_unanswered(wgss: Instrument):
    assert scored(wgss, "1,1,7,1,1,1").missing == ("3",)
    assert scored(wgss, "3,1,9,1,1,1").band == "with_disability"


def test_domain_flags_name_the_domain_at_the_identifier_3_cut_off(wgss: Instrument):
    result = scored(wgss, "3,4,3,2,1,1")
    assert {"wgss_d3_seeing", "wgss_d3_hearing", "wgss_d3_mobility"} <= set(result.flags)
    assert "wgss_d3_cognition" not in result.flags
    assert "wgss_disability4" in result.flags


def test_codes_outside_1_to_4_are_refused(wgss: Instrument):
    result = scored(wgss, "1,1,5,1,1,1")
    assert [(p.item, p.code) for p in result.problems] == [("3", "not_allowed")]


@settings(max_examples=200, deadline=None)
@given(codes=st.lists(st.sampled_from([1, 2, 3, 4, None]), min_size=6, max_size=6))
def test_identifiers_nest_and_agree_with_a_direct_reading_of_the_definitions(wgss: Instrument, codes):
    result = score(wgss, {str(n): c for n, c in enumerate(codes, start=1) if c is not None})
    answered = [c for c in codes if c is not None]
    complete = len(answered) == 6

    def identifier(met: bool, could: bool) -> int | None:
        # 1 when answered domains already meet it; 0 when complete and not met; else missing.
        if met:
            return 1
        return 0 if complete or not could else None

    some, alot, cannot = (sum(c >= t for c in answered) for t in (2, 3, 4))
    unknown = 6 - len(answered)
    direct = {
        1: identifier(some >= 1, some + unknown >= 1),
        2: identifier(some >= 2 or alot >= 1, some + unknown >= 2 or alot + unknown >= 1),
        3: identifier(alot >= 1, alot + unknown >= 1),
        4: identifier(cannot >= 1, cannot + unknown >= 1),
    }
    for number, value in direct.items():
        assert (f"wgss_disability{number}" in result.flags) is (value == 1)
    # Each identifier is at least as broad as the next.
    raised = [f"wgss_disability{n}" in result.flags for n in range(1, 5)]
    assert raised == sorted(raised, reverse=True)
    assert result.valid is (direct[3] is not None)
