"""The scoped lists behind each dashboard figure.

Centre roles see their own centres' cases (the cases app's own scoping). A national user sees
personal records only through an active break-glass grant for that centre, and every such read is
written to the access log with the grant's reason.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.http import Http404
from django.utils import timezone

from sentra.cases.models import Case, CasePlan, ServiceDelivery, Stage, StageTransition, TerminationReason
from sentra.core import audit
from sentra.core.access import sees_all_centres
from sentra.core.models import Role, User
from sentra.insights.models import BreakGlassGrant
from sentra.insights.rules.periods import add_months
from sentra.network.models import Cluster, Sentra

DRILL_ROLES = (Role.CENTRE_HEAD, Role.CASE_MANAGER, Role.INTAKE, Role.SYSADMIN)
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class DrillFilters:
    cluster: str = ""
    stage: str = ""
    opened: datetime.date | None = None  # month start
    terminated: datetime.date | None = None
    reason: str = ""
    component: int | None = None
    delivered: datetime.date | None = None
    # Months (first and last, inclusive) of a case's first move out of assessment / first approved
    # plan: the cases behind the "days to assessment" and "days to plan" figures.
    assessed: datetime.date | None = None
    planned: datetime.date | None = None
    until: datetime.date | None = None

    @classmethod
    def parse(cls, data: dict[str, str]) -> DrillFilters:
        def month(name: str) -> datetime.date | None:
            match = MONTH.match(data.get(name, ""))
            if not match or not 1 <= int(match.group(2)) <= 12:
                return None
            return datetime.date(int(match.group(1)), int(match.group(2)), 1)

        component = data.get("component", "")
        return cls(
            cluster=data.get("cluster", "") if data.get("cluster", "") in Cluster.values else "",
            stage=data.get("stage", "") if data.get("stage", "") in Stage.values else "",
            opened=month("opened"),
            terminated=month("terminated"),
            reason=data.get("reason", "") if data.get("reason", "") in TerminationReason.values else "",
            component=int(component) if component.isdigit() else None,
            delivered=month("delivered"),
            assessed=month("assessed"),
            planned=month("planned"),
            until=month("until"),
        )

    def span(self, first: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware bounds from ``first`` to the end of ``until`` (or of ``first``), local time."""
        last = self.until if self.until and self.until >= first else first
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(add_months(last, 1), datetime.time.min, tzinfo=zone),
        )


def active_grant(user: User, centre: Sentra) -> BreakGlassGrant | None:
    return BreakGlassGrant.objects.active().filter(user=user, sentra=centre).first()


def drill_centre(user: User, pk: str | int) -> tuple[Sentra, BreakGlassGrant | None]:
    """The centre whose records the user may list, and the grant that allows it for national users."""
    centre = Sentra.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if centre is None:
        raise Http404
    if user.role == Role.NATIONAL_ANALYST:
        grant = active_grant(user, centre)
        if grant is None:
            raise Http404
        return centre, grant
    if user.role not in DRILL_ROLES:
        raise Http404
    if not sees_all_centres(user) and not Sentra.objects.visible_to(user).filter(pk=centre.pk).exists():
        raise Http404
    return centre, None


def _cases(user: User, centre: Sentra, grant: BreakGlassGrant | None) -> QuerySet[Case]:
    base = Case.objects.all() if grant is not None else Case.objects.visible_to(user)
    return base.filter(sentra=centre)


def drill_cases(
    *, user: User, centre: Sentra, grant: BreakGlassGrant | None, filters: DrillFilters
) -> QuerySet[Case]:
    queryset = _cases(user, centre, grant).select_related("beneficiary", "case_manager")
    if filters.cluster:
        queryset = queryset.filter(cluster=filters.cluster)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage, closed_on__isnull=True)
    if filters.opened:
        queryset = queryset.filter(opened_on__gte=filters.opened, opened_on__lt=add_months(filters.opened, 1))
    if filters.terminated:
        queryset = queryset.filter(
            terminated_on__gte=filters.terminated, terminated_on__lt=add_months(filters.terminated, 1)
        )
    if filters.reason:
        queryset = queryset.filter(termination_reason=filters.reason)
    # The same definitions as the rollups (services/rollups.py): the first such event of the case.
    if filters.assessed:
        start, end = filters.span(filters.assessed)
        firsts = (
            StageTransition.objects.filter(from_stage=Stage.ASESMEN, case__sentra=centre)
            .values("case_id")
            .annotate(done=Min("at"))
            .filter(done__gte=start, done__lt=end)
            .values("case_id")
        )
        queryset = queryset.filter(pk__in=firsts)
    if filters.planned:
        start, end = filters.span(filters.planned)
        plans = (
            CasePlan.objects.filter(approved_at__isnull=False, case__sentra=centre)
            .values("case_id")
            .annotate(done=Min("approved_at"))
            .filter(done__gte=start, done__lt=end)
            .values("case_id")
        )
        queryset = queryset.filter(pk__in=plans)
    if not (filters.opened or filters.terminated or filters.reason or filters.assessed or filters.planned):
        queryset = queryset.filter(closed_on__isnull=True)
    return queryset.order_by("-opened_on", "-id")


def drill_services(
    *, user: User, centre: Sentra, grant: BreakGlassGrant | None, filters: DrillFilters
) -> QuerySet[ServiceDelivery]:
    cases = _cases(user, centre, grant)
    queryset = ServiceDelivery.objects.filter(case__in=cases, attendance__in=("attended", "partial"))
    if filters.cluster:
        queryset = queryset.filter(case__cluster=filters.cluster)
    if filters.component:
        queryset = queryset.filter(component__number=filters.component)
    if filters.delivered:
        queryset = queryset.filter(
            delivered_on__gte=filters.delivered, delivered_on__lt=add_months(filters.delivered, 1)
        )
    return queryset.select_related("case__beneficiary", "component", "provider").order_by(
        "-delivered_on", "-id"
    )


def log_break_glass_read(*, user: User, grant: BreakGlassGrant | None, what: str) -> None:
    if grant is not None:
        audit.record_access(
            actor=user,
            instance=grant,
            category="break_glass",
            purpose=f"{what}: {grant.reason}",
            sentra_id=grant.sentra_id,
        )
