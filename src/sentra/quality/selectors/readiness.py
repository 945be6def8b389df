"""Reads of the readiness scorecard: the facts of each aspect, the scorecard, the plan, the comparison.

Equipment and skills come from the equipment, workforce and training apps' readiness selectors (they
describe a centre "as of today"); attitude and mindset is read here from the survey, complaints, case
tasks, referrals and the staff self-assessment of the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from sentra.cases.models import Referral, ReferralStatus, Task, TaskStatus
from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.equipment.selectors import equipment_readiness
from sentra.network.models import Sentra
from sentra.quality.models import (
    Complaint,
    ComplaintAbout,
    ReadinessAction,
    ReadinessPeriod,
    SelfAssessment,
    SurveyResponse,
)
from sentra.quality.rules import readiness as rules
from sentra.training.selectors import training_summary
from sentra.workforce.selectors import skills_readiness

CONDUCT_CATEGORY = "petugas"  # the complaint category "staff attitude or conduct"
NATIONAL_VIEW_ROLES = frozenset({"national_analyst", "sysadmin", "centre_head"})


def semester_of(day: datetime.date) -> tuple[int, int, datetime.date, datetime.date]:
    """(year, half, first day, last day) of the semester holding ``day``."""
    if day.month <= 6:
        return day.year, 1, datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return day.year, 2, datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


# --- the sources of each aspect ------------------------------------------------------------------------


def equipment_facts(centre_id: int) -> rules.EquipmentFacts | None:
    found = equipment_readiness(centre_id)
    if found is None:
        return None
    return rules.EquipmentFacts(
        standard_met_share=found.standard_met_share,
        good_condition_share=found.good_condition_share,
        unmet_device_needs=found.unmet_device_needs,
        device_needs_total=found.device_needs_total,
    )


def skills_facts(centre_id: int) -> tuple[rules.SkillsFacts | None, float | None]:
    found = skills_readiness(centre_id)
    facts = (
        None
        if found is None
        else rules.SkillsFacts(
            profession_need_met_share=found.profession_need_met_share,
            competency_need_met_share=found.competency_need_met_share,
            credentials_valid_share=found.credentials_valid_share,
        )
    )
    return facts, training_summary(centre_id)


def _scale(row: dict[str, Any], name: str) -> rules.ScaleTotal:
    return rules.ScaleTotal(answered=row[f"{name}__n"] or 0, total=row[f"{name}__s"] or 0)


def attitude_facts(
    *, sentra_id: int, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date | None = None
) -> rules.AttitudeFacts:
    today = today or timezone.localdate()
    survey = SurveyResponse.objects.filter(
        period__sentra_id=sentra_id, submitted_at__date__gte=starts_on, submitted_at__date__lte=ends_on
    ).aggregate(
        perilaku__n=Count("perilaku"),
        perilaku__s=Sum("perilaku"),
        kompetensi__n=Count("kompetensi"),
        kompetensi__s=Sum("kompetensi"),
    )
    conduct = Complaint.objects.filter(
        Q(about=ComplaintAbout.STAFF) | Q(category__code=CONDUCT_CATEGORY),
        sentra_id=sentra_id,
        received_at__date__gte=starts_on,
        received_at__date__lte=ends_on,
    ).aggregate(
        due=Count("id", filter=Q(resolved_at__isnull=False) | Q(resolve_by__lt=today)),
        on_time=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__date__lte=F("resolve_by"))),
    )
    tasks = (
        Task.objects.filter(sentra_id=sentra_id, due_on__gte=starts_on, due_on__lte=ends_on)
        .filter(Q(case__isnull=False) | Q(beneficiary__isnull=False))
        .exclude(status=TaskStatus.CANCELLED)
        .aggregate(
            due=Count("id", filter=Q(status=TaskStatus.DONE) | Q(due_on__lt=today)),
            on_time=Count("id", filter=Q(status=TaskStatus.DONE, completed_at__date__lte=F("due_on"))),
        )
    )
    referrals = (
        Referral.objects.filter(
            to_sentra_id=sentra_id, sent_at__date__gte=starts_on, sent_at__date__lte=ends_on
        )
        .exclude(status=ReferralStatus.WITHDRAWN)
        .aggregate(
            due=Count("id", filter=Q(responded_at__isnull=False) | Q(response_due_on__lt=today)),
            on_time=Count(
                "id",
                filter=Q(responded_at__isnull=False, responded_at__date__lte=F("response_due_on")),
            ),
        )
    )
    self_rows = SelfAssessment.objects.filter(
        period__sentra_id=sentra_id, period__starts_on=starts_on, period__ends_on=ends_on
    ).aggregate(n=Count("id"), **{f"{key}__s": Sum(key) for key in rules.SELF_ASSESSMENT_ITEMS})
    responses = self_rows["n"] or 0
    self_total = sum(self_rows[f"{key}__s"] or 0 for key in rules.SELF_ASSESSMENT_ITEMS)
    return rules.AttitudeFacts(
        conduct=_scale(survey, "perilaku"),
        competence=_scale(survey, "kompetensi"),
        conduct_complaints_due=conduct["due"],
        conduct_complaints_on_time=conduct["on_time"],
        responses_due=tasks["due"] + referrals["due"],
        responses_on_time=tasks["on_time"] + referrals["on_time"],
        self_assessment=rules.ScaleTotal(
            answered=responses * len(rules.SELF_ASSESSMENT_ITEMS), total=self_total
        ),
        self_assessment_responses=responses,
    )


# --- the scorecard --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreScorecard:
    sentra: Sentra
    year: int
    half: int
    starts_on: datetime.date
    ends_on: datetime.date
    card: rules.Scorecard
    facts: dict[str, Any] = field(default_factory=dict)
    recorded_at: datetime.datetime | None = None

    @property
    def label(self) -> str:
        return rules.period_label(self.year, self.half)


def compute_scorecard(
    *, sentra: Sentra, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date | None = None
) -> tuple[rules.Scorecard, dict[str, Any]]:
    """The scorecard as the records stand now, and the figures behind it (counts for the page)."""
    equipment = equipment_facts(sentra.pk)
    skills, training = skills_facts(sentra.pk)
    attitude = attitude_facts(sentra_id=sentra.pk, starts_on=starts_on, ends_on=ends_on, today=today)
    card = rules.scorecard(
        {
            rules.EQUIPMENT: rules.equipment_shares(equipment),
            rules.SKILLS: rules.skills_shares(skills, training),
            rules.ATTITUDE: rules.attitude_shares(attitude),
        }
    )
    facts = {
        "equipment_unmet_device_needs": equipment.unmet_device_needs if equipment else None,
        "equipment_device_needs_total": equipment.device_needs_total if equipment else None,
        "survey_conduct_answers": attitude.conduct.answered,
        "survey_competence_answers": attitude.competence.answered,
        "conduct_complaints_due": attitude.conduct_complaints_due,
        "conduct_complaints_on_time": attitude.conduct_complaints_on_time,
        "responses_due": attitude.responses_due,
        "responses_on_time": attitude.responses_on_time,
        "self_assessment_responses": attitude.self_assessment_responses,
    }
    return card, facts


def scorecard_to_json(card: rules.Scorecard, facts: dict[str, Any]) -> dict[str, Any]:
    """Exact shares as "n/d" strings with the weights used, so a recorded card reads back the same."""
    return {
        "weights": {
            aspect.aspect: {part.key: part.weight for part in aspect.parts} for aspect in card.aspects
        },
        "shares": {
            aspect.aspect: {
                part.key: str(part.share) if part.share is not None else None for part in aspect.parts
            }
            for aspect in card.aspects
        },
        "scores": {
            aspect.aspect: str(aspect.score) if aspect.score is not None else None for aspect in card.aspects
        },
        "overall": str(card.overall) if card.overall is not None else None,
        "facts": facts,
    }


def scorecard_from_json(data: dict[str, Any]) -> rules.Scorecard:
    shares = {
        aspect: {key: Fraction(value) if value is not None else None for key, value in parts.items()}
        for aspect, parts in data["shares"].items()
    }
    return rules.scorecard(shares, weights=data["weights"])


def period_scorecard(*, period: ReadinessPeriod, today: datetime.date | None = None) -> CentreScorecard:
    """A recorded period as it was recorded; an unrecorded one as the records stand now."""
    if period.result is not None:
        card, facts = scorecard_from_json(period.result), dict(period.result.get("facts", {}))
    else:
        card, facts = compute_scorecard(
            sentra=period.sentra, starts_on=period.starts_on, ends_on=period.ends_on, today=today
        )
    return CentreScorecard(
        period.sentra,
        period.year,
        period.half,
        period.starts_on,
        period.ends_on,
        card,
        facts,
        period.recorded_at,
    )


def current_scorecard(*, sentra: Sentra, today: datetime.date | None = None) -> CentreScorecard:
    """This semester's scorecard, live, whether or not its period exists yet."""
    today = today or timezone.localdate()
    year, half, starts_on, ends_on = semester_of(today)
    card, facts = compute_scorecard(sentra=sentra, starts_on=starts_on, ends_on=ends_on, today=today)
    return CentreScorecard(sentra, year, half, starts_on, ends_on, card, facts)


# --- access and lists -----------------------------------------------------------------------------------


def readiness_centre_get(*, user: User, pk: int | str) -> Sentra:
    """A centre whose scorecard the user may read: their own centres; national roles every centre."""
    return get_visible_or_404(Sentra.objects.all(), user, pk=pk)


def periods_of(*, sentra: Sentra) -> QuerySet[ReadinessPeriod]:
    return ReadinessPeriod.objects.filter(sentra=sentra).select_related("sentra").order_by("-starts_on")


def current_period(*, sentra: Sentra, today: datetime.date | None = None) -> ReadinessPeriod | None:
    year, half, _start, _end = semester_of(today or timezone.localdate())
    return ReadinessPeriod.objects.filter(sentra=sentra, year=year, half=half).first()


def period_get(*, user: User, pk: int | str) -> ReadinessPeriod:
    return get_visible_or_404(ReadinessPeriod.objects.select_related("sentra"), user, pk=pk)


def plan_of(*, sentra: Sentra) -> QuerySet[ReadinessAction]:
    return (
        ReadinessAction.objects.filter(sentra=sentra)
        .select_related("owner")
        .order_by("aspect", "due_on", "id")
    )


def action_get(*, user: User, pk: int | str) -> ReadinessAction:
    return get_visible_or_404(ReadinessAction.objects.select_related("sentra", "owner"), user, pk=pk)


@dataclass(frozen=True)
class PlanSummary:
    actions: int
    done: int
    budget: Decimal
    mean_progress: int | None


def plan_summary(actions: list[ReadinessAction]) -> PlanSummary:
    live = [action for action in actions if action.status != "cancelled"]
    return PlanSummary(
        actions=len(live),
        done=sum(1 for action in live if action.status == "done"),
        budget=sum((action.budget for action in live), Decimal(0)),
        mean_progress=round(sum(action.progress for action in live) / len(live)) if live else None,
    )


@dataclass(frozen=True)
class ComparisonRow:
    sentra: Sentra
    latest: CentreScorecard | None
    previous: CentreScorecard | None

    def change(self, aspect: str) -> Decimal | None:
        if self.latest is None or self.previous is None:
            return None
        return rules.score_change(
            self.latest.card.aspect(aspect).score, self.previous.card.aspect(aspect).score
        )

    @property
    def changes(self) -> dict[str, Decimal | None]:
        return {aspect: self.change(aspect) for aspect in rules.ASPECTS}

    @property
    def overall_change(self) -> Decimal | None:
        if self.latest is None or self.previous is None:
            return None
        return rules.score_change(self.latest.card.overall, self.previous.card.overall)


def comparison_centres(*, user: User) -> QuerySet[Sentra]:
    """National roles compare every centre; a centre head sees their own centres' rows."""
    if not getattr(user, "is_authenticated", False) or user.role not in NATIONAL_VIEW_ROLES:
        raise Http404
    return Sentra.objects.visible_to(user).filter(is_active=True)


def national_comparison(*, user: User) -> list[ComparisonRow]:
    """Each visible centre's latest recorded scorecard against the one before (trend), best first."""
    centres = list(comparison_centres(user=user).order_by("name"))
    recorded: dict[int, list[ReadinessPeriod]] = {}
    periods = (
        ReadinessPeriod.objects.filter(sentra__in=centres, result__isnull=False)
        .select_related("sentra")
        .order_by("sentra_id", "-starts_on")
    )
    for period in periods:
        recorded.setdefault(period.sentra_id, []).append(period)
    rows = []
    for sentra in centres:
        history = [period_scorecard(period=period) for period in recorded.get(sentra.pk, [])[:2]]
        rows.append(
            ComparisonRow(sentra, history[0] if history else None, history[1] if len(history) > 1 else None)
        )
    rows.sort(key=lambda row: (row.latest is None, -(row.latest.card.overall or 0) if row.latest else 0))
    return rows


def centre_history(*, sentra: Sentra) -> list[CentreScorecard]:
    """The recorded scorecards of a centre, oldest first (the trend on the centre's page)."""
    periods = ReadinessPeriod.objects.filter(sentra=sentra, result__isnull=False).order_by("starts_on")
    return [period_scorecard(period=period) for period in periods.select_related("sentra")]
