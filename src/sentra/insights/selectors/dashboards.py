"""Dashboard figures, read from the rollup tables only (never the raw case tables).

The centre dashboard shows a centre head's own centre in full; the national dashboard shows every
centre side by side with small cells suppressed (rules.suppression). Both take a period in months
ending with the current month.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from sentra.cases.models import Stage, TerminationReason
from sentra.core.access import require_role
from sentra.core.models import Role, User
from sentra.insights.models import CentreStatus, ClusterMonth
from sentra.insights.rules.periods import add_months, mean, month_start, percent
from sentra.insights.selectors.sources import ROLLUPS, Source
from sentra.network.models import Cluster, Sentra, ServiceComponent

CENTRE_DASHBOARD_ROLES = (Role.CENTRE_HEAD, Role.SYSADMIN)
NATIONAL_DASHBOARD_ROLES = (Role.NATIONAL_ANALYST, Role.SYSADMIN)
PERIODS = (1, 3, 6, 12)


@dataclass(frozen=True)
class Period:
    months: int
    first: datetime.date  # first month start
    last: datetime.date  # current month start

    @classmethod
    def ending_now(cls, months: int, today: datetime.date | None = None) -> Period:
        months = months if months in PERIODS else 12
        last = month_start(today or timezone.localdate())
        return cls(months, add_months(last, -(months - 1)), last)

    def month_list(self) -> list[datetime.date]:
        return [add_months(self.first, index) for index in range(self.months)]


@dataclass
class Flows:
    """Sums of ClusterMonth rows (any set of centres, months and clusters)."""

    intake: int = 0
    terminated: int = 0
    terminations: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    services: int = 0
    services_by_component: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    assessed: int = 0
    assessment_days: int = 0
    plans_approved: int = 0
    plan_days: int = 0
    referrals_received: int = 0
    referrals_answered: int = 0
    referral_hours: int = 0
    referrals_on_time: int = 0

    def add(self, row: ClusterMonth) -> None:
        for name in (
            "intake", "terminated", "services", "assessed", "assessment_days", "plans_approved", "plan_days",
            "referrals_received", "referrals_answered", "referral_hours", "referrals_on_time",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(row, name))
        for key, value in row.terminations.items():
            self.terminations[key] += value
        for key, value in row.services_by_component.items():
            self.services_by_component[key] += value

    @property
    def assessment_mean_days(self) -> float | None:
        return mean(self.assessment_days, self.assessed)

    @property
    def plan_mean_days(self) -> float | None:
        return mean(self.plan_days, self.plans_approved)

    @property
    def referral_mean_hours(self) -> float | None:
        return mean(self.referral_hours, self.referrals_answered)

    @property
    def referrals_on_time_percent(self) -> int | None:
        return percent(self.referrals_on_time, self.referrals_answered)


@dataclass
class Complaints:
    received: int = 0
    resolved: int = 0
    on_time: int = 0

    @property
    def on_time_percent(self) -> int | None:
        return percent(self.on_time, self.resolved)


@dataclass
class CentreFigures:
    centre: Sentra
    period: Period
    status: CentreStatus | None
    flows: Flows
    this_month: Flows
    intake_this_month_by_cluster: dict[str, int]
    complaints: Complaints
    trend: list[tuple[datetime.date, Flows]]
    stage_table: list[tuple[str, str, list[int], int]]  # cluster, label, counts per stage, total
    stage_totals: list[int]

    @property
    def active(self) -> int:
        return sum(self.stage_totals)

    @property
    def waiting_mean_days(self) -> float | None:
        return mean(self.status.waiting_days, self.status.waiting) if self.status else None

    @property
    def occupancy_percent(self) -> int | None:
        return percent(self.status.occupied, self.status.beds) if self.status else None


def stage_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Stage.choices]


def cluster_label(value: str) -> str:
    return str(dict(Cluster.choices).get(value, value or "—"))


def termination_label(value: str) -> str:
    return str(dict(TerminationReason.choices).get(value, value or "—"))


def component_labels() -> dict[str, str]:
    return {str(component.number): component.label for component in ServiceComponent.objects.all()}


def dashboard_centres(user: User) -> QuerySet[Sentra]:
    require_role(user, *CENTRE_DASHBOARD_ROLES)
    return Sentra.objects.visible_to(user).filter(is_active=True).order_by("name")


def dashboard_centre(user: User, pk: str | int | None) -> tuple[Sentra, list[Sentra]]:
    """The centre the dashboard shows (the user's first unless chosen) and the ones they may choose."""
    centres = list(dashboard_centres(user))
    if not centres:
        raise Http404
    if pk in (None, ""):
        return centres[0], centres
    for centre in centres:
        if str(centre.pk) == str(pk):
            return centre, centres
    raise Http404


def _flows(rows: Iterable[ClusterMonth]) -> Flows:
    flows = Flows()
    for row in rows:
        flows.add(row)
    return flows


def _stage_table(status: CentreStatus | None) -> tuple[list[tuple[str, str, list[int], int]], list[int]]:
    stages = [value for value, _ in Stage.choices]
    table = []
    totals = [0] * len(stages)
    for cluster, _label in Cluster.choices:
        counts = [int((status.stages.get(cluster, {}) if status else {}).get(stage, 0)) for stage in stages]
        if any(counts):
            table.append((cluster, cluster_label(cluster), counts, sum(counts)))
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return table, totals


def centre_figures(*, centre: Sentra, period: Period, source: Source = ROLLUPS) -> CentreFigures:
    rows = source.flows([centre.pk], period.first, period.last)
    by_month: dict[datetime.date, list[ClusterMonth]] = defaultdict(list)
    for row in rows:
        by_month[row.month].append(row)
    this_month_rows = by_month.get(period.last, [])
    intake_by_cluster: dict[str, int] = defaultdict(int)
    for row in this_month_rows:
        intake_by_cluster[row.cluster] += row.intake
    complaints = Complaints()
    for month_row in source.centre_months([centre.pk], period.first, period.last):
        complaints.received += month_row.complaints_received
        complaints.resolved += month_row.complaints_resolved
        complaints.on_time += month_row.complaints_on_time
    status = source.statuses([centre.pk]).get(centre.pk)
    table, totals = _stage_table(status)
    return CentreFigures(
        centre=centre,
        period=period,
        status=status,
        flows=_flows(rows),
        this_month=_flows(this_month_rows),
        intake_this_month_by_cluster=dict(intake_by_cluster),
        complaints=complaints,
        trend=[(month, _flows(by_month.get(month, []))) for month in period.month_list()],
        stage_table=table,
        stage_totals=totals,
    )


def module_figure(status: CentreStatus | None, name: str) -> dict[str, Any] | None:
    if status is None:
        return None
    value = status.modules.get(name)
    return value if isinstance(value, dict) else None
