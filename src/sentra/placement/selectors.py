"""Reads of the placement app, always scoped to the actor; and the waiting list as solver input.

The waiting list (``WaitingListEntry`` of the cases app) gives who waits, at which centre and how
urgently; the needed services are the entry's ATENSI component, the components of the person's
approved case plan, the components of their current assessed needs (the assessments app's needs
engine, which may also raise the urgency), and a residential place when the person waits for one.
Free capacity per centre is its ``CentreCapacity`` places per component less the open cases whose
approved plan uses the component, and its residential places (the largest residential capacity of
any component, as the cases app counts them) less the open residential stays.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from sentra.assessments import selectors as assessment_selectors
from sentra.cases.models import (
    Case,
    PlannedService,
    PlanStatus,
    ReferralStatus,
    ResidentialStay,
    Stage,
    StayStatus,
    Urgency,
    WaitingFor,
    WaitingListEntry,
)
from sentra.core.access import get_visible_or_404
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import CentreCapacity, Sentra, Setting
from sentra.placement.models import (
    COORDINATOR_ROLES,
    Decision,
    PlacementProposal,
    PlacementRun,
    ProposalKind,
)
from sentra.placement.rules import caseload as caseload_rules
from sentra.placement.rules.caseload import CASE_MANAGER_ROLE
from sentra.workforce.rules.caseload import case_complexity
from sentra.workforce.rules.standards import default_standards
from sentra.workforce.selectors.facts import open_cases

#: The resource a person waiting for a residential place takes (beside their services).
RESIDENTIAL = "residential"

#: The cases app's four urgency levels on the solver's 1-5 scale: high and emergency are the
#: "urgent" people (≥ 4) whom the default penalties never leave out while a place exists.
#: The needs engine's urgency on the same scale; it can raise a person's urgency, never lower it.
ASSESSED_URGENCY: dict[str, int] = {"routine": 2, "soon": 3, "urgent": 4}
URGENCY_LEVEL: dict[str, int] = {Urgency.LOW: 1, Urgency.NORMAL: 2, Urgency.HIGH: 4, Urgency.EMERGENCY: 5}


def is_coordinator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in COORDINATOR_ROLES


def require_coordinator(user: Any) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def coordinated_centres(*, user: User) -> QuerySet[Sentra]:
    """The centres whose waiting list ``user`` may optimise."""
    if not is_coordinator(user):
        return Sentra.objects.none()
    centres = Sentra.objects.filter(is_active=True)
    if user.role == Role.SYSADMIN:
        return centres
    return centres.filter(pk__in=centre_ids_of(user))


def run_list(*, user: User) -> QuerySet[PlacementRun]:
    require_coordinator(user)
    return PlacementRun.objects.visible_to(user).select_related("sentra", "created_by", "previous")


def run_get(*, user: User, pk: int | str) -> PlacementRun:
    return get_visible_or_404(
        PlacementRun.objects.select_related("sentra", "created_by", "previous"), user, pk=pk
    )


def proposals_of(*, run: PlacementRun, kind: str = "") -> QuerySet[PlacementProposal]:
    rows = run.proposals.select_related("beneficiary", "centre", "greedy_centre", "entry__sentra", "referral")
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def proposal_get(*, user: User, pk: int | str) -> PlacementProposal:
    return get_visible_or_404(
        PlacementProposal.objects.select_related(
            "run", "beneficiary", "centre", "greedy_centre", "entry__sentra", "entry__case", "referral"
        ),
        user,
        pk=pk,
    )


def may_accept(*, user: User, proposal: PlacementProposal) -> bool:
    """The head of the centre where the person waits decides (the cases app's referral rule)."""
    return (
        user.role == Role.CENTRE_HEAD
        and proposal.entry.sentra_id in centre_ids_of(user)
        and proposal.decision == Decision.PROPOSED
        and proposal.kind != ProposalKind.UNPLACED
    )


# --- Solver input -----------------------------------------------------------------------------------


@dataclass
class WaitingPerson:
    """One person of the waiting list (entries of the same person merged)."""

    beneficiary_id: int
    entry_id: int
    sentra_id: int
    region_code: str
    child: bool
    urgency: int
    needs: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CentreInput:
    id: int
    lat: float
    lon: float
    region_code: str
    free: dict[str, int]


def _already_decided() -> QuerySet[PlacementProposal]:
    """Accepted proposals still in force (referral pending or accepted, or kept at the own centre)."""
    return PlacementProposal.objects.filter(decision=Decision.ACCEPTED).filter(
        Q(referral__isnull=True) | Q(referral__status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])
    )


def waiting_people(*, sentra: Sentra | None) -> list[WaitingPerson]:
    """The open waiting list of ``sentra`` (every centre when None), one row per person."""
    entries = WaitingListEntry.objects.filter(removed_on__isnull=True).exclude(
        beneficiary_id__in=_already_decided().values("beneficiary_id")
    )
    if sentra is not None:
        entries = entries.filter(sentra=sentra)
    entries = entries.select_related("beneficiary", "component").order_by("added_on", "id")
    people: dict[int, WaitingPerson] = {}
    case_of: dict[int, int] = {}
    for entry in entries:
        person = entry.beneficiary
        level = URGENCY_LEVEL.get(entry.urgency, 2)
        row = people.get(person.pk)
        if row is None or level > row.urgency:
            old_needs = row.needs if row is not None else set()
            row = WaitingPerson(
                beneficiary_id=person.pk,
                entry_id=entry.pk,
                sentra_id=entry.sentra_id,
                region_code=person.region_id or "",
                child=person.is_child,
                urgency=level,
                needs=old_needs,
            )
            people[person.pk] = row
        if entry.waiting_for == WaitingFor.PLACE:
            row.needs.add(RESIDENTIAL)
        elif entry.component is not None:
            row.needs.add(entry.component.code)
        if entry.case_id is not None:
            case_of[person.pk] = entry.case_id
    planned = PlannedService.objects.filter(
        plan__status=PlanStatus.APPROVED, plan__case_id__in=set(case_of.values())
    ).values_list("plan__case_id", "component__code")
    by_case: dict[int, set[str]] = defaultdict(set)
    for case_id, code in planned:
        by_case[case_id].add(code)
    for beneficiary_id, case_id in case_of.items():
        people[beneficiary_id].needs |= by_case.get(case_id, set())
    for beneficiary_id, assessed in assessment_selectors.needs_by_beneficiary(people).items():
        row = people[beneficiary_id]
        row.needs |= {component for component, _subtype in assessed.services}
        row.urgency = max(row.urgency, ASSESSED_URGENCY.get(assessed.urgency, 0))
    return list(people.values())


def centre_inputs(*, exclude_ids: Iterable[int] = ()) -> list[CentreInput]:
    """Every active centre with its free places per service (and residential places)."""
    centres = list(Sentra.objects.filter(is_active=True).exclude(pk__in=list(exclude_ids)).order_by("pk"))
    ids = [centre.pk for centre in centres]
    places: dict[int, dict[str, int]] = defaultdict(dict)
    for sentra_id, code, total in (
        CentreCapacity.objects.filter(sentra_id__in=ids)
        .values_list("sentra_id", "component__code")
        .annotate(total=Sum("places"))
    ):
        places[sentra_id][code] = int(total or 0)
    for sentra_id, total in (
        CentreCapacity.objects.filter(sentra_id__in=ids, setting=Setting.RESIDENTIAL)
        .values_list("sentra_id")
        .annotate(total=Max("places"))
    ):
        places[sentra_id][RESIDENTIAL] = int(total or 0)
    for sentra_id, code, used in (
        PlannedService.objects.filter(
            plan__status=PlanStatus.APPROVED,
            plan__case__closed_on__isnull=True,
            plan__case__sentra_id__in=ids,
        )
        .values_list("plan__case__sentra_id", "component__code")
        .annotate(used=Count("plan__case_id", distinct=True))
    ):
        if code in places[sentra_id]:
            places[sentra_id][code] -= int(used)
    for sentra_id, used in (
        ResidentialStay.objects.filter(sentra_id__in=ids)
        .exclude(status=StayStatus.DISCHARGED)
        .values_list("sentra_id")
        .annotate(used=Count("id"))
    ):
        if RESIDENTIAL in places[sentra_id]:
            places[sentra_id][RESIDENTIAL] -= int(used)
    return [
        CentreInput(
            id=centre.pk,
            lat=float(centre.latitude),
            lon=float(centre.longitude),
            region_code=centre.region_id,
            free={code: max(0, value) for code, value in places[centre.pk].items()},
        )
        for centre in centres
    ]


class HomeLocator:
    """Where a person lives, as a point.

    Regions carry no coordinates yet, so the home is the mean position of the centres in the
    person's regency (``PP.KK``), else in their province, else the centre where they wait — a
    city-level approximation documented in docs/placement.md. The means are computed once per run.
    """

    def __init__(self, centres: list[CentreInput]) -> None:
        sums: dict[str, list[float]] = {}
        for centre in centres:
            parts = centre.region_code.split(".")
            for depth in (1, 2):
                if len(parts) >= depth:
                    total = sums.setdefault(".".join(parts[:depth]), [0.0, 0.0, 0.0])
                    total[0] += centre.lat
                    total[1] += centre.lon
                    total[2] += 1
        self.means = {key: (lat / count, lon / count) for key, (lat, lon, count) in sums.items()}

    def home(self, region_code: str, fallback: CentreInput) -> tuple[float, float]:
        parts = region_code.split(".") if region_code else []
        for depth in (2, 1):
            if len(parts) >= depth and (found := self.means.get(".".join(parts[:depth]))) is not None:
                return found
        return fallback.lat, fallback.lon


# --- Caseload review ----------------------------------------------------------------------------------

#: Caseload caps of a case manager when the workforce standards name none (cases, complex, high).
DEFAULT_CAPS = (25, 12, 4)


def case_manager_caps() -> tuple[int, int, int]:
    """The pekerja sosial caps of the workforce caseload standards (workforce/data)."""
    standard = default_standards().for_profession(CASE_MANAGER_ROLE)
    if standard is None:
        return DEFAULT_CAPS
    return standard.max_cases, standard.max_complex, standard.max_high


@dataclass(frozen=True)
class CaseloadLine:
    case: Any
    proposed: User | None
    current: User
    reasons: dict[str, Any]


@dataclass(frozen=True)
class CaseloadReview:
    sentra: Sentra
    lines: list[CaseloadLine]
    staff: list[dict[str, Any]]
    objective: int
    greedy_objective: int
    seconds: float


def may_review_caseload(*, user: User, sentra: Sentra) -> bool:
    return user.role == Role.CENTRE_HEAD and sentra.pk in centre_ids_of(user)


def caseload_centre(*, user: User, pk: int | str) -> Sentra:
    """A centre whose caseload ``user`` reviews (its head); anything else is 404."""
    centre = Sentra.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if centre is None or not may_review_caseload(user=user, sentra=centre):
        raise Http404
    return centre


def waiting_cases(*, sentra: Sentra) -> QuerySet[Case]:
    """Open cases of the centre still to be taken up: new (first stage) or of a person on its waiting list."""
    waiting = WaitingListEntry.objects.filter(sentra=sentra, removed_on__isnull=True, case__isnull=False)
    return (
        Case.objects.filter(sentra=sentra, closed_on__isnull=True)
        .filter(Q(stage=Stage.PENDEKATAN_AWAL) | Q(pk__in=waiting.values("case_id")))
        .select_related("beneficiary", "case_manager")
        .order_by("opened_on", "pk")
    )


def _case_managers(sentra: Sentra, on: datetime.date) -> list[tuple[User, Any]]:
    from sentra.workforce.models import StaffMember

    users = list(
        User.objects.filter(memberships__sentra=sentra, role=Role.CASE_MANAGER, is_active=True).order_by("pk")
    )
    records = {
        record.user_id: record
        for record in StaffMember.objects.filter(user__in=users).active(on).prefetch_related("credentials")
    }
    return [(user, records.get(user.pk)) for user in users]


def _credentials(record: Any, on: datetime.date) -> tuple[bool, bool]:
    if record is None or record.profession != CASE_MANAGER_ROLE:
        return False, False
    valid = [c.kind for c in record.credentials.all() if c.is_valid_on(on)]
    return "sertifikat_kompetensi" in valid, "str" in valid


def caseload_review(*, user: User, sentra: Sentra) -> CaseloadReview:
    """The optimiser's assignment of the centre's waiting cases to its case managers, with reasons."""
    if not may_review_caseload(user=user, sentra=sentra):
        raise Http404
    on = timezone.localdate()
    cases = list(waiting_cases(sentra=sentra))
    urgency = dict(
        WaitingListEntry.objects.filter(sentra=sentra, removed_on__isnull=True, case__in=cases).values_list(
            "case_id", "urgency"
        )
    )
    waiting_ids = {case.pk for case in cases}
    # Complexity and the load people already carry as the workforce app counts them (its product rule);
    # a waiting case's own wait urgency may raise its complexity.
    facts = {fact.case_id: fact for fact in open_cases([sentra.pk])}
    complexity = {
        case.pk: max(
            facts[case.pk].complexity if case.pk in facts else 1,
            case_complexity(
                urgency=urgency.get(case.pk, ""),
                cluster=case.cluster,
                needs_count=len(facts[case.pk].needs) if case.pk in facts else 0,
            ),
        )
        for case in cases
    }
    carried: dict[int, list[int]] = defaultdict(list)
    for fact in facts.values():
        if fact.case_id not in waiting_ids:
            for user_id in {fact.case_manager_id, *fact.team_user_ids}:
                carried[user_id].append(fact.complexity)
    managers = _case_managers(sentra, on)
    caps = case_manager_caps()
    staff: list[caseload_rules.StaffMember] = []
    for member, record in managers:
        certified, str_valid = _credentials(record, on)
        load = carried.get(member.pk, [])
        staff.append(
            caseload_rules.StaffMember(
                id=str(member.pk),
                profession=CASE_MANAGER_ROLE,
                max_cases=caps[0],
                max_complex=caps[1],
                max_high=caps[2],
                current_cases=len(load),
                current_complex=sum(1 for value in load if value >= 2),
                current_high=sum(1 for value in load if value >= 3),
                certified=certified,
                str_valid=str_valid,
                clusters=frozenset(record.clusters if record is not None else ()),
                languages=frozenset(record.languages if record is not None else ()),
            )
        )
    problem = caseload_rules.CaseloadProblem(
        staff=staff,
        cases=[
            caseload_rules.Case(
                id=str(case.pk),
                cluster=case.cluster,
                complexity=complexity[case.pk],
                previous_staff=(str(case.case_manager_id),),
            )
            for case in cases
        ],
    )
    result = caseload_rules.assign_caseload(problem)
    greedy = caseload_rules.assign_caseload_greedy(problem)
    by_id = {str(member.pk): member for member, _record in managers}
    member_of = {member.id: member for member in staff}
    anyone_eligible = any(member.qualifies_for(CASE_MANAGER_ROLE) for member in staff)
    counts: dict[str, int] = defaultdict(int)
    lines = []
    for case in cases:
        chosen = result.assignments[str(case.pk)].get(CASE_MANAGER_ROLE)
        reasons: dict[str, Any] = {"complexity": complexity[case.pk]}
        if chosen is None:
            reasons["unassigned"] = "full" if anyone_eligible else "no_eligible"
        else:
            counts[chosen] += 1
            record = member_of[chosen]
            reasons.update(
                cluster_match=case.cluster in record.clusters,
                continuity=chosen == str(case.case_manager_id),
                load_after=record.current_cases + counts[chosen],
                cap=record.max_cases,
            )
        lines.append(
            CaseloadLine(
                case=case,
                proposed=by_id.get(chosen) if chosen else None,
                current=case.case_manager,
                reasons=reasons,
            )
        )
    staff_rows = [
        {
            "user": by_id[member.id],
            "eligible": member.qualifies_for(CASE_MANAGER_ROLE),
            "certified": member.certified,
            "str_valid": member.str_valid,
            "current": member.current_cases,
            "proposed": counts.get(member.id, 0),
            "cap": member.max_cases,
        }
        for member in staff
    ]
    return CaseloadReview(
        sentra=sentra,
        lines=lines,
        staff=staff_rows,
        objective=result.objective,
        greedy_objective=greedy.objective,
        seconds=result.seconds,
    )


@dataclass(frozen=True)
class Comparison:
    """A what-if against the run it started from."""

    previous: PlacementRun
    placed: int
    urgent_unplaced: int
    distance_km: float
    changed: list[tuple[PlacementProposal, Sentra | None]]


def compare(*, run: PlacementRun) -> Comparison | None:
    """How the run differs from its base run: totals, and everyone whose proposed centre changed."""
    previous = run.previous
    if previous is None or previous.status != "done" or run.status != "done":
        return None
    before = dict(previous.proposals.values_list("beneficiary_id", "centre_id"))
    centres = {centre.pk: centre for centre in Sentra.objects.filter(pk__in=set(before.values()) - {None})}
    changed = [
        (proposal, centres.get(before[proposal.beneficiary_id]) if before[proposal.beneficiary_id] else None)
        for proposal in proposals_of(run=run)
        if proposal.beneficiary_id in before and before[proposal.beneficiary_id] != proposal.centre_id
    ]
    return Comparison(
        previous=previous,
        placed=run.placed - previous.placed,
        urgent_unplaced=run.urgent_unplaced - previous.urgent_unplaced,
        distance_km=(run.total_distance_km or 0.0) - (previous.total_distance_km or 0.0),
        changed=changed,
    )


def adjustment_rows(*, run: PlacementRun) -> dict[str, list[dict[str, Any]]]:
    """The run's changes with the people and centres they name (for the page)."""
    changes = run.adjustments or {}
    pins = changes.get("pins", {})
    excluded = changes.get("excluded", [])
    capacity = changes.get("capacity", [])
    centre_ids = {*pins.values(), *excluded, *(c["centre"] for c in capacity)}
    centres = {centre.pk: centre for centre in Sentra.objects.filter(pk__in=centre_ids)}
    people = {
        row.beneficiary_id: row.beneficiary
        for row in run.proposals.filter(beneficiary_id__in=[int(p) for p in pins]).select_related(
            "beneficiary"
        )
    }
    return {
        "pins": [
            {"person_id": int(person), "person": people.get(int(person)), "centre": centres.get(centre)}
            for person, centre in pins.items()
        ],
        "excluded": [{"centre": centres.get(centre), "centre_id": centre} for centre in excluded],
        "capacity": [{**change, "centre_obj": centres.get(change["centre"])} for change in capacity],
    }
