"""Reads of the satisfaction survey, always scoped to the person asking (or public by design)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.quality.models import (
    AgeGroup,
    Channel,
    Education,
    ImprovementAction,
    Occupation,
    OneTimeCode,
    Sex,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.quality.rules.ikm import (
    ELEMENT_NAMES,
    ElementTotal,
    IkmResult,
    compute_from_totals,
    krejcie_morgan_minimum,
)
from sentra.quality.rules.suppression import THRESHOLD as SUPPRESSION_THRESHOLD
from sentra.quality.rules.suppression import suppress_breakdown

# --- the index ---------------------------------------------------------------------------------------


def _aggregates() -> dict[str, Any]:
    expressions: dict[str, Any] = {"respondents": Count("id")}
    for name in ELEMENT_NAMES:
        expressions[f"{name}__n"] = Count(name)  # COUNT(column) leaves out the empty answers
        expressions[f"{name}__s"] = Sum(name)
    return expressions


def _result(row: dict[str, Any]) -> IkmResult:
    totals = {
        name: ElementTotal(answered=row[f"{name}__n"] or 0, total=row[f"{name}__s"] or 0)
        for name in ELEMENT_NAMES
    }
    return compute_from_totals(totals, respondents=row["respondents"] or 0)


def ikm_of_responses(responses: QuerySet[SurveyResponse]) -> IkmResult:
    """The IKM in one query: per element COUNT and SUM in the database, the exact formula in Python."""
    return _result(responses.aggregate(**_aggregates()))


def period_ikm(*, period: SurveyPeriod) -> IkmResult:
    return ikm_of_responses(SurveyResponse.objects.filter(period=period))


def ikm_by_period(period_ids: Iterable[int]) -> dict[int, IkmResult]:
    """The IKM of several periods in one grouped query."""
    rows = (
        SurveyResponse.objects.filter(period_id__in=list(period_ids))
        .values("period_id")
        .order_by("period_id")
        .annotate(**_aggregates())
    )
    return {row["period_id"]: _result(row) for row in rows}


def period_result_snapshot(*, period: SurveyPeriod) -> dict[str, Any]:
    """The figures as published: JSON-ready, frozen at the moment of publication."""
    result = period_ikm(period=period)
    grade = result.grade
    minimum = krejcie_morgan_minimum(period.population) if period.population else None
    return {
        "respondents": result.respondents,
        "elements": {
            name: {
                "answered": element.answered,
                "nrr": str(element.nrr_rounded) if element.nrr_rounded is not None else None,
                "ikm": str(element.ikm) if element.ikm is not None else None,
            }
            for name, element in result.elements.items()
        },
        "ikm_unit": str(result.ikm_unit_rounded) if result.ikm_unit_rounded is not None else None,
        "ikm": str(result.ikm) if result.ikm is not None else None,
        "grade": grade.letter if grade else None,
        "population": period.population,
        "sample_min": minimum,
        "computed_at": timezone.now().isoformat(),
    }


# --- periods -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodFilters:
    sentra_id: int | None = None
    year: int | None = None
    status: str = ""


def period_list(*, user: User, filters: PeriodFilters | None = None) -> QuerySet[SurveyPeriod]:
    filters = filters or PeriodFilters()
    queryset = (
        SurveyPeriod.objects.visible_to(user)
        .select_related("sentra")
        .annotate(respondents=Count("responses"))
        .order_by("sentra__name", "-starts_on")
    )
    if filters.sentra_id is not None:
        queryset = queryset.filter(sentra_id=filters.sentra_id)
    if filters.year is not None:
        queryset = queryset.filter(year=filters.year)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


def period_get(*, user: User, pk: int | str) -> SurveyPeriod:
    return get_visible_or_404(SurveyPeriod.objects.select_related("sentra", "published_by"), user, pk=pk)


def centres_for_new_period(*, user: User) -> QuerySet[Sentra]:
    """The centres where the user may start a survey period."""
    queryset = Sentra.objects.visible_to(user).filter(is_active=True)
    if user.role == "sysadmin":
        return queryset
    if user.role not in ("centre_head", "intake"):
        return queryset.none()
    return queryset


@dataclass(frozen=True)
class Progress:
    respondents: int
    population: int | None
    sample_min: int | None

    @property
    def percent(self) -> int:
        if not self.sample_min:
            return 0
        return min(100, round(100 * self.respondents / self.sample_min))

    @property
    def reached(self) -> bool:
        return self.sample_min is not None and self.respondents >= self.sample_min


def period_progress(*, period: SurveyPeriod, respondents: int) -> Progress:
    minimum = krejcie_morgan_minimum(period.population) if period.population else None
    return Progress(respondents=respondents, population=period.population, sample_min=minimum)


@dataclass(frozen=True)
class Breakdown:
    title: str
    # A count, or "<5" where a small cell is suppressed for a national analyst.
    rows: list[tuple[str, int | str]]

    def suppressed(self) -> Breakdown:
        values = suppress_breakdown([int(count) for _label, count in self.rows])
        return Breakdown(
            title=self.title,
            rows=[
                (label, f"<{SUPPRESSION_THRESHOLD}" if value is None else value)
                for (label, _count), value in zip(self.rows, values, strict=True)
            ],
        )


def period_profile(*, period: SurveyPeriod) -> list[Breakdown]:
    """Who answered: counts by sex, age group, education, occupation, service and channel."""
    responses = SurveyResponse.objects.filter(period=period)
    breakdowns: list[Breakdown] = []
    for field, title, choices in (
        ("sex", _("Sex"), Sex.choices),
        ("age_group", _("Age group"), AgeGroup.choices),
        ("education", _("Education"), Education.choices),
        ("occupation", _("Occupation"), Occupation.choices),
        ("channel", _("Channel"), Channel.choices),
    ):
        counts = dict(responses.values_list(field).order_by().annotate(n=Count("id")).values_list(field, "n"))
        cells: list[tuple[str, int | str]] = [(str(label), counts.get(value, 0)) for value, label in choices]
        if counts.get(""):
            cells.append((_("Not stated"), counts[""]))
        breakdowns.append(Breakdown(title=title, rows=cells))
    services = (
        responses.values("service__number", "service__name_id", "service__name_en")
        .order_by("service__number")
        .annotate(n=Count("id"))
    )
    language_en = (get_language() or "id").startswith("en")
    rows: list[tuple[str, int | str]] = []
    for row in services:
        if row["service__number"] is None:
            rows.append((_("Not stated"), row["n"]))
        else:
            name = row["service__name_en"] if language_en else row["service__name_id"]
            rows.append((f"{row['service__number']}. {name}", row["n"]))
    breakdowns.append(Breakdown(title=_("Service received"), rows=rows))
    return breakdowns


def period_suggestions(*, period: SurveyPeriod) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.filter(period=period)
        .exclude(suggestions="")
        .only("suggestions", "submitted_at", "channel")
        .order_by("-submitted_at")
    )


@dataclass(frozen=True)
class HistoryRow:
    period: SurveyPeriod
    result: IkmResult


def period_history(*, period: SurveyPeriod) -> list[HistoryRow]:
    """This period and the centre's earlier ones, oldest first, each with its IKM (one grouped query)."""
    periods = list(
        SurveyPeriod.objects.filter(sentra_id=period.sentra_id, starts_on__lte=period.starts_on).order_by(
            "starts_on"
        )
    )
    results = ikm_by_period(item.pk for item in periods)
    return [HistoryRow(item, results[item.pk]) for item in periods if item.pk in results]


@dataclass(frozen=True)
class StaffRow:
    user: User
    responses: int
    kompetensi: IkmResult
    perilaku: IkmResult


def staff_attribution(*, period: SurveyPeriod) -> list[StaffRow]:
    """Competence and conduct answers per staff member named as "who served you"."""
    rows = (
        SurveyResponse.objects.filter(period=period, served_by__isnull=False)
        .values("served_by")
        .order_by("served_by")
        .annotate(
            respondents=Count("id"),
            kompetensi__n=Count("kompetensi"),
            kompetensi__s=Sum("kompetensi"),
            perilaku__n=Count("perilaku"),
            perilaku__s=Sum("perilaku"),
        )
    )
    users = User.objects.in_bulk([row["served_by"] for row in rows])
    result: list[StaffRow] = []
    for row in rows:
        count = row["respondents"]
        kompetensi = compute_from_totals(
            {"kompetensi": ElementTotal(row["kompetensi__n"], row["kompetensi__s"] or 0)}, respondents=count
        )
        perilaku = compute_from_totals(
            {"perilaku": ElementTotal(row["perilaku__n"], row["perilaku__s"] or 0)}, respondents=count
        )
        result.append(StaffRow(users[row["served_by"]], count, kompetensi, perilaku))
    return sorted(result, key=lambda item: str(item.user))


def may_see_staff_attribution(user: User) -> bool:
    return user.role in ("centre_head", "sysadmin")


# --- responses, codes, actions -----------------------------------------------------------------------


def response_list(*, user: User, period: SurveyPeriod) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.visible_to(user)
        .filter(period=period)
        .select_related("service", "served_by", "entered_by", "one_time_code")
        .order_by("submitted_at", "id")
    )


def code_list(*, user: User, period: SurveyPeriod) -> QuerySet[OneTimeCode]:
    return OneTimeCode.objects.visible_to(user).filter(period=period).order_by("batch", "code")


def action_list(*, period: SurveyPeriod) -> QuerySet[ImprovementAction]:
    return ImprovementAction.objects.filter(period=period).select_related("owner").order_by("due_on", "id")


def action_get(*, user: User, pk: int | str) -> ImprovementAction:
    return get_visible_or_404(
        ImprovementAction.objects.select_related("period__sentra", "owner"), user, pk=pk
    )


def open_actions(*, user: User) -> QuerySet[ImprovementAction]:
    """Unfinished actions the user may see, soonest due first."""
    return (
        ImprovementAction.objects.visible_to(user)
        .exclude(status__in=["done", "cancelled"])
        .select_related("period__sentra", "owner")
        .order_by("due_on")
    )


# --- public ------------------------------------------------------------------------------------------


def public_centre(*, code: str) -> Sentra:
    """An active centre by its code, for the public pages (404 otherwise)."""
    sentra = Sentra.objects.filter(code=code, is_active=True).first()
    if sentra is None:
        raise Http404
    return sentra


def published_periods(*, sentra: Sentra) -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.filter(sentra=sentra, published_at__isnull=False).order_by("-starts_on")
