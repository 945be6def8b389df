"""The national dashboard: every centre side by side, aggregates only, small cells suppressed."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from sentra.core.access import require_role
from sentra.core.models import User
from sentra.insights.models import CentreStatus
from sentra.insights.rules.periods import mean, percent
from sentra.insights.rules.regions import PROVINCE_BY_CODE, PROVINCES, province_name
from sentra.insights.rules.suppression import THRESHOLD, SuppressedTable, suppress_list, suppress_table
from sentra.insights.selectors.dashboards import NATIONAL_DASHBOARD_ROLES, Period, cluster_label
from sentra.insights.selectors.sources import ROLLUPS, Source
from sentra.network.models import Cluster, Sentra, SentraKind

# Indicators the table can be ranked by: key -> (is a count of people, higher is better).
RANKINGS: dict[str, tuple[bool, bool]] = {
    "active": (True, True),
    "intake": (True, True),
    "waiting": (True, False),
    "waiting_days": (False, False),
    "occupancy": (False, True),
    "assessment_days": (False, False),
    "referrals_on_time": (False, True),
    "complaints_on_time": (False, True),
    "ikm": (False, True),
    "equipment": (False, True),
    "caseload": (False, False),
    "outcomes": (False, True),
}
PEOPLE = ("active", "intake", "terminated", "waiting", "residents")


def _module_values(status: CentreStatus | None) -> dict[str, float | int | None]:
    """Other apps' figures: equipment standard met (%), staff mean caseload, reassessed people who
    improved (%, only with at least THRESHOLD people measured)."""
    modules = status.modules if status else {}
    equipment = modules.get("equipment") or {}
    staff = modules.get("staff") or {}
    outcomes = modules.get("outcomes") or {}
    share = equipment.get("standard_met_share")
    measured = int(outcomes.get("measured") or 0)
    return {
        "equipment": round(100 * share) if isinstance(share, int | float) else None,
        "caseload": staff.get("mean_cases"),
        "outcomes": percent(int(outcomes.get("improved") or 0), measured) if measured >= THRESHOLD else None,
    }


def ranking_labels() -> list[tuple[str, str]]:
    labels = {
        "active": _("Open cases"),
        "intake": _("Intake"),
        "waiting": _("Waiting"),
        "waiting_days": _("Mean wait (days)"),
        "occupancy": _("Occupancy"),
        "assessment_days": _("Days to assessment"),
        "referrals_on_time": _("Referrals answered on time"),
        "complaints_on_time": _("Complaints on time"),
        "ikm": "IKM",
        "equipment": _("Equipment standard met"),
        "caseload": _("Cases per worker"),
        "outcomes": _("Reassessed people improved"),
    }
    return [(key, str(labels[key])) for key in RANKINGS]


@dataclass(frozen=True)
class NationalFilters:
    province: str = ""
    cluster: str = ""
    kind: str = ""
    months: int = 12
    rank: str = "active"

    @classmethod
    def parse(cls, data: Any) -> NationalFilters:
        def pick(name: str, allowed: Any) -> str:
            value = str(data.get(name, "") or "")
            return value if value in allowed else ""

        try:
            months = int(data.get("months", 12))
        except (TypeError, ValueError):
            months = 12
        return cls(
            province=pick("province", PROVINCE_BY_CODE),
            cluster=pick("cluster", Cluster.values),
            kind=pick("kind", SentraKind.values),
            months=months if months in (1, 3, 6, 12) else 12,
            rank=pick("rank", RANKINGS) or "active",
        )


@dataclass
class CentreRow:
    centre: Sentra
    province: str
    values: dict[str, float | int | None] = field(default_factory=dict)
    shown: dict[str, int | None] = field(default_factory=dict)  # people counts after suppression


@dataclass
class NationalView:
    filters: NationalFilters
    period: Period
    rows: list[CentreRow]
    totals: dict[str, int | None]
    cluster_table: SuppressedTable
    cluster_columns: list[tuple[str, str]]
    trend: list[tuple[datetime.date, int | None]]
    trend_total: int | None
    province_values: dict[str, int | None]
    refreshed_at: datetime.datetime | None
    threshold: int = THRESHOLD
    province_choices: list[tuple[str, str]] = field(default_factory=list)


def _centres(filters: NationalFilters) -> list[Sentra]:
    queryset = Sentra.objects.filter(is_active=True)
    if filters.province:
        queryset = queryset.filter(
            Q(region__code=filters.province) | Q(region__code__startswith=filters.province + ".")
        )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    centres = list(queryset.order_by("name"))
    if filters.cluster:
        centres = [centre for centre in centres if filters.cluster in centre.clusters]
    return centres


def national_view(
    *, user: User, filters: NationalFilters, today: datetime.date | None = None, source: Source = ROLLUPS
) -> NationalView:
    require_role(user, *NATIONAL_DASHBOARD_ROLES)
    period = Period.ending_now(filters.months, today)
    centres = _centres(filters)
    ids = [centre.pk for centre in centres]
    flows = source.national(ids, period.first, period.last, filters.cluster)
    per_centre: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_centre.update(flows.per_centre)
    per_month = flows.intake_per_month
    complaints: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for month_row in source.centre_months(ids, period.first, period.last):
        complaints[month_row.sentra_id][0] += month_row.complaints_resolved
        complaints[month_row.sentra_id][1] += month_row.complaints_on_time
    statuses = source.statuses(ids)
    clusters = [filters.cluster] if filters.cluster else [value for value, _ in Cluster.choices]
    rows: list[CentreRow] = []
    cluster_counts: list[list[int]] = []
    for centre in centres:
        status = statuses.get(centre.pk)
        figures = per_centre[centre.pk]
        by_cluster = [
            sum((status.stages.get(cluster, {}) if status else {}).values()) for cluster in clusters
        ]
        cluster_counts.append(by_cluster)
        waiting = status.waiting if status else 0
        residents = (
            int(status.residential.get(filters.cluster, 0))
            if status and filters.cluster
            else (status.occupied if status else 0)
        )
        resolved, on_time = complaints[centre.pk]
        ikm_value = status.ikm.get("value") if status and status.ikm else None
        row = CentreRow(centre=centre, province=province_name(centre.province_code))
        row.values = {
            "active": sum(by_cluster),
            "intake": figures["intake"],
            "terminated": figures["terminated"],
            "waiting": waiting,
            "residents": residents,
            # Means and shares over fewer than THRESHOLD people are hidden with their count.
            "waiting_days": mean(status.waiting_days, waiting) if status and waiting >= THRESHOLD else None,
            "occupancy": percent(status.occupied, status.beds)
            if status and status.occupied >= THRESHOLD
            else None,
            "assessment_days": (
                mean(figures["assessment_days"], figures["assessed"])
                if figures["assessed"] >= THRESHOLD
                else None
            ),
            "referrals_on_time": (
                percent(figures["referrals_on_time"], figures["referrals_answered"])
                if figures["referrals_answered"] >= THRESHOLD
                else None
            ),
            "complaints_on_time": percent(on_time, resolved) if resolved >= THRESHOLD else None,
            "ikm": float(ikm_value) if ikm_value else None,
            "ikm_grade": status.ikm.get("grade") if status and status.ikm else None,
            **_module_values(status),
        }
        rows.append(row)
    totals: dict[str, int | None] = {}
    for key in PEOPLE:
        shown, total = suppress_list([int(row.values[key] or 0) for row in rows])
        for row, value in zip(rows, shown, strict=True):
            row.shown[key] = value
        totals[key] = total
    rank_key = filters.rank

    def sort_key(row: CentreRow) -> tuple[int, float, str]:
        value = row.shown.get(rank_key) if rank_key in PEOPLE else row.values.get(rank_key)
        if value is None:
            return (1, 0.0, row.centre.name)  # hidden or no data: last, by name (no order leaks)
        higher_better = RANKINGS[rank_key][1]
        return (0, -float(value) if higher_better else float(value), row.centre.name)

    rows.sort(key=sort_key)
    table = suppress_table(cluster_counts if cluster_counts else [[0] * len(clusters)])
    if not cluster_counts:
        table = SuppressedTable(
            cells=[], row_totals=[], column_totals=table.column_totals, grand_total=table.grand_total
        )
    months = period.month_list()
    trend_values, trend_total = suppress_list([per_month.get(month, 0) for month in months])
    province_raw: dict[str, int] = defaultdict(int)
    for row in rows:
        province_raw[row.centre.province_code] += int(row.values["active"] or 0)
    codes = sorted(province_raw)
    province_shown, _total = suppress_list([province_raw[code] for code in codes])
    refreshed = [status.refreshed_at for status in statuses.values()]
    return NationalView(
        filters=filters,
        period=period,
        rows=rows,
        totals=totals,
        cluster_table=table,
        cluster_columns=[(cluster, cluster_label(cluster)) for cluster in clusters],
        trend=list(zip(months, trend_values, strict=True)),
        trend_total=trend_total,
        province_values=dict(zip(codes, province_shown, strict=True)),
        refreshed_at=min(refreshed) if refreshed else None,
        province_choices=[(p.code, p.name_id) for p in PROVINCES],
    )
