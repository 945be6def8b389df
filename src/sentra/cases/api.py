"""Case endpoints: cases, stage moves, plans, services, tasks, referrals. Thin: parse, call, return.

The same selectors as the pages, so the same scoping: a record you may not see is 404, a role that
may not act is 403, bad input is 422 with the field named.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.beneficiaries.models import Beneficiary
from sentra.cases import selectors, services
from sentra.cases.models import (
    Case,
    CasePlan,
    PlannedService,
    Referral,
    ReferralStatus,
    ServiceDelivery,
    Stage,
    Task,
)
from sentra.core.models import User
from sentra.network.models import Sentra, ServiceComponent

router = Router(tags=["cases"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


def _name(user: User | None) -> str | None:
    return None if user is None else (user.get_full_name() or user.username)


def _user_or_error(user_id: int | None, field: str) -> User | None:
    if user_id is None:
        return None
    found = User.objects.filter(pk=user_id, is_active=True).first()
    if found is None:
        raise ValidationError({field: [_("No active account has this id.")]})
    return found


def _centre_or_error(centre_id: int | None, field: str) -> Sentra | None:
    if centre_id is None:
        return None
    found = Sentra.objects.filter(pk=centre_id).first()
    if found is None:
        raise ValidationError({field: [_("No centre has this id.")]})
    return found


# --- Cases --------------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    case_number: str
    beneficiary_id: int
    beneficiary_name: str
    sentra_id: int
    sentra_name: str
    case_manager_id: int
    case_manager_name: str
    setting: str
    cluster: str
    stage: str
    stage_label: str
    opened_on: datetime.date
    terminated_on: datetime.date | None
    termination_reason: str
    closed_on: datetime.date | None

    @staticmethod
    def resolve_beneficiary_name(obj: Case) -> str:
        return obj.beneficiary.full_name

    @staticmethod
    def resolve_sentra_name(obj: Case) -> str:
        return obj.sentra.name

    @staticmethod
    def resolve_case_manager_name(obj: Case) -> str:
        return _name(obj.case_manager) or ""

    @staticmethod
    def resolve_stage_label(obj: Case) -> str:
        return selectors.stage_labels(obj.sentra_id)[obj.stage]


class TransitionOut(Schema):
    from_stage: str
    to_stage: str
    at: datetime.datetime
    by: str | None
    reason: str

    @staticmethod
    def resolve_by(obj: Any) -> str | None:
        return _name(obj.by)


class CaseDetailOut(CaseOut):
    presenting_problem: str
    care_team: list[dict[str, Any]]
    transitions: list[TransitionOut]
    approved_plan_version: int | None

    @staticmethod
    def resolve_care_team(obj: Case) -> list[dict[str, Any]]:
        return [
            {
                "user_id": m.user_id,
                "name": _name(m.user),
                "team_role": m.team_role,
                "profession": m.profession,
            }
            for m in obj.team_members.filter(removed_on__isnull=True).select_related("user")
        ]

    @staticmethod
    def resolve_transitions(obj: Case) -> list[Any]:
        return list(obj.transitions.select_related("by"))

    @staticmethod
    def resolve_approved_plan_version(obj: Case) -> int | None:
        plan = selectors.approved_plan(obj)
        return plan.version if plan else None


class CaseQuery(Schema):
    q: str = Field("", description="Part of the name, the registration or the case number")
    stage: str = Field("", description="One of the ATENSI stages, e.g. asesmen")
    mine: bool = Field(False, description="Only cases you manage or are on the care team of")
    include_closed: bool = False


class CaseIn(Schema):
    beneficiary_id: int
    sentra_id: int
    case_manager_id: int | None = None
    setting: str
    cluster: str
    presenting_problem: str = ""
    opened_on: datetime.date | None = None


class TransitionIn(Schema):
    to_stage: str
    reason: str = ""
    assessment_summary: str = Field("", description="Required when leaving the assessment stage")
    termination_reason: str = Field("", description="Required when terminating")


@router.get("/cases", response=list[CaseOut], summary="Cases you may see")
@paginate(PageNumber)
def case_list(request: HttpRequest, filters: Query[CaseQuery]) -> Any:
    if filters.stage and filters.stage not in Stage.values:
        raise ValidationError({"stage": [_("Use one of: {values}.").format(values=", ".join(Stage.values))]})
    return selectors.case_list(
        user=_actor(request),
        filters=selectors.CaseFilters(
            q=filters.q, stage=filters.stage, mine=filters.mine, include_closed=filters.include_closed
        ),
    )


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case")
def case_detail(request: HttpRequest, case_id: int) -> Case:
    actor = _actor(request)
    case = selectors.case_get(user=actor, pk=case_id)
    services.case_read(actor=actor, case=case, purpose="API")
    return case


@router.post("/cases", response={201: CaseDetailOut}, summary="Open a case")
def case_open(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    actor = _actor(request)
    beneficiary = Beneficiary.objects.visible_to(actor).filter(pk=payload.beneficiary_id).first()
    if beneficiary is None:
        raise ValidationError({"beneficiary_id": [_("No person you may see has this id.")]})
    sentra = _centre_or_error(payload.sentra_id, "sentra_id")
    assert sentra is not None
    case = services.case_open(
        actor=actor,
        beneficiary=beneficiary,
        sentra=sentra,
        case_manager=_user_or_error(payload.case_manager_id, "case_manager_id"),
        setting=payload.setting,
        cluster=payload.cluster,
        presenting_problem=payload.presenting_problem,
        opened_on=payload.opened_on,
    )
    return Status(201, case)


@router.post(
    "/cases/{case_id}/transitions", response={201: TransitionOut}, summary="Move a case to another stage"
)
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> Status[Any]:
    actor = _actor(request)
    case = selectors.case_get(user=actor, pk=case_id)
    return Status(201, services.case_transition(actor=actor, case=case, **payload.model_dump()))


# --- Plans --------------------------------------------------------------------------------------------


class GoalSchema(Schema):
    description: str
    indicator: str
    target_date: datetime.date | None = None


class PlannedServiceIn(Schema):
    component: str = Field(description="ATENSI component code, e.g. terapi")
    subtype: str = Field("", description="Sub-type code where the component has them, e.g. psikososial")
    description: str
    responsible_id: int | None = None
    times: int = 1
    frequency: str = Field(description="once, daily, weekly or monthly")


class PlannedServiceOut(Schema):
    id: int
    component: str
    subtype: str
    description: str
    responsible_id: int
    responsible_name: str | None
    times: int
    frequency: str

    @staticmethod
    def resolve_component(obj: PlannedService) -> str:
        return obj.component.code

    @staticmethod
    def resolve_subtype(obj: PlannedService) -> str:
        return obj.subtype.code if obj.subtype else ""

    @staticmethod
    def resolve_responsible_name(obj: PlannedService) -> str | None:
        return _name(obj.responsible)


class PlanOut(Schema):
    id: int
    version: int
    status: str
    summary: str
    revision_reason: str
    created_at: datetime.datetime
    created_by: str | None
    approved_at: datetime.datetime | None
    approved_by: str | None
    goals: list[GoalSchema]
    services: list[PlannedServiceOut]

    @staticmethod
    def resolve_created_by(obj: CasePlan) -> str | None:
        return _name(obj.created_by)

    @staticmethod
    def resolve_approved_by(obj: CasePlan) -> str | None:
        return _name(obj.approved_by)

    @staticmethod
    def resolve_goals(obj: CasePlan) -> list[Any]:
        return list(obj.goals.all())

    @staticmethod
    def resolve_services(obj: CasePlan) -> list[Any]:
        return list(obj.services.select_related("component", "subtype", "responsible"))


class PlanIn(Schema):
    summary: str = ""
    revision_reason: str = Field("", description="Required for every version after the first")
    goals: list[GoalSchema]
    services: list[PlannedServiceIn]


@router.get("/cases/{case_id}/plans", response=list[PlanOut], summary="Every version of a case's plan")
def plan_list(request: HttpRequest, case_id: int) -> Any:
    case = selectors.case_get(user=_actor(request), pk=case_id)
    return list(selectors.plan_versions(case))


@router.post(
    "/cases/{case_id}/plans", response={201: PlanOut}, summary="Write the draft plan (first or revision)"
)
def plan_save(request: HttpRequest, case_id: int, payload: PlanIn) -> Status[CasePlan]:
    actor = _actor(request)
    case = selectors.case_get(user=actor, pk=case_id)
    planned = []
    for index, row in enumerate(payload.services):
        planned.append(
            services.PlannedServiceInput(
                component=row.component,
                subtype=row.subtype,
                description=row.description,
                responsible=_user_or_error(row.responsible_id, f"services.{index}.responsible_id"),
                frequency=row.frequency,
                times=row.times,
            )
        )
    plan = services.plan_save(
        actor=actor,
        case=case,
        goals=[services.GoalInput(g.description, g.indicator, g.target_date) for g in payload.goals],
        services=planned,
        summary=payload.summary,
        revision_reason=payload.revision_reason,
    )
    return Status(201, plan)


@router.post("/plans/{plan_id}/approve", response=PlanOut, summary="Approve a draft plan (centre head)")
def plan_approve(request: HttpRequest, plan_id: int) -> CasePlan:
    actor = _actor(request)
    plan = get_object_or_404(CasePlan.objects.visible_to(actor), pk=plan_id)
    return services.plan_approve(actor=actor, plan=plan)


# --- Services delivered ----------------------------------------------------------------------------------


class DeliveryOut(Schema):
    id: int
    delivered_on: datetime.date
    duration_minutes: int
    provider_id: int
    provider_name: str | None
    component: str
    subtype: str
    planned_service_id: int | None
    attendance: str
    notes: str

    @staticmethod
    def resolve_provider_name(obj: ServiceDelivery) -> str | None:
        return _name(obj.provider)

    @staticmethod
    def resolve_component(obj: ServiceDelivery) -> str:
        return obj.component.code

    @staticmethod
    def resolve_subtype(obj: ServiceDelivery) -> str:
        return obj.subtype.code if obj.subtype else ""


class DeliveryIn(Schema):
    delivered_on: datetime.date
    provider_id: int | None = None
    component: str = ""
    subtype: str = ""
    planned_service_id: int | None = None
    attendance: str
    duration_minutes: int = 0
    notes: str = ""


@router.get("/cases/{case_id}/services", response=list[DeliveryOut], summary="Services delivered on a case")
@paginate(PageNumber)
def service_list(request: HttpRequest, case_id: int) -> Any:
    case = selectors.case_get(user=_actor(request), pk=case_id)
    return case.deliveries.select_related("provider", "component", "subtype").order_by("-delivered_on", "-id")


@router.post("/cases/{case_id}/services", response={201: DeliveryOut}, summary="Log a service")
def service_log(request: HttpRequest, case_id: int, payload: DeliveryIn) -> Status[ServiceDelivery]:
    actor = _actor(request)
    case = selectors.case_get(user=actor, pk=case_id)
    planned = None
    if payload.planned_service_id is not None:
        planned = PlannedService.objects.filter(pk=payload.planned_service_id, plan__case=case).first()
        if planned is None:
            raise ValidationError({"planned_service_id": [_("No planned service of this case has this id.")]})
    delivery = services.service_log(
        actor=actor,
        case=case,
        delivered_on=payload.delivered_on,
        provider=_user_or_error(payload.provider_id, "provider_id") if payload.provider_id else actor,
        component=payload.component,
        subtype=payload.subtype,
        planned_service=planned,
        attendance=payload.attendance,
        duration_minutes=payload.duration_minutes,
        notes=payload.notes,
    )
    return Status(201, delivery)


# --- Tasks ---------------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    kind: str
    title: str
    due_on: datetime.date
    status: str
    overdue: bool
    case_id: int | None
    case_number: str | None
    sentra_id: int
    assigned_to_id: int | None

    @staticmethod
    def resolve_title(obj: Task) -> str:
        return obj.display_title

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_case_number(obj: Task) -> str | None:
        return obj.case.case_number if obj.case_id and obj.case else None


class TaskQuery(Schema):
    scope: str = Field(
        "mine", description="mine (assigned to you) or centre (centre heads: open tasks of their centres)"
    )
    include_done: bool = False
    overdue: bool = False


class TaskIn(Schema):
    title: str
    due_on: datetime.date | None = None
    case_id: int | None = None
    sentra_id: int | None = Field(None, description="For a task not tied to a case")
    assigned_to_id: int | None = None
    details: str = ""


class TaskCompleteIn(Schema):
    note: str = ""


@router.get("/tasks", response=list[TaskOut], summary="My tasks (or my centres' tasks)")
@paginate(PageNumber)
def task_list(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    actor = _actor(request)
    if filters.scope not in ("mine", "centre"):
        raise ValidationError({"scope": [_("Use mine or centre.")]})
    if filters.scope == "centre":
        return selectors.tasks_of_centres(user=actor, overdue_only=filters.overdue)
    rows = selectors.tasks_mine(user=actor, include_done=filters.include_done)
    return rows.overdue() if filters.overdue else rows


@router.post("/tasks", response={201: TaskOut}, summary="Add a manual task")
def task_create(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    actor = _actor(request)
    case = selectors.case_get(user=actor, pk=payload.case_id) if payload.case_id is not None else None
    sentra = _centre_or_error(payload.sentra_id, "sentra_id")
    if case is None and sentra is None:
        raise ValidationError({"case_id": [_("Give the case, or the centre for a task not tied to a case.")]})
    task = services.task_create(
        actor=actor,
        case=case,
        sentra=sentra,
        title=payload.title,
        due_on=payload.due_on,
        assigned_to=_user_or_error(payload.assigned_to_id, "assigned_to_id"),
        details=payload.details,
    )
    return Status(201, task)


@router.post("/tasks/{task_id}/complete", response=TaskOut, summary="Mark a task done")
def task_complete(request: HttpRequest, task_id: int, payload: TaskCompleteIn) -> Task:
    actor = _actor(request)
    task = selectors.task_get(user=actor, pk=task_id)
    return services.task_complete(actor=actor, task=task, note=payload.note)


# --- Referrals -----------------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    case_id: int | None = Field(description="Only for those who may see the case (the sending side)")
    from_sentra_id: int
    from_sentra_name: str
    target_kind: str
    to_sentra_id: int | None
    target_name: str
    outside_kind: str
    urgency: str
    status: str
    sent_at: datetime.datetime
    response_due_on: datetime.date
    overdue: bool
    responded_at: datetime.datetime | None
    decline_reason: str
    response_note: str
    shared_summary: dict[str, Any] = Field(
        description="Everything the receiver sees about the person and case"
    )

    @staticmethod
    def resolve_case_id(obj: Referral, context: Any) -> int | None:
        request = context["request"]
        return obj.case_id if selectors.sees_case(request.user, obj.case_id) else None

    @staticmethod
    def resolve_from_sentra_name(obj: Referral) -> str:
        return obj.from_sentra.name

    @staticmethod
    def resolve_target_name(obj: Referral) -> str:
        return obj.target_display

    @staticmethod
    def resolve_overdue(obj: Referral) -> bool:
        return obj.is_overdue


class ReferralQuery(Schema):
    box: str = Field("in", description="in (addressed to your centres) or out (sent by your centres)")
    status: str = ""


class ReferralIn(Schema):
    target_kind: str = Field(description="sentra, lks or outside")
    to_sentra_id: int | None = None
    outside_kind: str = ""
    outside_name: str = ""
    reason: str
    components: list[str] = Field(default_factory=list, description="ATENSI component codes requested")
    urgency: str = "normal"


class ReferralAcceptIn(Schema):
    note: str = ""
    open_case: bool = False
    case_manager_id: int | None = None
    setting: str = ""


class ReferralDeclineIn(Schema):
    decline_reason: str
    note: str = ""


@router.get("/referrals", response=list[ReferralOut], summary="Referral inbox or outbox")
@paginate(PageNumber)
def referral_list(request: HttpRequest, filters: Query[ReferralQuery]) -> Any:
    actor = _actor(request)
    errors: dict[str, list[str]] = {}
    if filters.box not in ("in", "out"):
        errors["box"] = [_("Use in or out.")]
    if filters.status and filters.status not in ReferralStatus.values:
        errors["status"] = [_("Use one of: {values}.").format(values=", ".join(ReferralStatus.values))]
    if errors:
        raise ValidationError(errors)
    if filters.box == "out":
        return selectors.referrals_out(user=actor, status=filters.status)
    return selectors.referrals_in(user=actor, status=filters.status)


@router.get(
    "/referrals/{referral_id}", response=ReferralOut, summary="One referral (the receiver sees the summary)"
)
def referral_detail(request: HttpRequest, referral_id: int) -> Referral:
    actor = _actor(request)
    referral = selectors.referral_get(user=actor, pk=referral_id)
    services.referral_read(actor=actor, referral=referral, purpose="API")
    return referral


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut}, summary="Refer the person of a case")
def referral_send(request: HttpRequest, case_id: int, payload: ReferralIn) -> Status[Referral]:
    actor = _actor(request)
    case = selectors.case_get(user=actor, pk=case_id)
    components = list(ServiceComponent.objects.filter(code__in=payload.components))
    unknown = sorted(set(payload.components) - {c.code for c in components})
    if unknown:
        raise ValidationError(
            {"components": [_("Unknown component: {codes}.").format(codes=", ".join(unknown))]}
        )
    referral = services.referral_send(
        actor=actor,
        case=case,
        target_kind=payload.target_kind,
        to_sentra=_centre_or_error(payload.to_sentra_id, "to_sentra_id"),
        outside_kind=payload.outside_kind,
        outside_name=payload.outside_name,
        reason=payload.reason,
        components=components,
        urgency=payload.urgency,
    )
    return Status(201, referral)


@router.post(
    "/referrals/{referral_id}/accept", response=ReferralOut, summary="Accept a referral (receiving centre)"
)
def referral_accept(request: HttpRequest, referral_id: int, payload: ReferralAcceptIn) -> Referral:
    actor = _actor(request)
    referral = selectors.referral_get(user=actor, pk=referral_id)
    services.referral_accept(
        actor=actor,
        referral=referral,
        note=payload.note,
        open_case=payload.open_case,
        case_manager=_user_or_error(payload.case_manager_id, "case_manager_id"),
        setting=payload.setting,
    )
    return selectors.referral_get(user=actor, pk=referral_id)


@router.post(
    "/referrals/{referral_id}/decline", response=ReferralOut, summary="Decline a referral with a reason"
)
def referral_decline(request: HttpRequest, referral_id: int, payload: ReferralDeclineIn) -> Referral:
    actor = _actor(request)
    referral = selectors.referral_get(user=actor, pk=referral_id)
    services.referral_decline(
        actor=actor, referral=referral, reason=payload.decline_reason, note=payload.note
    )
    return selectors.referral_get(user=actor, pk=referral_id)
