"""The plan editor (goals and planned services), plan versions and approval by the centre head."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.cases import forms, selectors, services
from sentra.cases.models import CasePlan, PlanStatus
from sentra.cases.views.common import is_htmx
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role


def _initial(plan: CasePlan | None) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    if plan is None:
        return {}, [], []
    goals = [
        {"description": g.description, "indicator": g.indicator, "target_date": g.target_date}
        for g in plan.goals.all()
    ]
    planned = [
        {
            "component": s.component.code,
            "subtype": s.subtype.code if s.subtype else "",
            "description": s.description,
            "responsible": s.responsible_id,
            "times": s.times,
            "frequency": s.frequency,
        }
        for s in plan.services.all()
    ]
    return {"summary": plan.summary, "revision_reason": plan.revision_reason}, goals, planned


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write the draft (the first plan or a revision of the approved one)."""
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).manage:
        raise PermissionDenied
    draft = selectors.draft_plan(case)
    approved = selectors.approved_plan(case)
    head, goal_rows, service_rows = _initial(draft or approved)
    if draft is None and approved is not None:
        head["revision_reason"] = ""
    staff = selectors.staff_of(case.sentra_id, Role.PROFESSIONAL, Role.CASE_MANAGER, Role.CENTRE_HEAD)
    data = request.POST if request.method == "POST" else None
    plan_form = forms.PlanForm(data, initial=head)
    goals = forms.GoalFormSet(data, initial=goal_rows, prefix="goals")
    planned = forms.PlannedServiceFormSet(
        data, initial=service_rows, prefix="services", form_kwargs={"staff": staff}
    )
    status = 200
    if request.method == "POST":
        if plan_form.is_valid() and goals.is_valid() and planned.is_valid():
            goal_list = forms.rows_of(goals)
            service_list = forms.rows_of(planned)
            try:
                saved = services.plan_save(
                    actor=request.user,
                    case=case,
                    goals=[form.to_input() for _index, form in goal_list],
                    services=[form.to_input() for _index, form in service_list],
                    summary=plan_form.cleaned_data["summary"],
                    revision_reason=plan_form.cleaned_data["revision_reason"],
                )
            except ValidationError as exc:
                forms.put_errors(plan_form, _without_rows(exc))
                forms.put_row_errors(goals, goal_list, "goals", exc)
                forms.put_row_errors(planned, service_list, "services", exc)
            else:
                messages.success(
                    request,
                    _("Plan version {version} is saved as a draft for approval.").format(
                        version=saved.version
                    ),
                )
                return redirect("cases:case_detail", pk=case.pk)
        status = 422
    context = {
        "case": case,
        "plan_form": plan_form,
        "goals": goals,
        "planned": planned,
        "draft": draft,
        "approved": approved,
        "version": draft.version if draft else (approved.version + 1 if approved else 1),
    }
    return render(request, "cases/plan_edit.html", context, status=status)


def _without_rows(exc: ValidationError) -> ValidationError:
    """The plan-level part of a service error (row errors go to their rows)."""
    if not hasattr(exc, "error_dict"):
        return exc
    kept = {key: value for key, value in exc.message_dict.items() if key.count(".") != 2}
    return ValidationError(kept) if kept else ValidationError({})


@login_required
@require_GET
def plan_detail(request: AuthenticatedHttpRequest, pk: int, version: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    plan = selectors.plan_get(user=request.user, case=case, version=version)
    context = {
        "case": case,
        "plan": plan,
        "versions": selectors.plan_versions(case),
        "can_approve": plan.status == PlanStatus.DRAFT
        and selectors.permissions(request.user, case).approve
        and plan.created_by_id != request.user.pk,
    }
    return render(request, "cases/plan_detail.html", context)


@login_required
@require_POST
def plan_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(CasePlan.objects.visible_to(request.user).select_related("case"), pk=pk)
    try:
        services.plan_approve(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:plan_detail", pk=plan.case_id, version=plan.version)
    messages.success(request, _("Plan version {version} is approved.").format(version=plan.version))
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"/cases/{plan.case_id}/"
        return response
    return redirect("cases:case_detail", pk=plan.case_id)
