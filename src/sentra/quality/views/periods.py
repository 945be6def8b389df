"""Staff pages of the satisfaction survey: periods, progress, entry, codes, report, export, actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.http import AuthenticatedHttpRequest
from sentra.network.models import Sentra
from sentra.network.selectors import centre_get
from sentra.quality import exports, reports, services
from sentra.quality.forms import ActionForm, CodeBatchForm, PeriodForm, StaffEntryForm, clean_errors
from sentra.quality.models import PERIOD_MANAGER_ROLES, PeriodStatus, SurveyPeriod
from sentra.quality.selectors import report
from sentra.quality.selectors import survey as selectors
from sentra.quality.services._common import is_member
from sentra.quality.views.common import page_of, qr_svg

__all__ = [
    "action_create",
    "action_edit",
    "action_list",
    "centre_poster",
    "period_codes",
    "period_codes_print",
    "period_create",
    "period_detail",
    "period_edit",
    "period_entry",
    "period_export",
    "period_list",
    "period_population",
    "period_publish",
    "period_report",
    "period_report_pdf",
    "period_status",
    "period_unpublish",
]


# The raw questionnaires (who served, suggestions): not for national analysts, who read aggregates.
EXPORT_ROLES = frozenset({"centre_head", "intake", "sysadmin"})


def _manages(user: Any, period: SurveyPeriod) -> bool:
    return user.role == "sysadmin" or (
        user.role in PERIOD_MANAGER_ROLES and is_member(user, period.sentra_id)
    )


def _is_head_of(user: Any, period: SurveyPeriod) -> bool:
    return user.role == "centre_head" and is_member(user, period.sentra_id)


@login_required
@require_GET
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = page_of(request, selectors.period_list(user=user))
    rows = [
        (period, selectors.period_progress(period=period, respondents=period.respondents)) for period in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "can_create": selectors.centres_for_new_period(user=user).exists(),
        "actions": selectors.open_actions(user=user)[:10],
    }
    return render(request, "quality/period_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    centres = selectors.centres_for_new_period(user=user)
    if not centres.exists():
        raise PermissionDenied
    form = PeriodForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(
                actor=user, sentra=form.cleaned_data["sentra"], data=form.to_input()
            )
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The survey period is created as a draft."))
            return redirect("quality:period_detail", pk=period.pk)
    return render(request, "quality/period_form.html", {"form": form, "period": None})


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    if not _manages(request.user, period):
        raise PermissionDenied
    form = PeriodForm(request.POST or None, period=period, initial=PeriodForm.initial_from(period))
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, data=form.to_input())
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The survey period is saved."))
            return redirect("quality:period_detail", pk=period.pk)
    return render(request, "quality/period_form.html", {"form": form, "period": period})


@login_required
@require_GET
def period_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    result = selectors.period_ikm(period=period)
    context = {
        "period": period,
        "result": result,
        "progress": selectors.period_progress(period=period, respondents=result.respondents),
        "manages": _manages(user, period),
        "is_head": _is_head_of(user, period),
        "may_enter": user.role == "sysadmin"
        or (user.role in services.ENTRY_ROLES and is_member(user, period.sentra_id)),
        "survey_url": request.build_absolute_uri(reverse("quality:survey_form", args=[period.sentra.code])),
        "statuses": PeriodStatus,
    }
    return render(request, "quality/period_detail.html", context)


@login_required
@require_POST
def period_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    try:
        services.period_set_status(actor=request.user, period=period, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The status is now: {status}.").format(status=period.get_status_display())
        )
    return redirect("quality:period_detail", pk=period.pk)


@login_required
@require_POST
def period_population(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    try:
        services.period_count_population(actor=request.user, period=period)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The population served is counted from the registry."))
    return redirect("quality:period_detail", pk=period.pk)


@login_required
@require_http_methods(["GET", "POST"])
def period_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Type in a paper questionnaire, or fill one in with a respondent (marked as assisted)."""
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    if not (
        user.role == "sysadmin" or (user.role in services.ENTRY_ROLES and is_member(user, period.sentra_id))
    ):
        raise PermissionDenied
    staff = services.staff_of(period.sentra_id)
    form = StaffEntryForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_enter(
                actor=user,
                period=period,
                data=form.to_input(),
                channel=form.cleaned_data["channel"],
                code=form.cleaned_data["code"],
                paper_number=form.cleaned_data["paper_number"],
            )
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The questionnaire is counted. You can enter the next one."))
            return redirect("quality:period_entry", pk=period.pk)
    return render(request, "quality/period_entry.html", {"period": period, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def period_codes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    if not _manages(user, period):
        raise PermissionDenied
    form = CodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.codes_generate(actor=user, period=period, count=form.cleaned_data["count"])
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("{count} codes are ready to print.").format(count=len(codes)))
            return redirect(
                reverse("quality:period_codes_print", args=[period.pk]) + f"?batch={codes[0].batch}"
            )
    batches: dict[int, dict[str, int]] = {}
    for code in selectors.code_list(user=user, period=period):
        entry = batches.setdefault(code.batch, {"total": 0, "used": 0})
        entry["total"] += 1
        entry["used"] += int(code.used_at is not None)
    context = {"period": period, "form": form, "batches": sorted(batches.items())}
    return render(request, "quality/period_codes.html", context)


@login_required
@require_GET
def period_codes_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable sheet of slips: each with its QR code (link + code) and the code in large letters."""
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    if not _manages(user, period):
        raise PermissionDenied
    codes = selectors.code_list(user=user, period=period).filter(used_at__isnull=True)
    batch = request.GET.get("batch", "")
    if batch.isdigit():
        codes = codes.filter(batch=int(batch))
    base = request.build_absolute_uri(reverse("quality:survey_form", args=[period.sentra.code]))
    slips = [{"code": code.code, "qr": qr_svg(f"{base}?kode={code.code}", scale=3)} for code in codes[:500]]
    return render(
        request, "quality/period_codes_print.html", {"period": period, "slips": slips, "base": base}
    )


@login_required
@require_GET
def centre_poster(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable poster with the centre's survey link and QR code."""
    sentra: Sentra = centre_get(user=request.user, pk=pk)
    url = request.build_absolute_uri(reverse("quality:survey_form", args=[sentra.code]))
    complaint_url = request.build_absolute_uri(reverse("quality:complaint_form", args=[sentra.code]))
    context = {
        "sentra": sentra,
        "url": url,
        "qr": qr_svg(url, scale=8, title=_("Survey QR code")),
        "complaint_url": complaint_url,
    }
    return render(request, "quality/centre_poster.html", context)


def _report_context(request: AuthenticatedHttpRequest, period: SurveyPeriod) -> dict[str, Any]:
    user = request.user
    return {
        **report.period_report_data(user=user, period=period, language=request.LANGUAGE_CODE),
        "LANGUAGE_CODE": request.LANGUAGE_CODE,
        "is_head": _is_head_of(user, period),
        "may_export": user.role in EXPORT_ROLES,
    }


@login_required
@require_GET
def period_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Respondents and profile, NRR per element, IKM and grade, weakest elements, history, suggestions."""
    period = selectors.period_get(user=request.user, pk=pk)
    return render(request, "quality/period_report.html", _report_context(request, period))


@login_required
@require_GET
def period_report_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same report as a PDF in the customary structure, for filing and printing."""
    period = selectors.period_get(user=request.user, pk=pk)
    response = HttpResponse(reports.period_report_pdf(_report_context(request, period)), reports.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{reports.period_report_filename(period)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def period_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    responses = selectors.response_list(user=user, period=period)
    if user.role not in EXPORT_ROLES:
        raise PermissionDenied
    content = exports.responses_workbook(
        period=period, responses=responses.iterator(), result=selectors.period_ikm(period=period)
    )
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    filename = f"skm-{period.sentra.code}-{period.year}-{period.kind}{period.half or ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def period_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    try:
        services.period_publish(actor=request.user, period=period)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result is published on the centre's public page."))
    return redirect("quality:period_report", pk=period.pk)


@login_required
@require_POST
def period_unpublish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, pk=pk)
    services.period_unpublish(actor=request.user, period=period)
    messages.success(request, _("The result is no longer public."))
    return redirect("quality:period_report", pk=period.pk)


@login_required
@require_GET
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions = selectors.open_actions(user=request.user)
    return render(request, "quality/action_list.html", {"page": page_of(request, actions)})


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    period = selectors.period_get(user=user, pk=pk)
    if not (_is_head_of(user, period) or user.role == "sysadmin"):
        raise PermissionDenied
    initial = {"element": request.GET.get("element", "")}
    form = ActionForm(request.POST or None, staff=services.staff_of(period.sentra_id), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(actor=user, period=period, data=form.to_input())
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The improvement action is planned."))
            return redirect("quality:period_report", pk=period.pk)
    return render(request, "quality/action_form.html", {"form": form, "period": period, "action": None})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = selectors.action_get(user=user, pk=pk)
    if not services.may_update(user, action):
        raise PermissionDenied
    form = ActionForm(
        request.POST or None,
        staff=services.staff_of(action.period.sentra_id),
        initial=ActionForm.initial_from(action),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(actor=user, action=action, data=form.to_input())
        except PermissionDenied:
            form.add_error(None, _("You may report progress on this action, not change what, who or when."))
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The improvement action is saved."))
            return redirect("quality:period_report", pk=action.period_id)
    return render(
        request, "quality/action_form.html", {"form": form, "period": action.period, "action": action}
    )
