"""Pre/post comparison and trend geometry (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sentra.assessments.rules.outcomes import IMPROVED, UNCHANGED, WORSE, compare, trend


def test_direction_follows_the_definition():
    assert compare(24, 5, better="lower").outcome == IMPROVED
    assert compare(40, 85, better="higher").outcome == IMPROVED
    assert compare(5, 24, better="lower").outcome == WORSE
    assert compare(7, 7, better="lower").outcome == UNCHANGED
    assert compare(3, 1, better=None).outcome is None


def test_band_crossing():
    assert compare(12, 8, better="lower", first_band="moderate", latest_band="mild").crossed_band
    assert not compare(12, 10, better="lower", first_band="moderate", latest_band="moderate").crossed_band


@given(st.lists(st.integers(min_value=0, max_value=27), min_size=1, max_size=30))
def test_points_stay_inside_the_chart_and_keep_their_order(totals):
    chart = trend(totals, low=0, high=27, bands=[(0, 4, "minimal"), (5, 9, "mild"), (10, 27, "rest")])
    assert len(chart.points) == len(totals)
    assert all(28 <= p.x <= chart.width - 28 and 28 <= p.y <= chart.height - 28 for p in chart.points)
    assert [p.x for p in chart.points] == sorted(p.x for p in chart.points)
    for a, b in zip(chart.points, chart.points[1:], strict=False):
        assert (a.value < b.value) == (a.y > b.y)  # higher values are drawn higher up
    assert all(top <= bottom for top, bottom, _code in chart.bands)
