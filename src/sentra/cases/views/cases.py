"""Case pages: my cases, open a case, the case page, stage moves, closing, assignment, care team."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.beneficiaries.permissions import may_open_assessments
from sentra.beneficiaries.services.subject_requests import processing_restricted
from sentra.cases import exports as export_specs
from sentra.cases import forms, selectors, services
from sentra.cases.models import CareTeamMember, Stage
from sentra.cases.views.common import (
    attempt,
    bad_request_status,
    case_form_flow,
    form_page,
    is_htmx,
    page_of,
    require_casework,
)
from sentra.core import exports
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role


@login_required
@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    require_casework(request)
    user = request.user
    labels = selectors.stage_labels()
    query = request.GET.copy()
    query.pop("export", None)  # an export link carries the page's own filters and nothing else
    data = query if query else None
    form = forms.CaseFilterForm(data, stage_labels=labels, initial={"mine": user.role == Role.CASE_MANAGER})
    filters = selectors.CaseFilters(mine=user.role == Role.CASE_MANAGER)
    if data is not None and form.is_valid():
        filters = selectors.CaseFilters(**form.cleaned_data)
    cases = selectors.case_list(user=user, filters=filters)
    if (fmt := exports.requested_format(request)) is not None:
        return exports.export_list(request, user=user, spec=export_specs.CASES, rows=cases, fmt=fmt)
    context = {
        "form": form,
        "page": page_of(request, cases),
        "stage_labels": labels,
        "can_open": selectors.centres_for_casework(user).exists(),
        "overdue": selectors.overdue_count(user),
    }
    template = "cases/_case_rows.html" if is_htmx(request) else "cases/case_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def case_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    centres = selectors.centres_for_casework(user)
    if not centres.exists():
        raise PermissionDenied
    centre = centres.first()
    assert centre is not None
    query = request.GET.get("q", "")
    beneficiaries = selectors.beneficiaries_for_new_case(user=user, q=query)
    initial: dict[str, object] = {
        "sentra": centre,
        "case_manager": user if user.role == Role.CASE_MANAGER else None,
    }
    if "beneficiary" in request.GET:
        initial["beneficiary"] = request.GET["beneficiary"]
    form = forms.CaseOpenForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        beneficiaries=beneficiaries
        if request.method == "GET"
        else selectors.beneficiaries_for_new_case(user=user),
        centres=centres,
        case_managers=selectors.case_managers_of_centres(centres),
    )
    if request.method == "POST":
        case = attempt(form, lambda data: services.case_open(actor=user, **data))
        if case is not None:
            messages.success(request, _("Case {number} is opened.").format(number=case.case_number))
            return redirect("cases:case_detail", pk=case.pk)
    return form_page(
        request,
        form=form,
        title=_("Open a case"),
        submit=_("Open the case"),
        cancel_url=reverse("cases:case_list"),
        intro=_("Choose a registered person. Register them first if they are not in the registry yet."),
        extra={"beneficiary_search": query, "beneficiary_count": beneficiaries.count()},
        status=bad_request_status(request, form),
    )


@login_required
@require_GET
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    services.case_read(actor=request.user, case=case, purpose="case page")
    page = selectors.case_page(user=request.user, case=case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "p": page,
            "stage_labels": selectors.stage_labels(case.sentra_id),
            "can_open_assessments": may_open_assessments(request.user),
            "restricted": processing_restricted(case.beneficiary),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).manage:
        raise PermissionDenied
    next_stages = selectors.next_stages(case)
    initial = {"to_stage": request.GET.get("to", next_stages[0][0] if next_stages else "")}
    form = forms.TransitionForm(
        request.POST if request.method == "POST" else None, next_stages=next_stages, initial=initial
    )
    if case.stage != Stage.ASESMEN:
        del form.fields["assessment_summary"]
    if Stage.TERMINASI not in dict(next_stages):
        del form.fields["termination_reason"]
    if request.method == "POST":
        moved = attempt(form, lambda data: services.case_transition(actor=request.user, case=case, **data))
        if moved is not None:
            messages.success(
                request, _("The case moved to {stage}.").format(stage=dict(next_stages)[moved.to_stage])
            )
            return redirect("cases:case_detail", pk=case.pk)
    labels = selectors.stage_labels(case.sentra_id)
    return form_page(
        request,
        form=form,
        title=_("Change stage"),
        submit=_("Move the case"),
        cancel_url=reverse("cases:case_detail", args=[case.pk]),
        intro=_("Now: {stage}.").format(stage=labels[case.stage]),
        case=case,
        status=bad_request_status(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).manage:
        raise PermissionDenied
    form = forms.CloseForm(request.POST if request.method == "POST" else None)
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.case_close(actor=request.user, case=case, note=data["note"]),
        done=_("The case is closed."),
        title=_("Close the case"),
        submit=_("Close the case"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).approve:
        raise PermissionDenied
    form = forms.AssignForm(
        request.POST if request.method == "POST" else None,
        case_managers=selectors.case_managers_of(case.sentra_id),
    )
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.case_assign(actor=request.user, case=case, **data),
        done=_("The case has a new case manager."),
        title=_("Change the case manager"),
        submit=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).manage:
        raise PermissionDenied
    staff = selectors.staff_of(case.sentra_id, Role.PROFESSIONAL, Role.CASE_MANAGER, Role.CENTRE_HEAD)
    form = forms.TeamForm(request.POST if request.method == "POST" else None, staff=staff)
    return case_form_flow(
        request,
        case,
        form,
        lambda data: services.team_add(actor=request.user, case=case, **data),
        done=lambda member: _("{name} joined the care team.").format(name=member.user),
        title=_("Add to the care team"),
        submit=_("Add"),
    )


@login_required
@require_POST
def team_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CareTeamMember.objects.visible_to(request.user).select_related("case"), pk=pk)
    try:
        services.team_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from the care team."))
    return redirect("cases:case_detail", pk=member.case_id)
