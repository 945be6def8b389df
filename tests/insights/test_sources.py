"""The rollups give exactly what a scan of the raw tables gives (the benchmark's baseline path)."""

from __future__ import annotations

import pytest

from sentra.insights.selectors import dashboards, national
from sentra.insights.selectors.sources import RawSource, RollupSource
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _summary(figures: dashboards.CentreFigures) -> tuple[object, ...]:
    flows = figures.flows
    return (
        figures.active,
        figures.stage_table,
        flows.intake,
        dict(flows.terminations),
        dict(flows.services_by_component),
        flows.assessment_mean_days,
        flows.plan_mean_days,
        flows.referral_mean_hours,
        figures.complaints,
        figures.status.waiting if figures.status else None,
        figures.occupancy_percent,
        [(month, f.intake, f.services) for month, f in figures.trend],
    )


@pytest.mark.parametrize("months", [1, 12])
def test_centre_figures_match(world: World, months: int) -> None:
    period = dashboards.Period.ending_now(months)
    from_rollups = dashboards.centre_figures(centre=world.a, period=period, source=RollupSource())
    from_raw = dashboards.centre_figures(centre=world.a, period=period, source=RawSource())
    assert _summary(from_rollups) == _summary(from_raw)


def test_national_view_matches(world: World) -> None:
    filters = national.NationalFilters()
    rolled = national.national_view(user=world.analyst, filters=filters, source=RollupSource())
    raw = national.national_view(user=world.analyst, filters=filters, source=RawSource())
    assert [(r.centre.pk, r.values, r.shown) for r in rolled.rows] == [
        (r.centre.pk, r.values, r.shown) for r in raw.rows
    ]
    assert rolled.totals == raw.totals
    assert rolled.trend == raw.trend
