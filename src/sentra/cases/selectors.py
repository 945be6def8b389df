"""Reads of the case lifecycle, always scoped to the person asking (``visible_to``).

Pages and the API fetch every record through these functions, so "not yours" and "not found" are
the same 404 everywhere.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Beneficiary
from sentra.cases import rules
from sentra.cases.models import (
    CENTRE_CASE_ROLES,
    Attachment,
    CareTeamMember,
    Case,
    CaseConference,
    CasePlan,
    HomeLeave,
    PlanStatus,
    Referral,
    ReferralStatus,
    ResidentialStay,
    RollCall,
    Room,
    Stage,
    StayStatus,
    Task,
    TaskQuerySet,
    TaskStatus,
    Transfer,
    TransferStatus,
    WaitingListEntry,
)
from sentra.cases.services._common import is_centre_staff, is_head_of, may_contribute, may_manage, rules_for
from sentra.cases.services.residential import residential_places
from sentra.cases.services.tasks import case_facts
from sentra.core.access import get_visible_or_404
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra, SentraKind

# --- Stages ---------------------------------------------------------------------------------------


def stage_labels(sentra_id: int | None = None) -> dict[str, str]:
    """Stage names in the active language, with the centre's (or the national) wording where set."""
    labels = {value: str(label) for value, label in Stage.choices}
    overrides = rules_for(sentra_id).stage_labels or {}
    language = (get_language() or "id").split("-")[0]
    for stage, wording in overrides.items():
        if stage in labels and isinstance(wording, dict) and isinstance(wording.get(language), str):
            labels[stage] = wording[language]
    return labels


@dataclass(frozen=True)
class StageStep:
    value: str
    label: str
    state: str  # "done", "current" or "todo"


def stage_bar(case: Case) -> list[StageStep]:
    labels = stage_labels(case.sentra_id)
    position = rules.stage_position(case.stage)
    steps = []
    for index, value in enumerate(rules.STAGES):
        state = "done" if index < position else "current" if index == position else "todo"
        steps.append(StageStep(value, labels[value], state))
    return steps


def next_stages(case: Case) -> list[tuple[str, str]]:
    labels = stage_labels(case.sentra_id)
    if case.closed_on is not None:
        return []
    return [(value, labels[value]) for value in rules.STAGES if value in rules.NEXT_STAGES[case.stage]]


# --- Cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""
    stage: str = ""
    mine: bool = False
    include_closed: bool = False


def case_list(*, user: User, filters: CaseFilters | None = None) -> QuerySet[Case]:
    filters = filters or CaseFilters()
    queryset = Case.objects.visible_to(user).select_related("beneficiary", "sentra", "case_manager")
    if filters.mine:
        queryset = queryset.filter(
            Q(case_manager=user)
            | Q(pk__in=CareTeamMember.objects.filter(user=user, removed_on__isnull=True).values("case_id"))
        )
    if not filters.include_closed:
        queryset = queryset.filter(closed_on__isnull=True)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    query = filters.q.strip()
    if query:
        queryset = queryset.filter(
            Q(case_number__icontains=query)
            | Q(beneficiary__full_name__icontains=query)
            | Q(beneficiary__registration_number__iexact=query)
        )
    return queryset.order_by("-opened_on", "-id")


def case_get(*, user: User, pk: int | str) -> Case:
    return get_visible_or_404(
        Case.objects.select_related("beneficiary", "sentra", "case_manager"), user, pk=pk
    )


def case_get_for_update(*, user: User, pk: int | str) -> Case:
    return case_get(user=user, pk=pk)


@dataclass
class CasePermissions:
    manage: bool
    contribute: bool
    approve: bool
    staff: bool


def permissions(user: User, case: Case) -> CasePermissions:
    return CasePermissions(
        manage=may_manage(user, case),
        contribute=may_contribute(user, case),
        approve=is_head_of(user, case.sentra_id),
        staff=is_centre_staff(user, case.sentra_id),
    )


def approved_plan(case: Case) -> CasePlan | None:
    return _plan(case, PlanStatus.APPROVED)


def draft_plan(case: Case) -> CasePlan | None:
    return _plan(case, PlanStatus.DRAFT)


def _plan(case: Case, status: str) -> CasePlan | None:
    return (
        case.plans.filter(status=status)
        .select_related("created_by", "approved_by")
        .prefetch_related("goals", "services__component", "services__subtype", "services__responsible")
        .first()
    )


def plan_versions(case: Case) -> QuerySet[CasePlan]:
    return case.plans.select_related("created_by", "approved_by").order_by("-version")


def plan_get(*, user: User, case: Case, version: int) -> CasePlan:
    return get_visible_or_404(
        CasePlan.objects.filter(case=case).prefetch_related(
            "goals", "services__component", "services__subtype", "services__responsible"
        ),
        user,
        version=version,
    )


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime.date
    kind: str
    text: str
    who: str = ""


def _name(user: User | None) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


def timeline(case: Case) -> list[TimelineEvent]:
    """Everything that happened on the case, newest first."""
    labels = stage_labels(case.sentra_id)
    events: list[TimelineEvent] = []
    for move in case.transitions.select_related("by"):
        if not move.from_stage:
            text = _("Case opened")
        else:
            text = f"{labels.get(move.from_stage, move.from_stage)} → {labels[move.to_stage]}"
            if move.reason:
                text += f": {move.reason}"
        events.append(TimelineEvent(timezone.localdate(move.at), "stage", str(text), _name(move.by)))
    for plan in case.plans.exclude(status=PlanStatus.DRAFT).select_related("approved_by"):
        if plan.approved_at:
            text = _("Plan v{version} approved").format(version=plan.version)
            events.append(
                TimelineEvent(timezone.localdate(plan.approved_at), "plan", text, _name(plan.approved_by))
            )
    for delivery in case.deliveries.select_related("component", "provider"):
        events.append(
            TimelineEvent(
                delivery.delivered_on,
                "service",
                f"{delivery.component.number}. {delivery.component.label}"
                f" ({delivery.get_attendance_display()})",
                _name(delivery.provider),
            )
        )
    for note in case.notes.select_related("written_by"):
        events.append(
            TimelineEvent(
                note.written_on,
                "note",
                f"{note.get_kind_display()}: {note.text[:140]}",
                _name(note.written_by),
            )
        )
    for conference in case.conferences.select_related("recorded_by"):
        events.append(
            TimelineEvent(
                conference.held_on, "conference", conference.decisions[:140], _name(conference.recorded_by)
            )
        )
    for help_row in case.assistance.select_related("recorded_by"):
        text = f"{help_row.get_kind_display()}: " + (
            f"Rp {help_row.amount:,.0f}" if help_row.amount else help_row.items[:100]
        )
        events.append(TimelineEvent(help_row.given_on, "assistance", text, _name(help_row.recorded_by)))
    for referral in case.referrals.select_related("to_sentra", "sent_by"):
        events.append(
            TimelineEvent(
                timezone.localdate(referral.sent_at),
                "referral",
                f"{referral.target_display} ({referral.get_status_display()})",
                _name(referral.sent_by),
            )
        )
    for transfer in case.transfers.select_related("from_sentra", "to_sentra", "requested_by"):
        events.append(
            TimelineEvent(
                timezone.localdate(transfer.requested_at),
                "transfer",
                f"{transfer.from_sentra.name} → {transfer.to_sentra.name} ({transfer.get_status_display()})",
                _name(transfer.requested_by),
            )
        )
    for stay in case.stays.select_related("room"):
        events.append(TimelineEvent(stay.admitted_on, "residence", f"{stay.get_status_display()}", ""))
    for attachment in case.attachments.select_related("uploaded_by"):
        events.append(
            TimelineEvent(
                timezone.localdate(attachment.uploaded_at),
                "attachment",
                attachment.original_name,
                _name(attachment.uploaded_by),
            )
        )
    return sorted(events, key=lambda event: event.at, reverse=True)


@dataclass
class CasePage:
    case: Case
    perms: CasePermissions
    stage_bar: list[StageStep]
    next_stages: list[tuple[str, str]]
    assessment_done: bool
    plan: CasePlan | None
    draft: CasePlan | None
    team: list[CareTeamMember]
    deliveries: list[Any]
    assistance: list[Any]
    notes: list[Any]
    conferences: list[CaseConference]
    tasks: list[Task]
    referrals: list[Referral]
    transfers: list[Transfer]
    attachments: list[Attachment]
    stay: ResidentialStay | None
    timeline: list[TimelineEvent] = field(default_factory=list)


def case_page(*, user: User, case: Case) -> CasePage:
    return CasePage(
        case=case,
        perms=permissions(user, case),
        stage_bar=stage_bar(case),
        next_stages=next_stages(case),
        assessment_done=case_facts(case).assessment_done,
        plan=approved_plan(case),
        draft=draft_plan(case),
        team=list(case.team_members.filter(removed_on__isnull=True).select_related("user")),
        deliveries=list(case.deliveries.select_related("component", "subtype", "provider")[:50]),
        assistance=list(case.assistance.all()[:50]),
        notes=list(case.notes.select_related("written_by")[:50]),
        conferences=list(case.conferences.prefetch_related("participants")[:20]),
        tasks=list(case.tasks.filter(status=TaskStatus.OPEN).select_related("assigned_to")),
        referrals=list(case.referrals.select_related("to_sentra")),
        transfers=list(case.transfers.select_related("from_sentra", "to_sentra")),
        attachments=list(case.attachments.select_related("uploaded_by")),
        stay=case.stays.exclude(status=StayStatus.DISCHARGED).select_related("room").first(),
        timeline=timeline(case),
    )


def attachment_get(*, user: User, pk: int | str) -> Attachment:
    return get_visible_or_404(Attachment.objects.select_related("case"), user, pk=pk)


def beneficiaries_for_new_case(*, user: User, q: str = "") -> QuerySet[Beneficiary]:
    """Persons the user may open a case for (the registry's own scope), by name or registry number."""
    queryset = Beneficiary.objects.visible_to(user).active()
    query = q.strip()
    if query:
        queryset = queryset.filter(Q(full_name__icontains=query) | Q(registration_number__iexact=query))
    return queryset.order_by("full_name")


def centres_for_casework(user: User) -> QuerySet[Sentra]:
    """The user's centres where they do casework."""
    if user.role not in CENTRE_CASE_ROLES:
        return Sentra.objects.none()
    return Sentra.objects.filter(pk__in=centre_ids_of(user), is_active=True).order_by("name")


def staff_of(sentra_id: int, *roles: str) -> QuerySet[User]:
    queryset = User.objects.filter(memberships__sentra_id=sentra_id, is_active=True)
    if roles:
        queryset = queryset.filter(role__in=roles)
    return queryset.order_by("first_name", "last_name", "username").distinct()


def case_managers_of(sentra_id: int) -> QuerySet[User]:
    return staff_of(sentra_id, Role.CASE_MANAGER)


def case_managers_of_centres(centres: QuerySet[Sentra]) -> QuerySet[User]:
    return (
        User.objects.filter(role=Role.CASE_MANAGER, is_active=True, memberships__sentra__in=centres)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def referral_targets(*, exclude: int | None = None) -> QuerySet[Sentra]:
    """The directory of active centres and LKS a case can be referred to (names only)."""
    queryset = Sentra.objects.filter(is_active=True)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return queryset.order_by("kind", "name")


# --- Tasks ----------------------------------------------------------------------------------------


def tasks_mine(*, user: User, include_done: bool = False) -> TaskQuerySet:
    queryset = (
        Task.objects.visible_to(user)
        .filter(assigned_to=user)
        .select_related("case", "case__beneficiary", "beneficiary")
    )
    if not include_done:
        queryset = queryset.filter(status=TaskStatus.OPEN)
    return queryset.order_by("due_on", "id")


def tasks_of_centres(*, user: User, overdue_only: bool = False) -> QuerySet[Task]:
    """For a centre head: the open tasks of their centres (who is behind)."""
    if user.role != Role.CENTRE_HEAD:
        return Task.objects.none()
    queryset = (
        Task.objects.visible_to(user)
        .filter(sentra_id__in=centre_ids_of(user), status=TaskStatus.OPEN)
        .select_related("case", "case__beneficiary", "beneficiary", "assigned_to")
    )
    if overdue_only:
        queryset = queryset.overdue()
    return queryset.order_by("due_on", "id")


def task_get(*, user: User, pk: int | str) -> Task:
    return get_visible_or_404(Task.objects.select_related("case", "assigned_to"), user, pk=pk)


def overdue_count(user: User) -> int:
    return Task.objects.visible_to(user).filter(assigned_to=user).overdue().count()


# --- Referrals and transfers ----------------------------------------------------------------------


def referrals_in(*, user: User, status: str = "") -> QuerySet[Referral]:
    """Referrals addressed to the user's centres."""
    queryset = Referral.objects.visible_to(user).filter(to_sentra_id__in=centre_ids_of(user))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("from_sentra", "to_sentra").order_by("status", "response_due_on", "-id")


def referrals_out(*, user: User, status: str = "") -> QuerySet[Referral]:
    """Referrals sent by the user's centres (or, for professionals, of their cases)."""
    queryset = Referral.objects.visible_to(user)
    if user.role != Role.SYSADMIN:
        queryset = queryset.filter(
            Q(from_sentra_id__in=centre_ids_of(user)) | Q(case__in=Case.objects.visible_to(user))
        ).exclude(to_sentra_id__in=centre_ids_of(user))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("case", "from_sentra", "to_sentra").order_by("-sent_at", "-id")


def referral_get(*, user: User, pk: int | str) -> Referral:
    return get_visible_or_404(
        Referral.objects.select_related("case", "from_sentra", "to_sentra", "sent_by", "responded_by"),
        user,
        pk=pk,
    )


def sees_case(user: User, case_id: int) -> bool:
    return Case.objects.visible_to(user).filter(pk=case_id).exists()


def transfers_in(*, user: User) -> QuerySet[Transfer]:
    return (
        Transfer.objects.visible_to(user)
        .filter(to_sentra_id__in=centre_ids_of(user))
        .select_related("from_sentra", "to_sentra")
        .order_by("-requested_at")
    )


def transfers_pending_in(*, user: User) -> QuerySet[Transfer]:
    return transfers_in(user=user).filter(status=TransferStatus.REQUESTED)


def transfer_get(*, user: User, pk: int | str) -> Transfer:
    return get_visible_or_404(
        Transfer.objects.select_related("case", "from_sentra", "to_sentra", "requested_by", "responded_by"),
        user,
        pk=pk,
    )


def pending_referral_count(user: User) -> int:
    return referrals_in(user=user, status=ReferralStatus.SENT).count()


# --- Residential ----------------------------------------------------------------------------------


@dataclass
class RoomRow:
    room: Room
    occupied: int

    @property
    def free(self) -> int:
        return max(0, self.room.beds - self.occupied)


@dataclass
class Occupancy:
    sentra: Sentra
    places: int
    occupied: int
    on_leave: int
    rooms: list[RoomRow]
    residents: list[ResidentialStay]
    unallocated: int
    late_returns: list[HomeLeave]
    roll_call_today: RollCall | None
    waiting_for_place: int

    @property
    def free(self) -> int:
        return max(0, self.places - self.occupied)

    @property
    def rate(self) -> float | None:
        return rules.occupancy_rate(self.occupied, self.places)

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)


def residential_centres(user: User) -> QuerySet[Sentra]:
    """Centres whose occupancy the user may see."""
    if user.role == Role.SYSADMIN:
        return Sentra.objects.filter(is_active=True).order_by("name")
    return centres_for_casework(user)


def occupancy(*, user: User, sentra: Sentra) -> Occupancy:
    stays = (
        ResidentialStay.objects.visible_to(user)
        .filter(sentra=sentra)
        .exclude(status=StayStatus.DISCHARGED)
        .select_related("case", "case__beneficiary", "room")
        .order_by("room__name", "bed", "case__beneficiary__full_name")
    )
    residents = list(stays)
    counts = {row["room_id"]: row["n"] for row in stays.values("room_id").annotate(n=Count("id"))}
    rooms = [
        RoomRow(room, counts.get(room.pk, 0)) for room in Room.objects.filter(sentra=sentra).order_by("name")
    ]
    today = timezone.localdate()
    return Occupancy(
        sentra=sentra,
        places=residential_places(sentra.pk),
        occupied=len(residents),
        on_leave=sum(1 for stay in residents if stay.status == StayStatus.ON_LEAVE),
        rooms=rooms,
        residents=residents,
        unallocated=sum(1 for stay in residents if stay.room_id is None),
        late_returns=list(
            HomeLeave.objects.filter(
                stay__in=stays, returned_on__isnull=True, expected_return_on__lt=today
            ).select_related("stay__case__beneficiary")
        ),
        roll_call_today=RollCall.objects.filter(sentra=sentra, day=today).first(),
        waiting_for_place=WaitingListEntry.objects.filter(
            sentra=sentra, waiting_for="place", removed_on__isnull=True
        ).count(),
    )


def stay_get(*, user: User, pk: int | str) -> ResidentialStay:
    return get_visible_or_404(
        ResidentialStay.objects.select_related("case", "case__beneficiary", "room", "sentra"), user, pk=pk
    )


def rooms_of(sentra_id: int) -> QuerySet[Room]:
    return Room.objects.filter(sentra_id=sentra_id, is_active=True).order_by("name")


def residents_for_roll_call(*, user: User, sentra: Sentra) -> QuerySet[ResidentialStay]:
    return (
        ResidentialStay.objects.visible_to(user)
        .filter(sentra=sentra)
        .exclude(status=StayStatus.DISCHARGED)
        .select_related("case__beneficiary", "room")
        .prefetch_related(Prefetch("leaves", queryset=HomeLeave.objects.filter(returned_on__isnull=True)))
        .order_by("room__name", "case__beneficiary__full_name")
    )


# --- Waiting list ---------------------------------------------------------------------------------


def waiting_list(*, user: User, sentra: Sentra, include_removed: bool = False) -> list[WaitingListEntry]:
    queryset = (
        WaitingListEntry.objects.visible_to(user)
        .filter(sentra=sentra)
        .select_related("beneficiary", "component", "case")
    )
    if not include_removed:
        queryset = queryset.filter(removed_on__isnull=True)
    return sorted(
        queryset,
        key=lambda entry: (entry.removed_on is not None, rules.waiting_order(entry.urgency, entry.added_on)),
    )


def waiting_get(*, user: User, pk: int | str) -> WaitingListEntry:
    return get_visible_or_404(WaitingListEntry.objects.select_related("beneficiary", "sentra"), user, pk=pk)


def lks_and_centres() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in SentraKind.choices]
