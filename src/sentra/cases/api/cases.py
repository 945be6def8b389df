"""Cases and stage moves."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.beneficiaries.models import Beneficiary
from sentra.cases import selectors, services
from sentra.cases.api.common import (
    acting_user,
    centre_or_error,
    display_name,
    user_or_error,
)
from sentra.cases.models import (
    Case,
    Stage,
)

router = Router(tags=["cases"])


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
        return display_name(obj.case_manager) or ""

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
        return display_name(obj.by)


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
                "name": display_name(m.user),
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
        user=acting_user(request),
        filters=selectors.CaseFilters(
            q=filters.q, stage=filters.stage, mine=filters.mine, include_closed=filters.include_closed
        ),
    )


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case")
def case_detail(request: HttpRequest, case_id: int) -> Case:
    actor = acting_user(request)
    case = selectors.case_get(user=actor, pk=case_id)
    services.case_read(actor=actor, case=case, purpose="API")
    return case


@router.post("/cases", response={201: CaseDetailOut}, summary="Open a case")
def case_open(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    actor = acting_user(request)
    beneficiary = Beneficiary.objects.visible_to(actor).filter(pk=payload.beneficiary_id).first()
    if beneficiary is None:
        raise ValidationError({"beneficiary_id": [_("No person you may see has this id.")]})
    sentra = centre_or_error(payload.sentra_id, "sentra_id")
    assert sentra is not None
    case = services.case_open(
        actor=actor,
        beneficiary=beneficiary,
        sentra=sentra,
        case_manager=user_or_error(payload.case_manager_id, "case_manager_id"),
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
    actor = acting_user(request)
    case = selectors.case_get(user=actor, pk=case_id)
    return Status(201, services.case_transition(actor=actor, case=case, **payload.model_dump()))
