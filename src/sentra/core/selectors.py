"""Scoped reads of the core app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sentra.core.access import require_role
from sentra.core.models import AccessLogEntry, ApiToken, AuditEvent, Role, User


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    sentra_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _apply(queryset: QuerySet[Any], filters: AuditFilters) -> QuerySet[Any]:
    if filters.actor:
        queryset = queryset.filter(actor_label__icontains=filters.actor)
    if filters.action and hasattr(queryset.model, "action"):
        queryset = queryset.filter(action=filters.action)
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type)
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id)
    if filters.sentra_id is not None:
        queryset = queryset.filter(sentra_id=filters.sentra_id)
    if filters.date_from:
        queryset = queryset.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(at__date__lte=filters.date_to)
    return queryset


def audit_event_list(*, user: User, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    require_role(user, Role.SYSADMIN, Role.CENTRE_HEAD)
    queryset = AuditEvent.objects.visible_to(user).select_related("actor")
    return _apply(queryset, filters or AuditFilters())


def access_log_list(*, user: User, filters: AuditFilters | None = None) -> QuerySet[AccessLogEntry]:
    require_role(user, Role.SYSADMIN, Role.CENTRE_HEAD)
    queryset = AccessLogEntry.objects.visible_to(user).select_related("actor")
    return _apply(queryset, filters or AuditFilters())


def audit_object_types(*, user: User) -> list[str]:
    return sorted(set(AuditEvent.objects.visible_to(user).values_list("object_type", flat=True).distinct()))


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.visible_to(user)
