"""Referrals: inbox and outbox, sending, answering."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.cases import selectors, services
from sentra.cases.api.common import (
    acting_user,
    centre_or_error,
    user_or_error,
)
from sentra.cases.models import (
    Referral,
    ReferralStatus,
)
from sentra.network.models import ServiceComponent

router = Router(tags=["cases"])


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
    actor = acting_user(request)
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
    actor = acting_user(request)
    referral = selectors.referral_get(user=actor, pk=referral_id)
    services.referral_read(actor=actor, referral=referral, purpose="API")
    return referral


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut}, summary="Refer the person of a case")
def referral_send(request: HttpRequest, case_id: int, payload: ReferralIn) -> Status[Referral]:
    actor = acting_user(request)
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
        to_sentra=centre_or_error(payload.to_sentra_id, "to_sentra_id"),
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
    actor = acting_user(request)
    referral = selectors.referral_get(user=actor, pk=referral_id)
    services.referral_accept(
        actor=actor,
        referral=referral,
        note=payload.note,
        open_case=payload.open_case,
        case_manager=user_or_error(payload.case_manager_id, "case_manager_id"),
        setting=payload.setting,
    )
    return selectors.referral_get(user=actor, pk=referral_id)


@router.post(
    "/referrals/{referral_id}/decline", response=ReferralOut, summary="Decline a referral with a reason"
)
def referral_decline(request: HttpRequest, referral_id: int, payload: ReferralDeclineIn) -> Referral:
    actor = acting_user(request)
    referral = selectors.referral_get(user=actor, pk=referral_id)
    services.referral_decline(
        actor=actor, referral=referral, reason=payload.decline_reason, note=payload.note
    )
    return selectors.referral_get(user=actor, pk=referral_id)
