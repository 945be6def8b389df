"""Caseload weighted by complexity, against nested caps per profession.

The notions are the placement optimiser's (``sentra.placement.rules.caseload``): complexity 1 (light),
2 (medium) or 3 (heavy), and nested caps — at most ``max_cases`` cases, of which at most ``max_complex``
of complexity 2 or more, of which at most ``max_high`` of complexity 3. Here they describe the load
people already carry, so a centre head sees who is overloaded and who has room.

Complexity of a case is a product rule (no published weighting exists): 1, plus 1 for an urgent need
("soon", "high") or 2 for an emergency ("urgent", "emergency"), plus 1 for a cluster whose cases are
typically long and intensive (NAPZA, trafficking and tuna sosial), plus 1 for three needs or more;
capped at 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sentra.placement.rules.caseload import StaffMember as PlacementStaff
from sentra.workforce.rules.standards import ProfessionStandard

URGENCY_RANK = {
    "": 0,
    "low": 0,
    "normal": 0,
    "routine": 0,
    "soon": 1,
    "high": 1,
    "urgent": 2,
    "emergency": 2,
}
INTENSIVE_CLUSTERS = frozenset({"napza", "tuna_sosial"})
MANY_NEEDS = 3

OVERLOADED = "overloaded"
OK = "ok"
IDLE = "idle"
NO_STANDARD = "no_standard"


def case_complexity(*, urgency: str, cluster: str, needs_count: int) -> int:
    score = 1 + URGENCY_RANK.get(urgency, 0)
    if cluster in INTENSIVE_CLUSTERS:
        score += 1
    if needs_count >= MANY_NEEDS:
        score += 1
    return max(1, min(3, score))


@dataclass(frozen=True, slots=True)
class StaffLoad:
    staff_id: int
    profession: str
    cases: int
    complex_cases: int
    high_cases: int
    weighted: int
    max_cases: int | None
    complex_cap: int | None
    high_cap: int | None
    utilisation: float | None
    status: str


def staff_load(
    *,
    staff_id: int,
    profession: str,
    complexities: Sequence[int],
    standard: ProfessionStandard | None,
    idle_below_share: float,
) -> StaffLoad:
    cases = len(complexities)
    complex_cases = sum(1 for value in complexities if value >= 2)
    high_cases = sum(1 for value in complexities if value >= 3)
    weighted = sum(complexities)
    if standard is None:
        return StaffLoad(
            staff_id,
            profession,
            cases,
            complex_cases,
            high_cases,
            weighted,
            None,
            None,
            None,
            None,
            NO_STANDARD,
        )
    caps = PlacementStaff(
        id=str(staff_id),
        profession=profession,
        max_cases=standard.max_cases,
        max_complex=standard.max_complex,
        max_high=standard.max_high,
    )
    # The tightest of the three nested caps decides: eight heavy cases can overload someone with
    # room for twenty light ones.
    utilisation = max(cases / caps.max_cases, complex_cases / caps.complex_cap, high_cases / caps.high_cap)
    if utilisation > 1:
        status = OVERLOADED
    elif utilisation < idle_below_share:
        status = IDLE
    else:
        status = OK
    return StaffLoad(
        staff_id,
        profession,
        cases,
        complex_cases,
        high_cases,
        weighted,
        caps.max_cases,
        caps.complex_cap,
        caps.high_cap,
        round(utilisation, 3),
        status,
    )


def summarise(loads: Iterable[StaffLoad]) -> dict[str, int]:
    counts = {OVERLOADED: 0, OK: 0, IDLE: 0, NO_STANDARD: 0}
    for load in loads:
        counts[load.status] += 1
    return counts
