"""Insights endpoints: the centre and national dashboards' indicators, the report inbox and
break-glass. Thin: the same selectors and services as the pages, so the same scoping (a centre
that is not yours answers 404) and the same small-cell suppression for national users.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.access import get_visible_or_404, require_role
from sentra.core.models import Role, User
from sentra.insights.models import BreakGlassGrant, ReportFile
from sentra.insights.rules.suppression import THRESHOLD
from sentra.insights.selectors import dashboards, national
from sentra.insights.services import breakglass, module_reports, reports
from sentra.network.models import Sentra

router = Router(tags=["insights"])

REPORT_ROLES = (Role.CENTRE_HEAD, Role.NATIONAL_ANALYST, Role.SYSADMIN)


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


# --- centre dashboard --------------------------------------------------------------------------------


class CentreDashboardOut(Schema):
    centre_id: int
    centre_code: str
    months: int
    first_month: datetime.date
    last_month: datetime.date
    open_cases: int
    open_cases_by_cluster_and_stage: dict[str, dict[str, int]]
    intake: int
    intake_this_month: int
    terminations: dict[str, int] = Field(description="Termination reason -> cases")
    services_by_component: dict[str, int] = Field(description="ATENSI component number -> sessions")
    assessment_mean_days: float | None
    plan_mean_days: float | None
    referrals_received: int
    referral_mean_hours: float | None
    referrals_on_time_percent: int | None
    waiting: int
    waiting_mean_days: float | None
    waiting_longest_days: int
    occupancy_percent: int | None
    overdue_tasks: int
    complaints_received: int
    complaints_on_time_percent: int | None
    ikm: dict[str, Any] | None
    equipment: dict[str, Any] | None = Field(None, description="From the equipment app; null: no data yet")
    staff: dict[str, Any] | None = Field(None, description="From the workforce app; null: no data yet")
    outcomes: dict[str, Any] | None = Field(None, description="From the assessments app; null: no data yet")
    refreshed_at: datetime.datetime | None


class DashboardQuery(Schema):
    months: int = Field(12, description="1, 3, 6 or 12 months ending with the current month")


@router.get("/insights/centres/{pk}/dashboard", response=CentreDashboardOut)
def centre_dashboard(request: HttpRequest, pk: int, query: Query[DashboardQuery]) -> dict[str, Any]:
    """A centre head's (or administrator's) centre dashboard, read from the rollups."""
    centre, _centres = dashboards.dashboard_centre(_actor(request), pk)
    figures = dashboards.centre_figures(centre=centre, period=dashboards.Period.ending_now(query.months))
    status, flows = figures.status, figures.flows
    stages = [value for value, _label in dashboards.stage_choices()]
    return {
        "centre_id": centre.pk,
        "centre_code": centre.code,
        "months": figures.period.months,
        "first_month": figures.period.first,
        "last_month": figures.period.last,
        "open_cases": figures.active,
        "open_cases_by_cluster_and_stage": {
            cluster: dict(zip(stages, counts, strict=True)) for cluster, _l, counts, _t in figures.stage_table
        },
        "intake": flows.intake,
        "intake_this_month": figures.this_month.intake,
        "terminations": dict(flows.terminations),
        "services_by_component": dict(flows.services_by_component),
        "assessment_mean_days": flows.assessment_mean_days,
        "plan_mean_days": flows.plan_mean_days,
        "referrals_received": flows.referrals_received,
        "referral_mean_hours": flows.referral_mean_hours,
        "referrals_on_time_percent": flows.referrals_on_time_percent,
        "waiting": status.waiting if status else 0,
        "waiting_mean_days": figures.waiting_mean_days,
        "waiting_longest_days": status.waiting_longest if status else 0,
        "occupancy_percent": figures.occupancy_percent,
        "overdue_tasks": status.overdue_tasks if status else 0,
        "complaints_received": figures.complaints.received,
        "complaints_on_time_percent": figures.complaints.on_time_percent,
        "ikm": status.ikm if status and status.ikm else None,
        "equipment": dashboards.module_figure(status, "equipment"),
        "staff": dashboards.module_figure(status, "staff"),
        "outcomes": dashboards.module_figure(status, "outcomes"),
        "refreshed_at": status.refreshed_at if status else None,
    }


# --- national dashboard ------------------------------------------------------------------------------


class NationalRowOut(Schema):
    centre_id: int
    centre_code: str
    centre_name: str
    province: str
    counts: dict[str, int | None] = Field(
        description=f"People counts (active, intake, terminated, waiting, residents); null: fewer than "
        f"{THRESHOLD} people or hidden so a hidden cell cannot be recomputed"
    )
    values: dict[str, float | int | str | None] = Field(
        description=f"Means and shares, null where fewer than {THRESHOLD} people stand behind them"
    )


class NationalOut(Schema):
    months: int
    first_month: datetime.date
    last_month: datetime.date
    threshold: int
    rows: list[NationalRowOut] = Field(description="Ranked by the chosen indicator; hidden values last")
    totals: dict[str, int | None]
    intake_by_month: dict[str, int | None]
    refreshed_at: datetime.datetime | None


class NationalQuery(Schema):
    province: str = Field("", description="Province code (Kemendagri), e.g. 33")
    cluster: str = ""
    kind: str = ""
    months: int = 12
    rank: str = "active"


PEOPLE_KEYS = set(national.PEOPLE)


@router.get("/insights/national", response=NationalOut)
def national_dashboard(request: HttpRequest, query: Query[NationalQuery]) -> dict[str, Any]:
    """Every centre side by side for national users: aggregates only, small cells suppressed."""
    filters = national.NationalFilters.parse(query.dict())
    view = national.national_view(user=_actor(request), filters=filters)
    return {
        "months": view.period.months,
        "first_month": view.period.first,
        "last_month": view.period.last,
        "threshold": view.threshold,
        "rows": [
            {
                "centre_id": row.centre.pk,
                "centre_code": row.centre.code,
                "centre_name": row.centre.name,
                "province": row.province,
                "counts": dict(row.shown),
                "values": {key: value for key, value in row.values.items() if key not in PEOPLE_KEYS},
            }
            for row in view.rows
        ],
        "totals": view.totals,
        "intake_by_month": {f"{month:%Y-%m}": value for month, value in view.trend},
        "refreshed_at": view.refreshed_at,
    }


# --- report inbox ------------------------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    kind: str
    centre_id: int | None = Field(None, alias="sentra_id")
    cluster: str
    period: str
    format: str
    scheduled: bool
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class ReportRequestIn(Schema):
    kind: str = Field(description="One of the report kinds, e.g. centre_monthly or national_quarterly")
    format: str = Field(description="pdf or xlsx")
    centre_id: int | None = Field(None, description="For a centre's report")
    month: str = Field("", description="For the monthly centre report: YYYY-MM")
    quarter: str = Field("", description="For the quarterly national report: YYYY-Qn")
    cluster: str = Field("", description="For the quarterly national report")
    ikm_period: str = Field(
        "", description="For the national IKM report: a survey period, 2026-S1, 2026-S2 or 2026 (the year)"
    )


@router.get("/insights/reports", response=list[ReportOut])
@paginate(PageNumber)
def report_list(request: HttpRequest) -> Any:
    """The user's report inbox, newest first."""
    user = _actor(request)
    require_role(user, *REPORT_ROLES)
    return ReportFile.objects.visible_to(user)


@router.get("/insights/reports/{pk}/file", response={200: None})
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """The report's file (PDF or XLSX); opening it marks it read."""
    user = _actor(request)
    item = get_visible_or_404(ReportFile.objects.all(), user, pk=pk)
    reports.report_open(actor=user, item=item)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


@router.post("/insights/reports", response={201: ReportOut})
def report_request(request: HttpRequest, payload: ReportRequestIn) -> Status[ReportFile]:
    """Make a report now; it replaces the same report already in the inbox."""
    user = _actor(request)
    require_role(user, *REPORT_ROLES)
    item = module_reports.report_request(
        actor=user,
        kind=payload.kind,
        fmt=payload.format,
        centre=_centre_of(user, payload.centre_id),
        month=payload.month,
        quarter=payload.quarter,
        cluster=payload.cluster,
        ikm_period=payload.ikm_period,
        language=get_language() or "id",
    )
    return Status(201, item)


def _centre_of(user: User, pk: int | None) -> Sentra | None:
    if pk is None:
        return None
    centre = Sentra.objects.visible_to(user).filter(pk=pk).first()
    if centre is None:
        raise ValidationError({"centre_id": _("Centre: choose one of your centres.")})
    return centre


# --- break-glass -------------------------------------------------------------------------------------


class GrantOut(Schema):
    id: int
    centre_id: int = Field(alias="sentra_id")
    reason: str
    granted_at: datetime.datetime
    expires_at: datetime.datetime
    revoked_at: datetime.datetime | None


class GrantIn(Schema):
    centre_id: int
    reason: str = Field(
        description=f"Why personal records are needed, at least {breakglass.MIN_REASON} characters"
    )
    hours: int = Field(description=f"1 to {breakglass.MAX_HOURS}")


@router.get("/insights/break-glass", response=list[GrantOut])
@paginate(PageNumber)
def grant_list(request: HttpRequest) -> Any:
    """Break-glass grants: a national analyst's own, a centre head's on their centres."""
    user = _actor(request)
    require_role(user, Role.NATIONAL_ANALYST, Role.CENTRE_HEAD, Role.SYSADMIN)
    return BreakGlassGrant.objects.visible_to(user)


@router.post("/insights/break-glass", response={201: GrantOut})
def grant_create(request: HttpRequest, payload: GrantIn) -> Status[BreakGlassGrant]:
    """Open time-limited, audited access to one centre's personal records (national analysts)."""
    user = _actor(request)
    require_role(user, Role.NATIONAL_ANALYST)
    centre = Sentra.objects.filter(pk=payload.centre_id, is_active=True).first()
    if centre is None:
        raise ValidationError({"centre_id": _("Centre: choose the centre whose records you need.")})
    return Status(
        201, breakglass.grant_create(actor=user, sentra=centre, reason=payload.reason, hours=payload.hours)
    )


@router.post("/insights/break-glass/{pk}/end", response=GrantOut)
def grant_end(request: HttpRequest, pk: int) -> BreakGlassGrant:
    """End a grant early (its holder or the head of its centre)."""
    user = _actor(request)
    require_role(user, Role.NATIONAL_ANALYST, Role.CENTRE_HEAD, Role.SYSADMIN)
    grant = get_visible_or_404(BreakGlassGrant.objects.all(), user, pk=pk)
    return breakglass.grant_end(actor=user, grant=grant)
