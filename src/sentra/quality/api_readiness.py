"""Readiness endpoints: a centre's scorecard (this semester, live) with its recorded history, and the
comparison of centres. Aggregates only; scoped like the pages (another centre: 404)."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from sentra.core.models import User
from sentra.quality.rules import readiness as rules
from sentra.quality.selectors import readiness as selectors

router = Router(tags=["quality"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


class PartOut(Schema):
    key: str
    weight: int
    score: float | None = Field(None, description="0-100, one decimal; null = no data (left out)")
    used: bool


class AspectOut(Schema):
    aspect: str = Field(description="equipment, skills or attitude")
    score: float | None = Field(None, description="Weighted mean of the parts with data; null = no data")
    parts: list[PartOut]


class ScorecardOut(Schema):
    period: str = Field(description="e.g. 2026-S2")
    starts_on: str
    ends_on: str
    recorded_at: str | None = None
    overall: float | None = None
    aspects: list[AspectOut]


class CentreReadinessOut(Schema):
    centre_id: int
    current: ScorecardOut
    recorded: list[ScorecardOut]


class ComparisonOut(Schema):
    centre_id: int
    centre: str
    latest: ScorecardOut | None = None
    change: dict[str, float | None] = Field(description="Per aspect: latest minus the one recorded before")


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _card(item: selectors.CentreScorecard) -> ScorecardOut:
    return ScorecardOut(
        period=item.label,
        starts_on=item.starts_on.isoformat(),
        ends_on=item.ends_on.isoformat(),
        recorded_at=item.recorded_at.isoformat() if item.recorded_at else None,
        overall=_number(item.card.overall),
        aspects=[
            AspectOut(
                aspect=aspect.aspect,
                score=_number(aspect.score),
                parts=[
                    PartOut(key=part.key, weight=part.weight, score=_number(part.score), used=part.has_data)
                    for part in aspect.parts
                ],
            )
            for aspect in item.card.aspects
        ],
    )


@router.get(
    "/readiness/centres/{centre_id}",
    response=CentreReadinessOut,
    summary="A centre's readiness scorecard: this semester and the recorded ones",
)
def readiness_centre(request: HttpRequest, centre_id: int) -> CentreReadinessOut:
    sentra = selectors.readiness_centre_get(user=_actor(request), pk=centre_id)
    return CentreReadinessOut(
        centre_id=sentra.pk,
        current=_card(selectors.current_scorecard(sentra=sentra)),
        recorded=[_card(item) for item in selectors.centre_history(sentra=sentra)],
    )


@router.get(
    "/readiness/comparison",
    response=list[ComparisonOut],
    summary="Centres compared on their latest recorded scorecard (national roles; heads: own centres)",
)
def readiness_comparison(request: HttpRequest) -> list[ComparisonOut]:
    rows = selectors.national_comparison(user=_actor(request))
    return [
        ComparisonOut(
            centre_id=row.sentra.pk,
            centre=row.sentra.name,
            latest=_card(row.latest) if row.latest else None,
            change={aspect: _number(row.change(aspect)) for aspect in rules.ASPECTS},
        )
        for row in rows
    ]
