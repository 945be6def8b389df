"""Dashboards (centre and national), the lists behind their figures, break-glass."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.access import get_visible_or_404, require_role
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.insights.models import BreakGlassGrant
from sentra.insights.rules import charts
from sentra.insights.rules.periods import percent
from sentra.insights.rules.suppression import display
from sentra.insights.selectors import dashboards, drill, maps, national
from sentra.insights.services import breakglass, exports
from sentra.network.models import Cluster, Sentra, SentraKind


def _stage_rows(
    figures: dashboards.CentreFigures,
) -> list[tuple[str, str, list[tuple[str, charts.HeatCell]], int]]:
    stages = [value for value, _label in dashboards.stage_choices()]
    heat = charts.heat([counts for _c, _l, counts, _t in figures.stage_table])
    return [
        (cluster, label, list(zip(stages, cells, strict=True)), total)
        for (cluster, label, _counts, total), cells in zip(figures.stage_table, heat, strict=True)
    ]


@login_required
@require_GET
def centre_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    centre, centres = dashboards.dashboard_centre(request.user, request.GET.get("centre"))
    try:
        months = int(request.GET.get("months", 12))
    except ValueError:
        months = 12
    period = dashboards.Period.ending_now(months)
    figures = dashboards.centre_figures(centre=centre, period=period)
    components = dashboards.component_labels()
    service_items = sorted(figures.flows.services_by_component.items(), key=lambda item: int(item[0]))
    service_bars, service_height = charts.bars(
        [(components.get(key, key), value) for key, value in service_items]
    )
    termination_items = sorted(figures.flows.terminations.items())
    termination_bars, termination_height = charts.bars(
        [(dashboards.termination_label(key), value) for key, value in termination_items]
    )
    trend = charts.line([(f"{month:%m/%y}", flows.intake) for month, flows in figures.trend])
    outcomes = dashboards.module_figure(figures.status, "outcomes")
    context = {
        "centre": centre,
        "centres": centres,
        "figures": figures,
        "period": period,
        "periods": dashboards.PERIODS,
        "stages": dashboards.stage_choices(),
        "stage_rows": _stage_rows(figures),
        "service_items": [(key, components.get(key, key), value) for key, value in service_items],
        "service_bars": service_bars,
        "service_height": service_height,
        "termination_items": [
            (key, dashboards.termination_label(key), value) for key, value in termination_items
        ],
        "termination_bars": termination_bars,
        "termination_height": termination_height,
        "trend": trend,
        "this_month": f"{period.last:%Y-%m}",
        "equipment": dashboards.module_figure(figures.status, "equipment"),
        "staff": dashboards.module_figure(figures.status, "staff"),
        "outcomes": outcomes,
        "outcomes_percent": percent(outcomes["improved"], outcomes["measured"]) if outcomes else None,
    }
    return render(request, "insights/centre_dashboard.html", context)


@login_required
@require_GET
def national_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = national.NationalFilters.parse(request.GET)
    view = national.national_view(user=request.user, filters=filters)
    markers = [
        maps.marker(
            float(row.centre.latitude),
            float(row.centre.longitude),
            row.centre.name,
            "",
            display(row.shown.get("active")),
        )
        for row in view.rows
    ]
    trend = charts.line([(f"{month:%m/%y}", value) for month, value in view.trend])
    context = {
        "view": view,
        "filters": filters,
        "shapes": maps.shaded(view.province_values),
        "box": maps.BOX,
        "markers": markers,
        "trend": trend,
        "cluster_rows": list(
            zip(view.rows, view.cluster_table.cells, view.cluster_table.row_totals, strict=False)
        ),
        "clusters": Cluster.choices,
        "kinds": SentraKind.choices,
        "periods": dashboards.PERIODS,
        "rankings": national.ranking_labels(),
        "grants": BreakGlassGrant.objects.visible_to(request.user).active().select_related("sentra"),
    }
    return render(request, "insights/national_dashboard.html", context)


@login_required
@require_GET
def case_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    centre, grant = drill.drill_centre(request.user, pk)
    filters = drill.DrillFilters.parse(request.GET.dict())
    queryset = drill.drill_cases(user=request.user, centre=centre, grant=grant, filters=filters)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    drill.log_break_glass_read(user=request.user, grant=grant, what="case list")
    context = {
        "centre": centre,
        "grant": grant,
        "filters": filters,
        "page": page,
        "count": page.paginator.count,
        "query": request.GET.urlencode(),
        "cluster_label": dashboards.cluster_label(filters.cluster) if filters.cluster else "",
        "stage_label": dict(dashboards.stage_choices()).get(filters.stage, ""),
        "reason_label": dashboards.termination_label(filters.reason) if filters.reason else "",
    }
    return render(request, "insights/case_list.html", context)


@login_required
@require_GET
def service_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    centre, grant = drill.drill_centre(request.user, pk)
    filters = drill.DrillFilters.parse(request.GET.dict())
    queryset = drill.drill_services(user=request.user, centre=centre, grant=grant, filters=filters)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    drill.log_break_glass_read(user=request.user, grant=grant, what="service list")
    context = {
        "centre": centre,
        "grant": grant,
        "filters": filters,
        "page": page,
        "count": page.paginator.count,
    }
    return render(request, "insights/service_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, Role.NATIONAL_ANALYST)
    errors: dict[str, list[str]] = {}
    centres = Sentra.objects.filter(is_active=True).order_by("name")
    if request.method == "POST":
        centre = (
            centres.filter(pk=request.POST.get("centre") or 0).first()
            if (request.POST.get("centre") or "").isdigit()
            else None
        )
        try:
            hours = int(request.POST.get("hours", "0"))
        except ValueError:
            hours = 0
        if centre is None:
            errors["centre"] = [_("Centre: choose the centre whose records you need.")]
        else:
            try:
                grant = breakglass.grant_create(
                    actor=request.user, sentra=centre, reason=request.POST.get("reason", ""), hours=hours
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(
                    request, _("Break-glass access opened until {time}.").format(time=grant.expires_at)
                )
                return redirect("insights:case_list", pk=centre.pk)
    grants = BreakGlassGrant.objects.visible_to(request.user).select_related("sentra")[:20]
    status = 400 if errors else 200
    context = {
        "centres": centres,
        "errors": errors,
        "grants": grants,
        "data": request.POST,
        "max_hours": breakglass.MAX_HOURS,
    }
    return render(request, "insights/break_glass.html", context, status=status)


@login_required
@require_POST
def break_glass_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if request.user.role not in (Role.NATIONAL_ANALYST, Role.CENTRE_HEAD, Role.SYSADMIN):
        raise Http404
    grant = get_visible_or_404(BreakGlassGrant.objects.all(), request.user, pk=pk)
    breakglass.grant_end(actor=request.user, grant=grant)
    messages.success(request, _("Break-glass access ended."))
    return redirect("insights:break_glass" if request.user.role == Role.NATIONAL_ANALYST else "insights:home")


@login_required
@require_GET
def case_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    centre, grant = drill.drill_centre(request.user, pk)
    filters = drill.DrillFilters.parse(request.GET.dict())
    queryset = drill.drill_cases(user=request.user, centre=centre, grant=grant, filters=filters)
    content = exports.export_cases(
        user=request.user,
        centre=centre,
        cases=queryset,
        grant=grant,
        fmt=fmt,
        filters=request.GET.urlencode()[:100],
    )
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="cases-{centre.code}.{fmt}"'
    return response
