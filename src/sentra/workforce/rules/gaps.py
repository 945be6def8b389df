"""Right person, right post: a centre's demand for professions and competencies against its staff.

Demand comes from the beneficiaries a centre serves (open cases): every beneficiary needs a case
manager (a pekerja sosial), plus the professions the needs engine named for their assessed needs; a
competency is needed by a beneficiary when it is *core* to their cluster or serves one of their needs.
Staff needed = ceil(beneficiaries needing it / beneficiaries one professional can serve) from the
standards file. All inputs are plain values, so the computation is tested on hand-made centres.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sentra.workforce.rules.credentials import PEKSOS
from sentra.workforce.rules.standards import Standards

RECRUIT = "recruit"
TRAIN = "train"
REASSIGN = "reassign"
SHARE = "share"


@dataclass(frozen=True, slots=True)
class CompetencySpec:
    code: str
    cluster: str = ""
    core: bool = False
    needs: frozenset[str] = frozenset()
    professions: frozenset[str] = frozenset()
    required_level: int = 2

    def needed_by(self, cluster: str, needs: frozenset[str]) -> bool:
        return (self.core and self.cluster == cluster) or bool(self.needs & needs)

    def expected_of(self, profession: str) -> bool:
        return not self.professions or profession in self.professions


@dataclass(frozen=True, slots=True)
class BeneficiaryDemand:
    """One beneficiary with an open case: cluster, needs-engine rule ids and professions proposed."""

    id: int
    cluster: str
    needs: frozenset[str] = frozenset()
    professions: frozenset[str] = frozenset()

    def all_professions(self) -> frozenset[str]:
        return self.professions | {PEKSOS}


@dataclass(frozen=True, slots=True)
class StaffFacts:
    id: int
    profession: str
    levels: Mapping[str, int] = field(default_factory=dict)
    # Beneficiaries (by id) this person serves: as case manager or in the care team.
    serves: frozenset[int] = frozenset()
    overloaded: bool = False


@dataclass(frozen=True, slots=True)
class ExpiringCredential:
    credential_id: int
    staff_id: int
    kind: str
    expires_on: datetime.date
    days_left: int


@dataclass(frozen=True, slots=True)
class Neighbour:
    """Another centre within reach, with the professionals it could spare."""

    centre_id: int
    distance_km: float
    spare: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProfessionGap:
    profession: str
    beneficiaries_needing: int
    staff_needed: int
    staff_on_post: int

    @property
    def shortfall(self) -> int:
        return max(0, self.staff_needed - self.staff_on_post)

    @property
    def surplus(self) -> int:
        return max(0, self.staff_on_post - self.staff_needed)


@dataclass(frozen=True, slots=True)
class CompetencyGap:
    competency: str
    required_level: int
    beneficiaries_needing: int
    staff_needed: int
    staff_at_level: int

    @property
    def shortfall(self) -> int:
        return max(0, self.staff_needed - self.staff_at_level)


@dataclass(frozen=True, slots=True)
class OutsideCompetence:
    staff_id: int
    beneficiaries: int
    lacking: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    profession: str = ""
    competency: str = ""
    count: int = 0
    staff_ids: tuple[int, ...] = ()
    partner_centre_id: int | None = None


@dataclass(frozen=True)
class GapReport:
    centre_id: int
    beneficiaries: int
    staff: int
    profession_gaps: list[ProfessionGap]
    competency_gaps: list[CompetencyGap]
    outside_competence: list[OutsideCompetence]
    expiring: list[ExpiringCredential]
    suggestions: list[Suggestion]

    @property
    def missing_professions(self) -> list[ProfessionGap]:
        return [gap for gap in self.profession_gaps if gap.shortfall > 0]

    @property
    def competencies_below_need(self) -> list[CompetencyGap]:
        return [gap for gap in self.competency_gaps if gap.shortfall > 0]


def _needed(count: int, per_staff: int) -> int:
    return math.ceil(count / per_staff) if count else 0


def profession_gaps(
    beneficiaries: Sequence[BeneficiaryDemand], staff: Sequence[StaffFacts], standards: Standards
) -> list[ProfessionGap]:
    demand: Counter[str] = Counter()
    for beneficiary in beneficiaries:
        demand.update(beneficiary.all_professions())
    on_post = Counter(member.profession for member in staff)
    gaps = []
    for profession in sorted(set(demand) | {p for p in on_post if p in standards.professions}):
        standard = standards.for_profession(profession)
        if standard is None:
            continue
        count = demand.get(profession, 0)
        gaps.append(
            ProfessionGap(
                profession, count, _needed(count, standard.beneficiaries_per_staff), on_post[profession]
            )
        )
    return gaps


def competency_gaps(
    beneficiaries: Sequence[BeneficiaryDemand],
    staff: Sequence[StaffFacts],
    framework: Sequence[CompetencySpec],
    standards: Standards,
) -> list[CompetencyGap]:
    gaps = []
    for spec in framework:
        count = sum(1 for b in beneficiaries if spec.needed_by(b.cluster, b.needs))
        if not count:
            continue
        at_level = sum(1 for member in staff if member.levels.get(spec.code, 0) >= spec.required_level)
        needed = _needed(count, standards.competency_beneficiaries_per_staff)
        gaps.append(CompetencyGap(spec.code, spec.required_level, count, needed, at_level))
    return gaps


def outside_competence(
    beneficiaries: Sequence[BeneficiaryDemand],
    staff: Sequence[StaffFacts],
    framework: Sequence[CompetencySpec],
) -> list[OutsideCompetence]:
    """Staff serving beneficiaries who need a competency expected of their profession that they lack."""
    by_id = {b.id: b for b in beneficiaries}
    found = []
    for member in staff:
        lacking: set[str] = set()
        affected = 0
        for beneficiary_id in sorted(member.serves):
            beneficiary = by_id.get(beneficiary_id)
            if beneficiary is None:
                continue
            missing = {
                spec.code
                for spec in framework
                if spec.expected_of(member.profession)
                and spec.needed_by(beneficiary.cluster, beneficiary.needs)
                and member.levels.get(spec.code, 0) < spec.required_level
            }
            if missing:
                affected += 1
                lacking |= missing
        if affected:
            found.append(OutsideCompetence(member.id, affected, tuple(sorted(lacking))))
    return found


def suggest(
    *,
    professions: Sequence[ProfessionGap],
    competencies: Sequence[CompetencyGap],
    outside: Sequence[OutsideCompetence],
    staff: Sequence[StaffFacts],
    framework: Sequence[CompetencySpec],
    neighbours: Sequence[Neighbour] = (),
) -> list[Suggestion]:
    """Reassign within the centre first, then train people one level short, then share a professional
    from the nearest centre that can spare one, and recruit what is left."""
    specs = {spec.code: spec for spec in framework}
    suggestions: list[Suggestion] = []
    by_id = {member.id: member for member in staff}

    for entry in outside:
        member = by_id[entry.staff_id]
        colleagues = tuple(
            other.id
            for other in staff
            if other.id != member.id
            and other.profession == member.profession
            and not other.overloaded
            and all(
                other.levels.get(code, 0) >= specs[code].required_level
                for code in entry.lacking
                if code in specs
            )
        )
        if colleagues:
            suggestions.append(
                Suggestion(
                    REASSIGN,
                    profession=member.profession,
                    count=entry.beneficiaries,
                    staff_ids=(member.id, *colleagues[:3]),
                )
            )

    for gap in competencies:
        if gap.shortfall <= 0:
            continue
        spec = specs[gap.competency]
        candidates = sorted(
            (
                member
                for member in staff
                if spec.expected_of(member.profession)
                and member.levels.get(spec.code, 0) < spec.required_level
            ),
            key=lambda member: (-member.levels.get(spec.code, 0), member.id),
        )[: gap.shortfall]
        if candidates:
            suggestions.append(
                Suggestion(
                    TRAIN,
                    competency=spec.code,
                    count=len(candidates),
                    staff_ids=tuple(m.id for m in candidates),
                )
            )
        if len(candidates) < gap.shortfall:
            profession = min(spec.professions) if spec.professions else ""
            suggestions.append(
                Suggestion(
                    RECRUIT,
                    profession=profession,
                    competency=spec.code,
                    count=gap.shortfall - len(candidates),
                )
            )

    reachable = sorted(neighbours, key=lambda neighbour: (neighbour.distance_km, neighbour.centre_id))
    for need in professions:
        missing = need.shortfall
        if missing <= 0:
            continue
        for neighbour in reachable:
            spare = min(neighbour.spare.get(need.profession, 0), missing)
            if spare > 0:
                suggestions.append(
                    Suggestion(
                        SHARE, profession=need.profession, count=spare, partner_centre_id=neighbour.centre_id
                    )
                )
                missing -= spare
            if missing == 0:
                break
        if missing > 0:
            suggestions.append(Suggestion(RECRUIT, profession=need.profession, count=missing))
    return suggestions


def gap_report(
    *,
    centre_id: int,
    beneficiaries: Sequence[BeneficiaryDemand],
    staff: Sequence[StaffFacts],
    framework: Sequence[CompetencySpec],
    standards: Standards,
    expiring: Iterable[ExpiringCredential] = (),
    neighbours: Sequence[Neighbour] = (),
) -> GapReport:
    professions = profession_gaps(beneficiaries, staff, standards)
    competencies = competency_gaps(beneficiaries, staff, framework, standards)
    outside = outside_competence(beneficiaries, staff, framework)
    return GapReport(
        centre_id=centre_id,
        beneficiaries=len(beneficiaries),
        staff=len(staff),
        profession_gaps=professions,
        competency_gaps=competencies,
        outside_competence=outside,
        expiring=sorted(expiring, key=lambda item: (item.expires_on, item.credential_id)),
        suggestions=suggest(
            professions=professions,
            competencies=competencies,
            outside=outside,
            staff=staff,
            framework=framework,
            neighbours=neighbours,
        ),
    )


@dataclass(frozen=True, slots=True)
class Readiness:
    profession_need_met_share: float | None
    competency_need_met_share: float | None
    credentials_valid_share: float | None


def readiness(report: GapReport, *, credential_bearers: int, credential_bearers_valid: int) -> Readiness:
    """Shares of need met: staff on post up to what is needed, over what is needed (None without demand)."""
    needed = sum(gap.staff_needed for gap in report.profession_gaps)
    met = sum(min(gap.staff_on_post, gap.staff_needed) for gap in report.profession_gaps)
    c_needed = sum(gap.staff_needed for gap in report.competency_gaps)
    c_met = sum(min(gap.staff_at_level, gap.staff_needed) for gap in report.competency_gaps)
    return Readiness(
        profession_need_met_share=round(met / needed, 4) if needed else None,
        competency_need_met_share=round(c_met / c_needed, 4) if c_needed else None,
        credentials_valid_share=round(credential_bearers_valid / credential_bearers, 4)
        if credential_bearers
        else None,
    )
