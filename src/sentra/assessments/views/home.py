"""The assessments home: open urgent alerts, reassessments due, and finding a person to assess."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.assessments import exports as export_specs
from sentra.assessments import selectors, services
from sentra.assessments.models import Alert
from sentra.assessments.rules import text_in
from sentra.assessments.views.records import READER_ROLES
from sentra.beneficiaries.selectors import SearchFilters, beneficiary_search
from sentra.core import exports
from sentra.core.access import get_visible_or_404
from sentra.core.http import AuthenticatedHttpRequest

SEARCH_SHOWN = 20


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    if user.role not in READER_ROLES:
        raise Http404
    due = selectors.reassessments_due(user)
    if (fmt := exports.requested_format(request)) is not None:
        return exports.export_list(request, user=user, spec=export_specs.REASSESSMENTS_DUE, rows=due, fmt=fmt)
    language = request.LANGUAGE_CODE
    alerts = [
        {"alert": alert, "title": text_in(alert.title, language) if alert.title else alert.need.rule_id}
        for alert in selectors.open_alerts(user)
    ]
    query = request.GET.get("q", "").strip()
    found = []
    if query:
        result = beneficiary_search(user=user, filters=SearchFilters(q=query))
        found = list(result.items[:SEARCH_SHOWN])
    return render(
        request,
        "assessments/home.html",
        {
            "alerts": alerts,
            "due": due,
            "query": query,
            "found": found,
        },
    )


@login_required
@require_POST
def alert_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    alert = get_visible_or_404(Alert.objects.all(), user, pk=pk)
    if not services.may_acknowledge(user, alert):
        raise PermissionDenied
    services.alert_acknowledge(actor=user, alert=alert)
    messages.success(request, _("The alert was marked as seen."))
    return HttpResponseRedirect(reverse("assessments:home"))
