"""The report inbox: generated reports waiting for their owner, and reports made on demand."""

from __future__ import annotations

import datetime

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
from sentra.insights.models import ReportFile, ReportFormat
from sentra.insights.rules.periods import add_months, previous_quarter
from sentra.insights.selectors.dashboards import dashboard_centres
from sentra.insights.services import reports
from sentra.network.models import Cluster

REPORT_ROLES = (Role.CENTRE_HEAD, Role.NATIONAL_ANALYST, Role.SYSADMIN)


def _month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a month, no time of day
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def report_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_role(request.user, *REPORT_ROLES)
    user = request.user
    errors: dict[str, list[str]] = {}
    language = get_language() or "id"
    if request.method == "POST":
        fmt = request.POST.get("format", "")
        try:
            if request.POST.get("kind") == "centre_monthly":
                centre = (
                    dashboard_centres(user).filter(pk=request.POST.get("centre") or 0).first()
                    if (request.POST.get("centre") or "").isdigit()
                    else None
                )
                month = _month(request.POST.get("month", ""))
                if centre is None or month is None:
                    raise ValidationError(
                        {"month": _("Centre and month: choose one of your centres and a month.")}
                    )
                reports.centre_report_create(
                    actor=user, sentra=centre, month=month, fmt=fmt, language=language
                )
            else:
                try:
                    year, quarter = (int(part) for part in request.POST.get("quarter", "").split("-Q"))
                except ValueError:
                    raise ValidationError({"quarter": _("Quarter: write it as 2026-Q3.")}) from None
                reports.national_report_create(
                    actor=user,
                    year=year,
                    quarter=quarter,
                    cluster=request.POST.get("cluster", ""),
                    fmt=fmt,
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
        "clusters": Cluster.choices,
        "formats": ReportFormat.choices,
    }
    return render(request, "insights/report_inbox.html", context, status=400 if errors else 200)


@login_required
@require_GET
def report_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    item = get_visible_or_404(ReportFile.objects.all(), request.user, pk=pk)
    reports.report_open(actor=request.user, item=item)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
