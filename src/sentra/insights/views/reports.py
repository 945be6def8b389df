"""The report inbox: generated reports waiting for their owner, and reports made on demand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.core.access import get_visible_or_404, require_role
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.insights.models import ReportFile, ReportFormat, ReportKind
from sentra.insights.rules.periods import add_months, previous_quarter
from sentra.insights.selectors.dashboards import dashboard_centres
from sentra.insights.services import module_reports, reports
from sentra.network.models import Cluster, Sentra

REPORT_ROLES = (Role.CENTRE_HEAD, Role.NATIONAL_ANALYST, Role.SYSADMIN)


@login_required
@require_http_methods(["GET", "POST"])
def report_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, *REPORT_ROLES)
    user = request.user
    errors: dict[str, list[str]] = {}
    language = get_language() or "id"
    if request.method == "POST":
        centre_id = request.POST.get("centre") or ""
        try:
            centre = (
                Sentra.objects.visible_to(user).filter(pk=centre_id, is_active=True).first()
                if centre_id.isdigit() and user.role != Role.NATIONAL_ANALYST
                else None
            )
            module_reports.report_request(
                actor=user,
                kind=request.POST.get("kind", ""),
                fmt=request.POST.get("format", ""),
                centre=centre,
                month=request.POST.get("month", ""),
                quarter=request.POST.get("quarter", ""),
                cluster=request.POST.get("cluster", ""),
                ikm_period=request.POST.get("ikm_period", ""),
                language=language,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("The report is ready in your inbox."))
            return redirect("insights:report_inbox")
    today = timezone.localdate()
    last_month = add_months(today.replace(day=1), -1)
    year, quarter = previous_quarter(today)
    is_centre = user.role in (Role.CENTRE_HEAD, Role.SYSADMIN)
    context = {
        "items": ReportFile.objects.visible_to(user).select_related("sentra")[:100],
        "errors": errors,
        "centres": dashboard_centres(user) if is_centre else [],
        "is_centre": is_centre,
        "is_national": user.role in (Role.NATIONAL_ANALYST, Role.SYSADMIN),
        "default_month": f"{last_month:%Y-%m}",
        "default_quarter": f"{year}-Q{quarter}",
        "default_ikm_period": module_reports.SurveyPeriodChoice.last_ended(today).code,
        "clusters": Cluster.choices,
        "formats": ReportFormat.choices,
        "module_kinds": [
            (ReportKind.STAFF_TRAINING, ReportKind.STAFF_TRAINING.label),
            (ReportKind.EQUIPMENT_PLAN, ReportKind.EQUIPMENT_PLAN.label),
            (ReportKind.IKM, ReportKind.IKM.label),
        ],
    }
    return render(request, "insights/report_inbox.html", context, status=400 if errors else 200)


@login_required
@require_GET
def report_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    item = get_visible_or_404(ReportFile.objects.all(), request.user, pk=pk)
    reports.report_open(actor=request.user, item=item)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
