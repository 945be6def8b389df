"""Case plans: versions and approval."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from sentra.cases import selectors, services
from sentra.cases.api.common import (
    acting_user,
    display_name,
    user_or_error,
)
from sentra.cases.models import (
    CasePlan,
    PlannedService,
)

router = Router(tags=["cases"])


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
        return display_name(obj.responsible)


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
        return display_name(obj.created_by)

    @staticmethod
    def resolve_approved_by(obj: CasePlan) -> str | None:
        return display_name(obj.approved_by)

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
    case = selectors.case_get(user=acting_user(request), pk=case_id)
    return list(selectors.plan_versions(case))


@router.post(
    "/cases/{case_id}/plans", response={201: PlanOut}, summary="Write the draft plan (first or revision)"
)
def plan_save(request: HttpRequest, case_id: int, payload: PlanIn) -> Status[CasePlan]:
    actor = acting_user(request)
    case = selectors.case_get(user=actor, pk=case_id)
    planned = []
    for index, row in enumerate(payload.services):
        planned.append(
            services.PlannedServiceInput(
                component=row.component,
                subtype=row.subtype,
                description=row.description,
                responsible=user_or_error(row.responsible_id, f"services.{index}.responsible_id"),
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
    actor = acting_user(request)
    plan = get_object_or_404(CasePlan.objects.visible_to(actor), pk=plan_id)
    return services.plan_approve(actor=actor, plan=plan)
