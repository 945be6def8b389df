"""Proposing a centre's training plan from its competency gaps (pure).

For every competency where the centre has fewer staff at the required level than its beneficiaries
need, the people closest to the level (highest current level first, so that one course is most
likely to close the gap) among those whose profession practises the competency are proposed, as many
as the shortfall, each for the course that raises the competency to the required level at the
lowest step. Nobody is proposed for more than ``max_per_person`` items in a year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class GapLine:
    competency: str
    required_level: int
    staff_needed: int
    staff_at_level: int
    beneficiaries_needing: int

    @property
    def shortfall(self) -> int:
        return max(0, self.staff_needed - self.staff_at_level)


@dataclass(frozen=True)
class StaffLine:
    id: int
    profession: str
    levels: Mapping[str, int]


@dataclass(frozen=True)
class CourseLine:
    id: int
    outcomes: Mapping[str, int]  # competency code -> level on completion


@dataclass(frozen=True)
class ProposedItem:
    staff_id: int
    competency: str
    course_id: int | None
    current_level: int
    target_level: int
    gap: GapLine


def best_course(courses: Sequence[CourseLine], competency: str, required_level: int) -> int | None:
    """The course reaching the required level with the smallest level (no over-training); failing
    that, the one reaching highest; ties by id."""
    reaching = [c for c in courses if c.outcomes.get(competency, 0) >= required_level]
    if reaching:
        return min(reaching, key=lambda c: (c.outcomes[competency], c.id)).id
    partial = [c for c in courses if c.outcomes.get(competency, 0) > 0]
    if partial:
        return min(partial, key=lambda c: (-c.outcomes[competency], c.id)).id
    return None


def propose_plan(
    gaps: Sequence[GapLine],
    staff: Sequence[StaffLine],
    professions_of: Mapping[str, frozenset[str]],
    courses: Sequence[CourseLine],
    *,
    max_per_person: int = 2,
) -> list[ProposedItem]:
    items: list[ProposedItem] = []
    load: dict[int, int] = {}
    for gap in sorted(gaps, key=lambda g: (-g.shortfall, g.competency)):
        if gap.shortfall == 0:
            continue
        allowed = professions_of.get(gap.competency, frozenset())
        candidates = [
            person
            for person in staff
            if (not allowed or person.profession in allowed)
            and person.levels.get(gap.competency, 0) < gap.required_level
            and load.get(person.id, 0) < max_per_person
        ]
        candidates.sort(key=lambda p: (-p.levels.get(gap.competency, 0), p.id))
        course = best_course(courses, gap.competency, gap.required_level)
        for person in candidates[: gap.shortfall]:
            load[person.id] = load.get(person.id, 0) + 1
            items.append(
                ProposedItem(
                    staff_id=person.id,
                    competency=gap.competency,
                    course_id=course,
                    current_level=person.levels.get(gap.competency, 0),
                    target_level=gap.required_level,
                    gap=gap,
                )
            )
    return items


def completion_share(active_staff: int, completed_staff: int) -> float | None:
    """Share of a centre's active staff who completed training (None when it has no staff)."""
    if active_staff <= 0:
        return None
    return min(1.0, completed_staff / active_staff)
