"""The "days to assessment" and "days to an approved plan" figures link to the cases behind them:
the list counts exactly the assessments and plans the figure counts (same definition as the rollups)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sentra.insights.models import ClusterMonth
from sentra.insights.selectors.dashboards import Period
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("months", [1, 12])
@pytest.mark.parametrize(("figure", "field"), [("assessed", "assessed"), ("planned", "plans_approved")])
def test_the_list_counts_what_the_figure_counts(world: World, months: int, figure: str, field: str) -> None:
    client = sign_in(Client(), world.head_a)
    html = client.get("/dashboard/", {"months": months}).content.decode()
    link = re.search(rf'href="([^"]+)" data-testid="figure-{figure}"', html)
    assert link
    period = Period.ending_now(months)
    expected = sum(
        getattr(row, field)
        for row in ClusterMonth.objects.filter(
            sentra=world.a, month__gte=period.first, month__lte=period.last
        )
    )
    assert expected > 0  # the fixture has assessments and plans to find
    listing = client.get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert re.search(rf'data-testid="drill-count">{expected}<', listing.content.decode())


def test_another_centres_head_cannot_follow_the_link(world: World) -> None:
    url = f"/dashboard/centres/{world.a.pk}/cases/"
    assert sign_in(Client(), world.head_b).get(url, {"assessed": "2026-01"}).status_code == 404
