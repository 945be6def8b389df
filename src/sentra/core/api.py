"""Core endpoints: who am I, the audit and access logs."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core import selectors
from sentra.core.access import get_visible_or_404
from sentra.core.models import AuditEvent

router = Router(tags=["account and audit"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    role_label: str
    profession: str
    centre_ids: list[int]
    two_factor_enrolled: bool


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, Any]:
    from sentra.core.access import centre_ids_of

    user: Any = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "profession": user.profession,
        "centre_ids": sorted(centre_ids_of(user)),
        "two_factor_enrolled": user.has_two_factor,
    }


class AuditEventOut(Schema):
    id: int
    at: datetime.datetime
    actor: str = Field(alias="actor_label")
    action: str
    object_type: str
    object_id: str
    object_repr: str
    sentra_id: int | None
    changes: dict[str, Any]
    ip_address: str | None
    path: str


class AuditQuery(Schema):
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    sentra_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@router.get(
    "/audit-events",
    response=list[AuditEventOut],
    summary="Audit log (administrators; centre heads: own centre)",
)
@paginate(PageNumber)
def audit_events(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    return selectors.audit_event_list(
        user=request.user,  # type: ignore[arg-type]
        filters=selectors.AuditFilters(**filters.dict()),
    )


@router.get("/audit-events/{event_id}", response=AuditEventOut, summary="One audit event")
def audit_event(request: HttpRequest, event_id: int) -> AuditEvent:
    event: AuditEvent = get_visible_or_404(AuditEvent.objects.all(), request.user, pk=event_id)
    return event


class AccessLogOut(Schema):
    id: int
    at: datetime.datetime
    actor: str = Field(alias="actor_label")
    object_type: str
    object_id: str
    object_repr: str
    sentra_id: int | None
    category: str
    purpose: str
    path: str


@router.get("/access-log", response=list[AccessLogOut], summary="Reads of sensitive data")
@paginate(PageNumber)
def access_log(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    return selectors.access_log_list(
        user=request.user,  # type: ignore[arg-type]
        filters=selectors.AuditFilters(**filters.dict()),
    )
