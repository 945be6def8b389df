"""The case rules page: N, M, after-care months, referral deadline, stage wording; per centre or national."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sentra.cases import forms, services
from sentra.cases.models import Stage
from sentra.cases.services._common import rules_for
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra


def _scope(request: AuthenticatedHttpRequest) -> tuple[Sentra | None, list[Sentra]]:
    """Which rule set: ``?centre=<id>`` or the national defaults (administrators only)."""
    user = request.user
    if user.role == Role.SYSADMIN:
        centres = list(Sentra.objects.filter(is_active=True).order_by("name"))
    elif user.role == Role.CENTRE_HEAD:
        centres = list(Sentra.objects.filter(pk__in=centre_ids_of(user)).order_by("name"))
    else:
        raise PermissionDenied
    wanted = request.GET.get("centre", "")
    if not wanted:
        if user.role == Role.SYSADMIN:
            return None, centres
        if not centres:
            raise PermissionDenied
        return centres[0], centres
    for centre in centres:
        if str(centre.pk) == wanted:
            return centre, centres
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def case_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    sentra, centres = _scope(request)
    current = rules_for(sentra.pk if sentra else None)
    labels = {value: str(label) for value, label in Stage.choices}
    initial: dict[str, Any] = {
        "initial_assessment_days": current.initial_assessment_days,
        "plan_review_days": current.plan_review_days,
        "aftercare_months": ", ".join(str(m) for m in current.aftercare_months or []),
        "referral_response_days": current.referral_response_days,
    }
    for stage, words in (current.stage_labels or {}).items():
        for language, text in words.items():
            initial[f"label_{language}_{stage}"] = text
    form = forms.CaseRulesForm(
        request.POST if request.method == "POST" else None, initial=initial, stage_labels=labels
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_rules_save(
                    actor=request.user,
                    sentra=sentra,
                    initial_assessment_days=form.cleaned_data["initial_assessment_days"],
                    plan_review_days=form.cleaned_data["plan_review_days"],
                    aftercare_months=form.cleaned_data["aftercare_months"],
                    referral_response_days=form.cleaned_data["referral_response_days"],
                    stage_labels=form.stage_labels(),
                )
            except ValidationError as exc:
                forms.put_errors(form, exc)
            else:
                messages.success(request, _("The case rules are saved."))
                target = reverse("cases:case_rules")
                return redirect(f"{target}?centre={sentra.pk}" if sentra else target)
        status = 422
    context = {
        "form": form,
        "sentra": sentra,
        "centres": centres,
        "from_national": sentra is not None and current.sentra_id is None,
        "is_sysadmin": request.user.role == Role.SYSADMIN,
    }
    return render(request, "cases/case_rules.html", context, status=status)
