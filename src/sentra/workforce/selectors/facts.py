"""Plain facts about centres read from the database, for the pure rules (caseload, gaps, performance).

These functions are unscoped: callers authorise the centre first (see ``selectors.access``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sentra.assessments.selectors import current_needs_for_centres
from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import CareTeamMember, Case, WaitingListEntry
from sentra.workforce.models import Competency, Credential, StaffCompetency, StaffMember
from sentra.workforce.rules import caseload as caseload_rules
from sentra.workforce.rules.gaps import CompetencySpec


@dataclass
class CaseFacts:
    case_id: int
    sentra_id: int
    beneficiary_id: int
    cluster: str
    case_manager_id: int
    team_user_ids: set[int] = field(default_factory=set)
    needs: set[str] = field(default_factory=set)
    professions: set[str] = field(default_factory=set)
    urgency: str = ""

    @property
    def complexity(self) -> int:
        return caseload_rules.case_complexity(
            urgency=self.urgency, cluster=self.cluster, needs_count=len(self.needs)
        )


def _higher(a: str, b: str) -> str:
    rank = caseload_rules.URGENCY_RANK
    return a if rank.get(a, 0) >= rank.get(b, 0) else b


def open_cases(centre_ids: Iterable[int]) -> list[CaseFacts]:
    """Open cases with their current needs (needs-engine rule ids), professions asked for and urgency."""
    ids = list(centre_ids)
    facts: dict[int, CaseFacts] = {}
    by_person: dict[tuple[int, int], list[CaseFacts]] = defaultdict(list)
    rows = Case.objects.filter(sentra_id__in=ids, closed_on__isnull=True).values_list(
        "pk", "sentra_id", "beneficiary_id", "cluster", "case_manager_id", "referral_source__urgency"
    )
    for pk, sentra_id, beneficiary_id, cluster, manager_id, referral_urgency in rows:
        item = CaseFacts(pk, sentra_id, beneficiary_id, cluster, manager_id, urgency=referral_urgency or "")
        facts[pk] = item
        by_person[(sentra_id, beneficiary_id)].append(item)
    for case_id, user_id in CareTeamMember.objects.filter(
        case_id__in=facts, removed_on__isnull=True
    ).values_list("case_id", "user_id"):
        facts[case_id].team_user_ids.add(user_id)
    for sentra_id, beneficiary_id, rule_id, professions, urgency in current_needs_for_centres(
        ids
    ).values_list("sentra_id", "beneficiary_id", "rule_id", "professions", "urgency"):
        for item in by_person.get((sentra_id, beneficiary_id), ()):
            item.needs.add(rule_id)
            item.professions.update(professions)
            item.urgency = _higher(urgency, item.urgency)
    return list(facts.values())


@dataclass
class WaitingFacts:
    """Someone on a centre's waiting list (read-only from the cases app): demand the centre will have
    to staff for, with the needs already recorded for them there."""

    sentra_id: int
    beneficiary_id: int
    cluster: str
    needs: set[str] = field(default_factory=set)
    professions: set[str] = field(default_factory=set)


def waiting_people(centre_ids: Iterable[int]) -> list[WaitingFacts]:
    """One row per person on a centre's open waiting list (a person waiting for two things counts once)."""
    ids = list(centre_ids)
    found: dict[tuple[int, int], WaitingFacts] = {}
    rows = WaitingListEntry.objects.filter(sentra_id__in=ids, removed_on__isnull=True).values_list(
        "sentra_id", "beneficiary_id", "case__cluster"
    )
    for sentra_id, beneficiary_id, cluster in rows:
        key = (sentra_id, beneficiary_id)
        if key not in found or (cluster and not found[key].cluster):
            found[key] = WaitingFacts(sentra_id, beneficiary_id, cluster or "")
    missing_cluster = {f.beneficiary_id for f in found.values() if not f.cluster}
    if missing_cluster:
        clusters = dict(Beneficiary.objects.filter(pk__in=missing_cluster).values_list("pk", "clusters"))
        for item in found.values():
            if not item.cluster and clusters.get(item.beneficiary_id):
                item.cluster = clusters[item.beneficiary_id][0]
    if found:
        for sentra_id, beneficiary_id, rule_id, professions in (
            current_needs_for_centres(ids)
            .filter(beneficiary_id__in={b for _s, b in found})
            .values_list("sentra_id", "beneficiary_id", "rule_id", "professions")
        ):
            person = found.get((sentra_id, beneficiary_id))
            if person is not None:
                person.needs.add(rule_id)
                person.professions.update(professions)
    return list(found.values())


def active_staff(centre_ids: Iterable[int], day: datetime.date) -> list[StaffMember]:
    return list(
        StaffMember.objects.active(day).filter(sentra_id__in=list(centre_ids)).order_by("full_name", "pk")
    )


def levels_of(staff_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = defaultdict(dict)
    for staff_id, code, level in StaffCompetency.objects.filter(staff_id__in=list(staff_ids)).values_list(
        "staff_id", "competency__code", "level"
    ):
        levels[staff_id][code] = level
    return levels


def framework() -> list[CompetencySpec]:
    return [
        CompetencySpec(
            code=c.code,
            cluster=c.cluster,
            core=c.core,
            needs=frozenset(c.needs),
            professions=frozenset(c.professions),
            required_level=c.required_level,
        )
        for c in Competency.objects.filter(is_active=True).order_by("skill_area__order", "order", "code")
    ]


def credentials_of(staff_ids: Iterable[int]) -> dict[int, list[Credential]]:
    found: dict[int, list[Credential]] = defaultdict(list)
    for credential in Credential.objects.filter(staff_id__in=list(staff_ids)).order_by(
        "kind", "expires_on", "pk"
    ):
        found[credential.staff_id].append(credential)
    return found
