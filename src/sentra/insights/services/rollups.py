"""Refresh of the rollup tables the dashboards read.

Monthly flows (``ClusterMonth``, ``CentreMonth``) are incremental: each source with a change
timestamp (cases' ``updated_at``, plans' ``approved_at``, deliveries' ``recorded_at``, referrals'
``sent_at``/``responded_at``, complaints' ``received_at``/``resolved_at``) is read from its watermark
(less an overlap, for transactions still open at the last run), the (centre, month) cells those rows
touch are recomputed whole from the raw tables, and the watermark moves on. Recomputing a whole cell
makes a run idempotent: running it twice, or overlapping, gives the same rows. A change no timestamp
records (a deleted delivery, a case moved to another centre) is caught by the nightly ``full`` run.

Current stocks (``CentreStatus``: open cases by stage, residents, beds, waiting list, tasks, the
published IKM) depend on today's date as much as on writes, so every run recomputes them for every
centre with a few grouped queries over indexed, bounded sets (open cases, open tasks, current stays).
"""

from __future__ import annotations

import datetime
import importlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sentra.cases.models import (
    Attendance,
    Case,
    CasePlan,
    Referral,
    ResidentialStay,
    Room,
    ServiceDelivery,
    Stage,
    StageTransition,
    StayStatus,
    Task,
    TaskStatus,
    WaitingListEntry,
)
from sentra.insights.models import CentreMonth, CentreStatus, ClusterMonth, Watermark
from sentra.insights.rules.periods import add_months, month_start
from sentra.network.models import Sentra
from sentra.quality.models import Complaint, SurveyPeriod

logger = logging.getLogger(__name__)
OVERLAP = datetime.timedelta(minutes=10)
MODULES_EVERY = datetime.timedelta(hours=1)
DELIVERED = (Attendance.ATTENDED, Attendance.PARTIAL)
Cell = tuple[int, datetime.date]  # (centre id, month start)


@dataclass
class RefreshResult:
    full: bool
    months: int
    cells: int
    cluster_rows: int
    centre_rows: int
    centres: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _watermarks() -> dict[str, datetime.datetime]:
    return {mark.name: mark.value for mark in Watermark.objects.all()}


def _changed_cells(since: datetime.datetime) -> set[Cell]:
    """The (centre, month) cells that rows changed after ``since`` fall into."""
    cells: set[Cell] = set()
    for sentra_id, opened_on, terminated_on in Case.objects.filter(updated_at__gt=since).values_list(
        "sentra_id", "opened_on", "terminated_on"
    ):
        cells.add((sentra_id, month_start(opened_on)))
        if terminated_on:
            cells.add((sentra_id, month_start(terminated_on)))
    for sentra_id, at in StageTransition.objects.filter(
        case__updated_at__gt=since, from_stage=Stage.ASESMEN
    ).values_list("case__sentra_id", "at"):
        cells.add((sentra_id, month_start(_local_date(at))))
    for sentra_id, approved_at in CasePlan.objects.filter(approved_at__gt=since).values_list(
        "case__sentra_id", "approved_at"
    ):
        if approved_at is not None:
            cells.add((sentra_id, month_start(_local_date(approved_at))))
    for sentra_id, delivered_on in (
        ServiceDelivery.objects.filter(recorded_at__gt=since)
        .values_list("case__sentra_id", "delivered_on")
        .distinct()
    ):
        cells.add((sentra_id, month_start(delivered_on)))
    for sentra_id, sent_at in Referral.objects.filter(
        Q(sent_at__gt=since) | Q(responded_at__gt=since), to_sentra__isnull=False
    ).values_list("to_sentra_id", "sent_at"):
        cells.add((sentra_id, month_start(_local_date(sent_at))))
    for sentra_id, received_at in Complaint.objects.filter(
        Q(received_at__gt=since) | Q(resolved_at__gt=since) | Q(first_response_at__gt=since)
    ).values_list("sentra_id", "received_at"):
        cells.add((sentra_id, month_start(_local_date(received_at))))
    return cells


def _all_cells() -> set[Cell]:
    cells: set[Cell] = set()
    first = [
        Case.objects.aggregate(first=Min("opened_on"))["first"],
        ServiceDelivery.objects.aggregate(first=Min("delivered_on"))["first"],
    ]
    complaint = Complaint.objects.aggregate(first=Min("received_at"))["first"]
    if complaint:
        first.append(_local_date(complaint))
    starts = [day for day in first if day]
    if not starts:
        return cells
    today = timezone.localdate()
    month, stop = month_start(min(starts)), month_start(today)
    centre_ids = list(Sentra.objects.values_list("pk", flat=True))
    while month <= stop:
        cells.update((sentra_id, month) for sentra_id in centre_ids)
        month = add_months(month, 1)
    return cells


def _blank(sentra_id: int, month: datetime.date, cluster: str) -> ClusterMonth:
    return ClusterMonth(
        sentra_id=sentra_id, month=month, cluster=cluster, terminations={}, services_by_component={}
    )


def cluster_rows(first: datetime.date, last: datetime.date, centre_ids: list[int]) -> list[ClusterMonth]:
    """Every flow of the months ``first``..``last`` (month starts) for the given centres: one grouped
    pass over each source table for the whole span, grouped by month in the database."""
    end = add_months(last, 1)
    rows: dict[tuple[int, datetime.date, str], ClusterMonth] = {}

    def row(sentra_id: int, month: datetime.date, cluster: str) -> ClusterMonth:
        key = (sentra_id, month, cluster)
        if key not in rows:
            rows[key] = _blank(sentra_id, month, cluster)
        return rows[key]

    cases = Case.objects.filter(sentra_id__in=centre_ids)
    for item in (
        cases.filter(opened_on__gte=first, opened_on__lt=end)
        .annotate(month=TruncMonth("opened_on"))
        .values("sentra_id", "month", "cluster")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row(item["sentra_id"], item["month"], item["cluster"]).intake = item["n"]
    for item in (
        cases.filter(terminated_on__gte=first, terminated_on__lt=end)
        .annotate(month=TruncMonth("terminated_on"))
        .values("sentra_id", "month", "cluster", "termination_reason")
        .annotate(n=Count("id"))
        .order_by()
    ):
        target = row(item["sentra_id"], item["month"], item["cluster"])
        target.terminated += item["n"]
        target.terminations[item["termination_reason"]] = item["n"]
    for item in (
        ServiceDelivery.objects.filter(
            case__sentra_id__in=centre_ids,
            delivered_on__gte=first,
            delivered_on__lt=end,
            attendance__in=DELIVERED,
        )
        .annotate(month=TruncMonth("delivered_on"))
        .values("case__sentra_id", "month", "case__cluster", "component__number")
        .annotate(n=Count("id"))
        .order_by()
    ):
        target = row(item["case__sentra_id"], item["month"], item["case__cluster"])
        target.services += item["n"]
        target.services_by_component[str(item["component__number"])] = item["n"]
    start_at, end_at = _span_bounds(first, end)
    for item in (
        StageTransition.objects.filter(case__sentra_id__in=centre_ids, from_stage=Stage.ASESMEN)
        .values("case_id", "case__sentra_id", "case__cluster", "case__opened_on")
        .annotate(done=Min("at"))
        .filter(done__gte=start_at, done__lt=end_at)
        .order_by()
    ):
        done = _local_date(item["done"])
        target = row(item["case__sentra_id"], month_start(done), item["case__cluster"])
        target.assessed += 1
        target.assessment_days += max(0, (done - item["case__opened_on"]).days)
    for item in (
        CasePlan.objects.filter(case__sentra_id__in=centre_ids, approved_at__isnull=False)
        .values("case_id", "case__sentra_id", "case__cluster", "case__opened_on")
        .annotate(done=Min("approved_at"))
        .filter(done__gte=start_at, done__lt=end_at)
        .order_by()
    ):
        done = _local_date(item["done"])
        target = row(item["case__sentra_id"], month_start(done), item["case__cluster"])
        target.plans_approved += 1
        target.plan_days += max(0, (done - item["case__opened_on"]).days)
    for sentra_id, cluster, sent_at, responded_at, due_on in Referral.objects.filter(
        to_sentra_id__in=centre_ids, sent_at__gte=start_at, sent_at__lt=end_at
    ).values_list("to_sentra_id", "case__cluster", "sent_at", "responded_at", "response_due_on"):
        target = row(sentra_id, month_start(_local_date(sent_at)), cluster)
        target.referrals_received += 1
        if responded_at is not None:
            target.referrals_answered += 1
            target.referral_hours += max(0, round((responded_at - sent_at).total_seconds() / 3600))
            if _local_date(responded_at) <= due_on:
                target.referrals_on_time += 1
    return list(rows.values())


def _span_bounds(first: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware datetimes of the first day and of the day after the span, in the current time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=zone),
    )


def centre_rows(first: datetime.date, last: datetime.date, centre_ids: list[int]) -> list[CentreMonth]:
    start_at, end_at = _span_bounds(first, add_months(last, 1))
    rows: dict[tuple[int, datetime.date], CentreMonth] = {}
    for sentra_id, received_at, resolved_at, resolve_by in Complaint.objects.filter(
        sentra_id__in=centre_ids, received_at__gte=start_at, received_at__lt=end_at
    ).values_list("sentra_id", "received_at", "resolved_at", "resolve_by"):
        month = month_start(_local_date(received_at))
        target = rows.setdefault((sentra_id, month), CentreMonth(sentra_id=sentra_id, month=month))
        target.complaints_received += 1
        if resolved_at is not None:
            target.complaints_resolved += 1
            if _local_date(resolved_at) <= resolve_by:
                target.complaints_on_time += 1
    return list(rows.values())


def _recompute(cells: set[Cell]) -> tuple[int, int, int]:
    """Recompute the given cells: one pass over the span of their months for the union of their
    centres (a superset), then only the cells asked for are replaced."""
    if not cells:
        return 0, 0, 0
    months = sorted({month for _sentra_id, month in cells})
    centre_ids = sorted({sentra_id for sentra_id, _month in cells})
    flows = [
        row for row in cluster_rows(months[0], months[-1], centre_ids) if (row.sentra_id, row.month) in cells
    ]
    complaints = [
        row for row in centre_rows(months[0], months[-1], centre_ids) if (row.sentra_id, row.month) in cells
    ]
    by_month: dict[datetime.date, list[int]] = defaultdict(list)
    for sentra_id, month in cells:
        by_month[month].append(sentra_id)
    with transaction.atomic():
        for month, ids in by_month.items():
            ClusterMonth.objects.filter(month=month, sentra_id__in=ids).delete()
            CentreMonth.objects.filter(month=month, sentra_id__in=ids).delete()
        ClusterMonth.objects.bulk_create(flows, batch_size=1000)
        CentreMonth.objects.bulk_create(complaints, batch_size=1000)
    return len(months), len(flows), len(complaints)


def _nested(rows: Iterable[dict[str, Any]], *keys: str) -> dict[int, dict[str, Any]]:
    result: dict[int, dict[str, Any]] = defaultdict(dict)
    for item in rows:
        node = result[item["sentra_id"]]
        for key in keys[:-1]:
            node = node.setdefault(item[key] or "", {})
        node[item[keys[-1]] or ""] = item["n"]
    return result


def _contract(module: str) -> Any | None:
    """Another app's selectors module, when that app exists in this deployment."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _equipment(selectors: Any, sentra_id: int) -> dict[str, Any] | None:
    readiness = selectors.equipment_readiness(sentra_id)
    if readiness is None:
        return None
    return {
        "standard_met_share": readiness.standard_met_share,
        "good_condition_share": readiness.good_condition_share,
        "unmet_device_needs": readiness.unmet_device_needs,
        "device_needs_total": readiness.device_needs_total,
        "items_held": readiness.items_held,
    }


def _staff(selectors: Any, sentra_id: int) -> dict[str, Any] | None:
    loads = selectors.centre_caseload(sentra_id)
    if not loads:
        return None
    report = selectors.gap_report(sentra_id)
    cases = [item.load.cases for item in loads]
    return {
        "staff": len(loads),
        "mean_cases": round(sum(cases) / len(cases), 1),
        "overloaded": sum(1 for item in loads if item.load.status == "overloaded"),
        "shortfall": sum(gap.shortfall for gap in report.profession_gaps),
        "expiring": len(report.expiring),
    }


def _outcomes(selectors: Any, sentra_id: int) -> dict[str, Any] | None:
    """People with two or more scored results of an instrument, and how many of them improved."""
    measured = improved = 0
    for instrument in sorted(selectors.assessment_counts([sentra_id]).get(sentra_id, {})):
        result = selectors.improvement([sentra_id], instrument)
        measured += result.persons
        improved += result.improved
    return {"measured": measured, "improved": improved} if measured else None


MODULES: tuple[tuple[str, str, Any], ...] = (
    ("equipment", "sentra.equipment.selectors", _equipment),
    ("staff", "sentra.workforce.selectors", _staff),
    ("outcomes", "sentra.assessments.selectors", _outcomes),
)


def module_figures(sentra_id: int) -> dict[str, Any]:
    """Figures other apps publish through their contracts (/tmp/contracts at the time of writing):
    equipment readiness, staff caseloads and gaps, outcomes of reassessment. A failing or missing app
    leaves its figure out ("no data yet") instead of stopping the refresh."""
    figures: dict[str, Any] = {}
    for name, module, read in MODULES:
        selectors = _contract(module)
        if selectors is None:
            continue
        try:
            value = read(selectors, sentra_id)
        except Exception:  # another app's fault must not stop every dashboard
            logger.exception("insights: the %s figures of centre %s could not be read", name, sentra_id)
            continue
        if value is not None:
            figures[name] = value
    return figures


def compute_status(centre_ids: list[int], *, today: datetime.date | None = None) -> dict[int, dict[str, Any]]:
    """The current stocks of the given centres, straight from the raw tables (no write)."""
    today = today or timezone.localdate()
    cases = Case.objects.open().filter(sentra_id__in=centre_ids)
    stages = _nested(
        cases.values("sentra_id", "cluster", "stage").annotate(n=Count("id")).order_by(), "cluster", "stage"
    )
    residents = _nested(
        ResidentialStay.objects.filter(
            sentra_id__in=centre_ids, status__in=[StayStatus.IN_RESIDENCE, StayStatus.ON_LEAVE]
        )
        .values("sentra_id", cluster=F("case__cluster"))
        .annotate(n=Count("id"))
        .order_by(),
        "cluster",
    )
    beds = {
        item["sentra_id"]: item["n"] or 0
        for item in Room.objects.filter(sentra_id__in=centre_ids, is_active=True)
        .values("sentra_id")
        .annotate(n=Sum("beds"))
        .order_by()
    }
    waiting_entries = WaitingListEntry.objects.filter(sentra_id__in=centre_ids, removed_on__isnull=True)
    waiting: dict[int, dict[str, int]] = defaultdict(lambda: {"n": 0, "days": 0, "longest": 0})
    waiting_clusters = _nested(
        waiting_entries.values("sentra_id", cluster=F("case__cluster")).annotate(n=Count("id")).order_by(),
        "cluster",
    )
    for item in waiting_entries.values("sentra_id", "added_on").annotate(n=Count("id")).order_by():
        days = max(0, (today - item["added_on"]).days)
        entry = waiting[item["sentra_id"]]
        entry["n"] += item["n"]
        entry["days"] += days * item["n"]
        entry["longest"] = max(entry["longest"], days)
    tasks = {
        item["sentra_id"]: item
        for item in Task.objects.filter(sentra_id__in=centre_ids, status=TaskStatus.OPEN)
        .values("sentra_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
        .order_by()
    }
    ikm: dict[int, dict[str, Any]] = {}
    published = SurveyPeriod.objects.filter(sentra_id__in=centre_ids, published_at__isnull=False)
    for period in published.order_by("sentra_id", "-starts_on"):
        if period.sentra_id in ikm or not period.published_result:
            continue
        result = period.published_result
        ikm[period.sentra_id] = {
            "value": result.get("ikm"),
            "grade": result.get("grade"),
            "respondents": result.get("respondents"),
            "period": period.label,
            "period_id": period.pk,
            "published_at": period.published_at.isoformat() if period.published_at else None,
        }
    return {
        sentra_id: {
            "stages": stages.get(sentra_id, {}),
            "residential": residents.get(sentra_id, {}),
            "beds": beds.get(sentra_id, 0),
            "occupied": sum(residents.get(sentra_id, {}).values()),
            "waiting": waiting[sentra_id]["n"],
            "waiting_days": waiting[sentra_id]["days"],
            "waiting_longest": waiting[sentra_id]["longest"],
            "waiting_by_cluster": waiting_clusters.get(sentra_id, {}),
            "open_tasks": tasks.get(sentra_id, {}).get("open", 0),
            "overdue_tasks": tasks.get(sentra_id, {}).get("overdue", 0),
            "ikm": ikm.get(sentra_id, {}),
        }
        for sentra_id in centre_ids
    }


def refresh_status(*, today: datetime.date | None = None, modules: bool = True) -> int:
    """Recompute every active centre's current stocks; returns how many centres. Other apps' figures
    (``modules``) cost more and change slowly: they are refreshed when asked, or when older than
    ``MODULES_EVERY``."""
    centre_ids = list(Sentra.objects.filter(is_active=True).values_list("pk", flat=True))
    figures = compute_status(centre_ids, today=today)
    now = timezone.now()
    kept = dict(CentreStatus.objects.filter(sentra_id__in=centre_ids).values_list("sentra_id", "modules"))
    with transaction.atomic():
        CentreStatus.objects.exclude(sentra_id__in=centre_ids).delete()
        for sentra_id in centre_ids:
            previous = kept.get(sentra_id) or {}
            stale = previous.get("at", "") < (now - MODULES_EVERY).isoformat()
            figures_of_modules = (
                {**module_figures(sentra_id), "at": now.isoformat()} if modules or stale else previous
            )
            CentreStatus.objects.update_or_create(
                sentra_id=sentra_id,
                defaults={**figures[sentra_id], "refreshed_at": now, "modules": figures_of_modules},
            )
    return len(centre_ids)


def refresh_rollups(*, full: bool = False) -> RefreshResult:
    """Bring the rollups up to date; ``full`` recomputes every month from the first record."""
    started = timezone.now()
    marks = _watermarks()
    if full or "flows" not in marks:
        cells = _all_cells()
        with transaction.atomic():
            ClusterMonth.objects.all().delete()
            CentreMonth.objects.all().delete()
        full = True
    else:
        cells = _changed_cells(marks["flows"] - OVERLAP)
    months, cluster_rows, centre_rows = _recompute(cells)
    centres = refresh_status(modules=full)
    Watermark.objects.update_or_create(name="flows", defaults={"value": started})
    return RefreshResult(
        full=full,
        months=months,
        cells=len(cells),
        cluster_rows=cluster_rows,
        centre_rows=centre_rows,
        centres=centres,
    )
