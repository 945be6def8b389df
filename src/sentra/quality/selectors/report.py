"""The figures of a period's report, shared by the report page and its PDF."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from sentra.core.models import User
from sentra.quality.models import ImprovementAction, SurveyPeriod, SurveyResponse, reads_aggregates_only
from sentra.quality.rules.elements import ELEMENT_TEXT_BY_NAME
from sentra.quality.rules.ikm import IkmResult
from sentra.quality.selectors import complaints as complaint_selectors
from sentra.quality.selectors import survey

SUGGESTIONS_SHOWN = 200


@dataclass(frozen=True)
class Trend:
    """This period's IKM against the centre's previous period that has answers."""

    previous: survey.HistoryRow | None
    change: Decimal | None

    @property
    def direction(self) -> str:
        if self.change is None:
            return "none"
        if self.change > 0:
            return "up"
        return "down" if self.change < 0 else "flat"


def trend_of(history: list[survey.HistoryRow], period: SurveyPeriod, result: IkmResult) -> Trend:
    earlier = [row for row in history if row.period.pk != period.pk and row.result.ikm is not None]
    previous = earlier[-1] if earlier else None
    if previous is None or result.ikm is None or previous.result.ikm is None:
        return Trend(previous, None)
    return Trend(previous, result.ikm - previous.result.ikm)


@dataclass(frozen=True)
class SuggestionSummary:
    total: int
    shown: list[SurveyResponse]
    # True when the reader sees the count only (national analysts: free text may name people).
    hidden: bool = False


def suggestion_summary(
    *, period: SurveyPeriod, limit: int = SUGGESTIONS_SHOWN, count_only: bool = False
) -> SuggestionSummary:
    suggestions: QuerySet[SurveyResponse] = survey.period_suggestions(period=period)
    if count_only:
        return SuggestionSummary(total=suggestions.count(), shown=[], hidden=True)
    return SuggestionSummary(total=suggestions.count(), shown=list(suggestions[:limit]))


def _element_rows(result: IkmResult, elements: list[Any], language: str) -> list[dict[str, Any]]:
    return [
        {"name": element.name, "title": ELEMENT_TEXT_BY_NAME[element.name].title(language), "result": element}
        for element in elements
    ]


def period_report_data(*, user: User, period: SurveyPeriod, language: str) -> dict[str, Any]:
    """Respondents and profile, NRR per element, IKM and grade, weakest elements, trend, suggestions,
    complaint handling and follow-up. Staff attribution only for the roles that coach staff; national
    analysts get the aggregates only: small profile cells suppressed, suggestions counted, not shown."""
    aggregate_only = reads_aggregates_only(user)
    profile = survey.period_profile(period=period)
    if aggregate_only:
        profile = [breakdown.suppressed() for breakdown in profile]
    result = survey.period_ikm(period=period)
    history = survey.period_history(period=period)
    actions: QuerySet[ImprovementAction] = survey.action_list(period=period)
    return {
        "period": period,
        "result": result,
        "elements": _element_rows(result, list(result.elements.values()), language),
        "weakest": _element_rows(result, result.weakest(3), language),
        "progress": survey.period_progress(period=period, respondents=result.respondents),
        "profile": profile,
        "history": history,
        "trend": trend_of(history, period, result),
        "suggestions": suggestion_summary(period=period, count_only=aggregate_only),
        "staff": survey.staff_attribution(period=period) if survey.may_see_staff_attribution(user) else None,
        "actions": actions,
        "complaints": complaint_selectors.complaint_handling_summary(
            sentra_id=period.sentra_id, starts_on=period.starts_on, ends_on=period.ends_on
        ),
    }
