"""Each staff member's active cases weighted by complexity, against their profession's caps."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from sentra.workforce.models import StaffMember
from sentra.workforce.rules import caseload as rules
from sentra.workforce.rules.standards import default_standards
from sentra.workforce.selectors.facts import CaseFacts, active_staff, open_cases


@dataclass(frozen=True)
class StaffCaseload:
    staff: StaffMember
    load: rules.StaffLoad


def complexities_by_user(cases: list[CaseFacts]) -> dict[int, list[int]]:
    """Per user: the complexity of every open case they manage or are on the care team of."""
    found: dict[int, list[int]] = defaultdict(list)
    for case in cases:
        for user_id in {case.case_manager_id, *case.team_user_ids}:
            found[user_id].append(case.complexity)
    return found


def centre_caseload(centre_id: int, *, today: datetime.date | None = None) -> list[StaffCaseload]:
    """Unscoped: authorise the centre first. Busiest first."""
    day = today or timezone.localdate()
    standards = default_standards()
    by_user = complexities_by_user(open_cases([centre_id]))
    rows = [
        StaffCaseload(
            staff,
            rules.staff_load(
                staff_id=staff.pk,
                profession=staff.profession,
                complexities=by_user.get(staff.user_id, []) if staff.user_id is not None else [],
                standard=standards.for_profession(staff.profession),
                idle_below_share=standards.idle_below_share,
            ),
        )
        for staff in active_staff([centre_id], day)
    ]
    rows.sort(key=lambda row: (-(row.load.utilisation or 0), -row.load.weighted, row.staff.full_name))
    return rows
