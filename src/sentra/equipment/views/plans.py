"""Gap and budget pages per centre and nationally, with their XLSX exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sentra.core.http import AuthenticatedHttpRequest
from sentra.equipment import exports
from sentra.equipment.selectors import inventory as inventory_selectors
from sentra.equipment.selectors import plans
from sentra.equipment.selectors.plans import NATIONAL_PLAN_ROLES

TOP_CENTRES = 50
TOP_LINES = 100


@login_required
@require_GET
def gap_centre(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    gap = plans.centre_gap(user=request.user, pk=pk)
    context = {
        "gap": gap,
        "sentra": gap.centre,
        "kinds": exports.kind_labels(),
        "method": exports.method_lines(gap.plan_year),
    }
    return render(request, "equipment/gap_centre.html", context)


@login_required
@require_GET
def gap_centre_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    centre = inventory_selectors.centre_get(user=request.user, pk=pk)
    plan = plans.compute_national_plan(today=timezone.localdate(), centre_ids=[centre.pk])
    content = exports.plan_workbook(
        plan,
        title=_("{centre}: equipment budget proposal {year}").format(centre=centre.name, year=plan.plan_year),
    )
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="equipment-budget-{centre.code}-{plan.plan_year}.xlsx"'
    )
    return response


@login_required
@require_GET
def gap_national(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.role not in NATIONAL_PLAN_ROLES:
        raise PermissionDenied
    plan = plans.national_plan(user=request.user)
    context = {
        "plan": plan,
        "top_centres": plan.by_centre[:TOP_CENTRES],
        "top_lines": [
            {
                "line": line,
                "centre": plan.centres[line.centre_id],
                "item_type": plan.item_types[line.item_type_id],
            }
            for line in plan.lines[:TOP_LINES]
        ],
        "kinds": exports.kind_labels(),
        "method": exports.method_lines(plan.plan_year),
        "centre_count": len(plan.by_centre),
    }
    return render(request, "equipment/gap_national.html", context)


@login_required
@require_GET
def gap_national_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.role not in NATIONAL_PLAN_ROLES:
        raise PermissionDenied
    plan = plans.national_plan(user=request.user)
    content = exports.plan_workbook(
        plan, title=_("National equipment budget proposal {year}").format(year=plan.plan_year)
    )
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="equipment-budget-national-{plan.plan_year}.xlsx"'
    )
    return response
