"""Read-only figures for each role's home page, always scoped to the viewer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from sentra.core.models import AuditEvent, Role, User
from sentra.network.models import CentreCapacity, Sentra, SentraKind


@dataclass
class HomeSummary:
    centres: list[Sentra]
    centre_count: int
    kinds: list[dict[str, Any]] = field(default_factory=list)
    places: int = 0
    people: int = 0
    locked_accounts: int = 0
    recent_events: list[AuditEvent] = field(default_factory=list)


def home_summary(*, user: User) -> HomeSummary:
    centres_qs = Sentra.objects.visible_to(user).filter(is_active=True)
    summary = HomeSummary(
        centres=list(centres_qs.select_related("region")[:12]), centre_count=centres_qs.count()
    )
    summary.places = (
        CentreCapacity.objects.filter(sentra__in=centres_qs).aggregate(total=Sum("places"))["total"] or 0
    )
    if user.role in (Role.NATIONAL_ANALYST, Role.SYSADMIN):
        labels = dict(SentraKind.choices)
        summary.kinds = [
            {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "count": row["count"]}
            for row in centres_qs.values("kind").annotate(count=Count("id")).order_by("kind")
        ]
    if user.role in (Role.CENTRE_HEAD, Role.HR, Role.SYSADMIN):
        people = User.objects.visible_to(user).filter(is_active=True)
        summary.people = people.count()
        summary.locked_accounts = people.filter(~Q(locked_until=None)).count()
    if user.role in (Role.CENTRE_HEAD, Role.SYSADMIN):
        summary.recent_events = list(AuditEvent.objects.visible_to(user)[:8])
    return summary
