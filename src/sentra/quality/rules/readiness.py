"""The readiness scorecard: a score per aspect from the parts that have data (pure; no Django).

The minister named three aspects of a centre's readiness: equipment; skills and knowledge; attitude and
mindset. Each aspect is the weighted mean of its parts, each part a share in 0..1 read from the
system's own records. A part without data is left out and the remaining weights are used as they are
(the mean is taken over the parts with data); an aspect with no part with data has no score. Nothing
is invented for a missing part: "no data" is not 0 and not 1.

Weights are data (``WEIGHTS``) and documented with their reasons in docs/quality.md. Scores are shown
on 0-100 with one decimal, rounded half up; the computation itself uses exact fractions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

EQUIPMENT = "equipment"
SKILLS = "skills"
ATTITUDE = "attitude"
ASPECTS = (EQUIPMENT, SKILLS, ATTITUDE)

# Part keys per aspect with their weights (relative within the aspect; they need not sum to 100).
WEIGHTS: dict[str, dict[str, int]] = {
    EQUIPMENT: {
        "standard_met": 50,  # share of the equipment standard met, scaled by caseload
        "good_condition": 25,  # share of the items held in good condition
        "device_needs_met": 25,  # share of the assistive-device needs not waiting
    },
    SKILLS: {
        "profession_need_met": 30,  # professions on post against the beneficiaries' needs
        "competency_need_met": 30,  # staff at the required competency level against the needs
        "credentials_valid": 20,  # certification and STR in force
        "training_completed": 20,  # staff who completed a training in the last 12 months
    },
    ATTITUDE: {
        "survey_conduct": 25,  # IKM element "perilaku" (conduct of the staff)
        "survey_competence": 25,  # IKM element "kompetensi" (competence of the staff)
        "conduct_complaints": 20,  # complaints about staff conduct resolved within their deadline
        "timeliness": 15,  # tasks for beneficiaries and referrals answered by their due date
        "self_assessment": 15,  # staff self-assessment on service orientation
    },
}

SCALE_MAX = 4  # the 1-4 answer scales (IKM elements, self-assessment)
SCORE_DECIMALS = 1
# The self-assessment is shown only from this many responses, so no one's answers can be read back.
SELF_ASSESSMENT_MIN_RESPONSES = 3


def share_of_scale(mean: Fraction) -> Fraction:
    """A mean on a 1-4 scale as a share, by the IKM's own conversion (x 25 gives 25-100)."""
    return mean / SCALE_MAX


def ratio(numerator: int, denominator: int) -> Fraction | None:
    """numerator / denominator, or None when there is nothing to count."""
    if denominator <= 0:
        return None
    if not 0 <= numerator <= denominator:
        raise ValueError(f"a share needs 0 <= {numerator} <= {denominator}")
    return Fraction(numerator, denominator)


def as_fraction(value: float | Fraction | None) -> Fraction | None:
    """A share from another module (a float in 0..1) as an exact fraction; None stays None."""
    if value is None:
        return None
    share = Fraction(value).limit_denominator(10**6) if isinstance(value, float) else Fraction(value)
    if not 0 <= share <= 1:
        raise ValueError(f"a share must lie in 0..1, got {value}")
    return share


def to_score(share: Fraction) -> Decimal:
    """A share in 0..1 on 0-100, one decimal, rounded half up."""
    scaled = share * 100 * 10**SCORE_DECIMALS
    whole = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return (Decimal(whole) / Decimal(10**SCORE_DECIMALS)).quantize(
        Decimal(1).scaleb(-SCORE_DECIMALS), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class PartResult:
    key: str
    weight: int
    share: Fraction | None

    @property
    def has_data(self) -> bool:
        return self.share is not None

    @property
    def score(self) -> Decimal | None:
        return to_score(self.share) if self.share is not None else None


@dataclass(frozen=True)
class AspectResult:
    aspect: str
    parts: tuple[PartResult, ...]

    @property
    def used(self) -> tuple[PartResult, ...]:
        return tuple(part for part in self.parts if part.has_data)

    @property
    def missing(self) -> tuple[PartResult, ...]:
        return tuple(part for part in self.parts if not part.has_data)

    @property
    def share(self) -> Fraction | None:
        used = self.used
        total_weight = sum(part.weight for part in used)
        if not used or total_weight == 0:
            return None
        return sum((part.weight * part.share for part in used if part.share is not None), Fraction(0)) / (
            total_weight
        )

    @property
    def score(self) -> Decimal | None:
        share = self.share
        return to_score(share) if share is not None else None


@dataclass(frozen=True)
class Scorecard:
    aspects: tuple[AspectResult, ...]

    def aspect(self, name: str) -> AspectResult:
        return next(item for item in self.aspects if item.aspect == name)

    @property
    def overall(self) -> Decimal | None:
        """The mean of the aspect scores that exist (the three aspects weigh the same)."""
        shares = [item.share for item in self.aspects if item.share is not None]
        if not shares:
            return None
        return to_score(sum(shares, Fraction(0)) / len(shares))


def aspect_result(
    aspect: str, shares: Mapping[str, Fraction | None], weights: Mapping[str, Mapping[str, int]] = WEIGHTS
) -> AspectResult:
    """The aspect from its parts' shares; a part absent from ``shares`` has no data."""
    table = weights[aspect]
    unknown = set(shares) - set(table)
    if unknown:
        raise ValueError(f"unknown parts of {aspect}: {sorted(unknown)}")
    return AspectResult(
        aspect, tuple(PartResult(key, weight, shares.get(key)) for key, weight in table.items())
    )


def scorecard(
    shares: Mapping[str, Mapping[str, Fraction | None]],
    weights: Mapping[str, Mapping[str, int]] = WEIGHTS,
) -> Scorecard:
    return Scorecard(tuple(aspect_result(aspect, shares.get(aspect, {}), weights) for aspect in ASPECTS))


# --- the inputs of each aspect, as plain facts ---------------------------------------------------------


@dataclass(frozen=True)
class EquipmentFacts:
    standard_met_share: float | None
    good_condition_share: float | None
    unmet_device_needs: int
    device_needs_total: int


def equipment_shares(facts: EquipmentFacts | None) -> dict[str, Fraction | None]:
    if facts is None:
        return {}
    met = None
    if facts.device_needs_total > 0:
        waiting = min(facts.unmet_device_needs, facts.device_needs_total)
        met = ratio(facts.device_needs_total - waiting, facts.device_needs_total)
    return {
        "standard_met": as_fraction(facts.standard_met_share),
        "good_condition": as_fraction(facts.good_condition_share),
        "device_needs_met": met,
    }


@dataclass(frozen=True)
class SkillsFacts:
    profession_need_met_share: float | None
    competency_need_met_share: float | None
    credentials_valid_share: float | None


def skills_shares(
    facts: SkillsFacts | None, training_completed_share: float | None
) -> dict[str, Fraction | None]:
    shares: dict[str, Fraction | None] = {"training_completed": as_fraction(training_completed_share)}
    if facts is not None:
        shares["profession_need_met"] = as_fraction(facts.profession_need_met_share)
        shares["competency_need_met"] = as_fraction(facts.competency_need_met_share)
        shares["credentials_valid"] = as_fraction(facts.credentials_valid_share)
    return shares


@dataclass(frozen=True)
class ScaleTotal:
    """Answers on a 1-4 scale: how many and their sum."""

    answered: int = 0
    total: int = 0

    @property
    def mean(self) -> Fraction | None:
        return Fraction(self.total, self.answered) if self.answered else None


@dataclass(frozen=True)
class AttitudeFacts:
    conduct: ScaleTotal  # IKM element "perilaku" in the period's survey
    competence: ScaleTotal  # IKM element "kompetensi"
    conduct_complaints_due: int  # complaints about staff conduct resolved or past their deadline
    conduct_complaints_on_time: int  # of those, resolved by their deadline
    responses_due: int  # tasks for beneficiaries and referrals due in the period
    responses_on_time: int
    self_assessment: ScaleTotal  # all items of all staff responses together
    self_assessment_responses: int


def attitude_shares(facts: AttitudeFacts) -> dict[str, Fraction | None]:
    conduct = facts.conduct.mean
    competence = facts.competence.mean
    self_mean = facts.self_assessment.mean
    if facts.self_assessment_responses < SELF_ASSESSMENT_MIN_RESPONSES:
        self_mean = None
    return {
        "survey_conduct": share_of_scale(conduct) if conduct is not None else None,
        "survey_competence": share_of_scale(competence) if competence is not None else None,
        "conduct_complaints": ratio(facts.conduct_complaints_on_time, facts.conduct_complaints_due),
        "timeliness": ratio(facts.responses_on_time, facts.responses_due),
        "self_assessment": share_of_scale(self_mean) if self_mean is not None else None,
    }


# --- the staff self-assessment on service orientation ---------------------------------------------------

# Item keys; the statements are in the quality app's questionnaire (translated there).
SELF_ASSESSMENT_ITEMS = ("listening", "dignity", "timeliness", "information", "improvement")


def check_self_assessment(answers: Mapping[str, object]) -> list[str]:
    """The item keys whose answer is missing or not an integer 1-4 (empty list: valid)."""
    wrong: list[str] = []
    for key in SELF_ASSESSMENT_ITEMS:
        value = answers.get(key)
        if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SCALE_MAX):
            wrong.append(key)
    return wrong


def period_label(year: int, half: int) -> str:
    return f"{year}-S{half}"


def score_change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None:
        return None
    return current - previous
