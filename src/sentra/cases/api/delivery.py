"""Services delivered on a case."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.cases import selectors, services
from sentra.cases.api.common import (
    acting_user,
    display_name,
    user_or_error,
)
from sentra.cases.models import (
    PlannedService,
    ServiceDelivery,
)

router = Router(tags=["cases"])


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
        return display_name(obj.provider)

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
    case = selectors.case_get(user=acting_user(request), pk=case_id)
    return case.deliveries.select_related("provider", "component", "subtype").order_by("-delivered_on", "-id")


@router.post("/cases/{case_id}/services", response={201: DeliveryOut}, summary="Log a service")
def service_log(request: HttpRequest, case_id: int, payload: DeliveryIn) -> Status[ServiceDelivery]:
    actor = acting_user(request)
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
        provider=user_or_error(payload.provider_id, "provider_id") if payload.provider_id else actor,
        component=payload.component,
        subtype=payload.subtype,
        planned_service=planned,
        attendance=payload.attendance,
        duration_minutes=payload.duration_minutes,
        notes=payload.notes,
    )
    return Status(201, delivery)
