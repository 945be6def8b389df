"""Deciding on a recommended service, and the centre's aggregate needs (counts only, no person)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.assessments import selectors, services
from sentra.assessments.models import Need, Urgency
from sentra.assessments.views.display import component_label, device_label, profession_label
from sentra.core.access import get_visible_or_404
from sentra.core.http import AuthenticatedHttpRequest
from sentra.network.models import Sentra

AGGREGATE_ROLES = frozenset({"case_manager", "professional", "centre_head", "national_analyst", "sysadmin"})


def _back(request: AuthenticatedHttpRequest, need: Need) -> HttpResponseRedirect:
    target = str(request.POST.get("next", ""))
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("assessments:person", args=[need.beneficiary_id]))


@login_required
@require_POST
def need_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    need = get_visible_or_404(Need.objects.all(), user, pk=pk)
    if not services.may_decide(user, need):
        raise PermissionDenied
    decision = request.POST.get("decision")
    reason = str(request.POST.get("reason", ""))
    try:
        if decision == "accept":
            services.need_accept_into_plan(actor=user, need=need, reason=reason)
            messages.success(request, _("The recommendation was accepted."))
        elif decision == "reject":
            services.need_reject(actor=user, need=need, reason=reason)
            messages.success(request, _("The recommendation was rejected."))
        else:
            messages.error(request, _("Choose accept or reject."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(request, need)


def _centres_for(request: AuthenticatedHttpRequest) -> tuple[list[Sentra], list[int]]:
    """The centres the reader may count (all for national roles), and the chosen ones."""
    centres = selectors.reader_centres(request.user)
    allowed = [centre.pk for centre in centres]
    chosen = request.GET.get("centre", "")
    if chosen.isdigit() and int(chosen) in allowed:
        return centres, [int(chosen)]
    return centres, allowed


def _table(counts: dict[Any, int], label: Any) -> list[dict[str, Any]]:
    return sorted(
        ({"code": code, "label": label(code), "count": count} for code, count in counts.items()),
        key=lambda row: (-row["count"], str(row["label"])),
    )


def _summed(per_centre: dict[int, dict[Any, int]]) -> dict[Any, int]:
    total: dict[Any, int] = {}
    for counts in per_centre.values():
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return total


@login_required
@require_GET
def centre_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How many persons need each service, profession and device: the base of the gap analyses."""
    if request.user.role not in AGGREGATE_ROLES:
        raise PermissionDenied
    language = request.LANGUAGE_CODE
    centres, chosen = _centres_for(request)
    urgency_total: dict[str, int] = {}
    for counts in selectors.urgency_counts(chosen).values():
        for code, value in counts.items():
            urgency_total[code] = urgency_total.get(code, 0) + value
    return render(
        request,
        "assessments/centre_needs.html",
        {
            "centres": centres,
            "chosen": chosen[0] if len(chosen) == 1 else None,
            "services": _table(
                _summed(selectors.service_demand(chosen)),
                lambda key: component_label(key[0], key[1] or None, language),
            ),
            "professions": _table(_summed(selectors.profession_demand(chosen)), profession_label),
            "devices": _table(_summed(selectors.device_demand(chosen)), device_label),
            "urgencies": [
                {"code": code, "label": label, "count": urgency_total.get(code, 0)}
                for code, label in reversed(Urgency.choices)
            ],
        },
    )
