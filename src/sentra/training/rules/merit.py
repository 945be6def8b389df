"""The overseas-study merit score and eligibility checks.

The score is deliberately simple so that an applicant can recompute it by hand: each component is
normalised to 0..1, multiplied by its weight (weights sum to 100), and the products are added. The
components are the ones issue 5 names: relevance of the programme to the applicant's centre gap,
competency level in the programme's competency, performance, tenure and language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMPONENTS: tuple[str, ...] = ("relevance", "competency", "performance", "tenure", "language")
MAX_LEVEL = 4  # competency and language levels run 0..4, like the workforce competency framework
TENURE_CAP_YEARS = 10.0  # tenure stops adding merit after ten years


class MeritError(ValueError):
    """Bad weights or inputs; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class MeritWeights:
    relevance: int = 30
    competency: int = 25
    performance: int = 20
    tenure: int = 10
    language: int = 15

    def __post_init__(self) -> None:
        for name in COMPONENTS:
            if getattr(self, name) < 0:
                raise MeritError(name, f"weight {name} must not be negative")
        if sum(self.as_dict().values()) != 100:
            raise MeritError("weights", "weights must add up to 100")

    def as_dict(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in COMPONENTS}


@dataclass(frozen=True)
class MeritInputs:
    """Raw facts about an applicant, taken from the records (never typed in by the applicant)."""

    centre_gap: float  # 0..1: how far the centre's staff are below need in the programme's competency
    competency_level: int  # 0..4
    performance: float  # 0..1
    tenure_years: float
    language_level: int  # 0..4 in the programme's language


@dataclass(frozen=True)
class MeritComponent:
    name: str
    raw: float
    normalised: float
    weight: int
    points: float  # weight x normalised, out of the weight


@dataclass(frozen=True)
class Merit:
    components: tuple[MeritComponent, ...]
    score: float  # 0..100, two decimals

    @property
    def points(self) -> int:
        """The score in hundredths: the integer the optimiser maximises, so ties are exact."""
        return round(self.score * 100)


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def merit_score(inputs: MeritInputs, weights: MeritWeights) -> Merit:
    if not 0 <= inputs.competency_level <= MAX_LEVEL:
        raise MeritError("competency_level", f"competency level must be between 0 and {MAX_LEVEL}")
    if not 0 <= inputs.language_level <= MAX_LEVEL:
        raise MeritError("language_level", f"language level must be between 0 and {MAX_LEVEL}")
    if inputs.tenure_years < 0:
        raise MeritError("tenure_years", "tenure must not be negative")
    normalised = {
        "relevance": (inputs.centre_gap, _clip(inputs.centre_gap)),
        "competency": (float(inputs.competency_level), inputs.competency_level / MAX_LEVEL),
        "performance": (inputs.performance, _clip(inputs.performance)),
        "tenure": (inputs.tenure_years, min(inputs.tenure_years, TENURE_CAP_YEARS) / TENURE_CAP_YEARS),
        "language": (float(inputs.language_level), inputs.language_level / MAX_LEVEL),
    }
    weight_of = weights.as_dict()
    components = tuple(
        MeritComponent(
            name=name,
            raw=raw,
            normalised=round(norm, 4),
            weight=weight_of[name],
            points=round(weight_of[name] * norm, 2),
        )
        for name, (raw, norm) in normalised.items()
    )
    return Merit(components=components, score=round(sum(c.points for c in components), 2))


@dataclass(frozen=True)
class EligibilityCriteria:
    min_tenure_years: float = 0.0
    required_credentials: frozenset[str] = field(default_factory=frozenset)
    min_language_level: int = 0


@dataclass(frozen=True)
class EligibilityFacts:
    tenure_years: float
    valid_credentials: frozenset[str]
    language_level: int
    pending_obligations: int


@dataclass(frozen=True)
class Ineligibility:
    """One failed check: a code the interface translates, and the numbers behind it."""

    code: str  # "tenure" | "credential" | "language" | "obligations"
    required: str
    actual: str


def eligibility(facts: EligibilityFacts, criteria: EligibilityCriteria) -> list[Ineligibility]:
    """Every check that fails, in a fixed order; an empty list means eligible."""
    reasons: list[Ineligibility] = []
    if facts.tenure_years < criteria.min_tenure_years:
        reasons.append(Ineligibility("tenure", f"{criteria.min_tenure_years:g}", f"{facts.tenure_years:.1f}"))
    for credential in sorted(criteria.required_credentials - facts.valid_credentials):
        reasons.append(Ineligibility("credential", credential, ""))
    if facts.language_level < criteria.min_language_level:
        reasons.append(Ineligibility("language", str(criteria.min_language_level), str(facts.language_level)))
    if facts.pending_obligations > 0:
        reasons.append(Ineligibility("obligations", "0", str(facts.pending_obligations)))
    return reasons
