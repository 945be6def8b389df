"""Pages of the readiness scorecard: a centre's scorecard and plan, the self-assessment, the comparison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.querysets import centre_ids_of, sees_all_centres
from sentra.network.models import Sentra
from sentra.quality.forms import clean_errors
from sentra.quality.forms_readiness import PlanActionForm, SelfAssessmentForm
from sentra.quality.models import Aspect
from sentra.quality.rules import readiness as rules
from sentra.quality.selectors import readiness as selectors
from sentra.quality.services import readiness as services
from sentra.quality.services.responses import staff_of

__all__ = [
    "readiness_action_create",
    "readiness_action_edit",
    "readiness_detail",
    "readiness_home",
    "readiness_national",
    "readiness_record",
    "readiness_self_assessment",
]

# What each part measures and where it comes from, shown beside its figure ("the method").
PART_TEXT: dict[str, tuple[Any, Any]] = {
    "standard_met": (
        gettext_lazy("Equipment standard met"),
        gettext_lazy(
            "Units held against the units the equipment standards require for the services the "
            "centre offers, scaled by its caseload (equipment app)."
        ),
    ),
    "good_condition": (
        gettext_lazy("Items in good condition"),
        gettext_lazy("Items in condition 'good' among the items held, written-off items left out."),
    ),
    "device_needs_met": (
        gettext_lazy("Assistive-device needs met"),
        gettext_lazy("Assistive-device needs from assessments that are not waiting for a device."),
    ),
    "profession_need_met": (
        gettext_lazy("Professions against need"),
        gettext_lazy(
            "Staff on post per profession against the staff the beneficiaries' needs call for "
            "(workforce gap analysis)."
        ),
    ),
    "competency_need_met": (
        gettext_lazy("Competencies against need"),
        gettext_lazy("Staff at the required competency level against the staff the needs call for."),
    ),
    "credentials_valid": (
        gettext_lazy("Credentials valid"),
        gettext_lazy("Staff whose competency certificate and STR are in force, among those who hold one."),
    ),
    "training_completed": (
        gettext_lazy("Training completed"),
        gettext_lazy("Active staff who completed a training in the last 12 months (training app)."),
    ),
    "survey_conduct": (
        gettext_lazy("Conduct as clients report it"),
        gettext_lazy(
            "Average answer to the survey element on staff conduct in the period, x 25 as in the IKM."
        ),
    ),
    "survey_competence": (
        gettext_lazy("Competence as clients report it"),
        gettext_lazy("Average answer to the survey element on staff competence in the period, x 25."),
    ),
    "conduct_complaints": (
        gettext_lazy("Conduct complaints handled in time"),
        gettext_lazy(
            "Complaints about staff conduct received in the period and resolved by their "
            "deadline, among those resolved or past it."
        ),
    ),
    "timeliness": (
        gettext_lazy("Timely responses to beneficiaries"),
        gettext_lazy(
            "Case tasks due in the period done by their due date, and referrals received answered by theirs."
        ),
    ),
    "self_assessment": (
        gettext_lazy("Staff self-assessment"),
        gettext_lazy(
            "Average of the staff's answers on service orientation, x 25; shown from "
            "{min} responses so that no one's answers can be told apart."
        ),
    ),
}


def _parts(card: rules.Scorecard) -> list[dict[str, Any]]:
    rows = []
    for aspect in card.aspects:
        rows.append(
            {
                "aspect": aspect,
                "label": Aspect(aspect.aspect).label,
                "parts": [
                    {
                        "part": part,
                        "label": PART_TEXT[part.key][0],
                        "method": str(PART_TEXT[part.key][1]).format(min=rules.SELF_ASSESSMENT_MIN_RESPONSES),
                    }
                    for part in aspect.parts
                ],
            }
        )
    return rows


def _equipment_link(sentra: Sentra) -> str:
    try:
        return reverse("equipment:gap_centre", kwargs={"pk": sentra.pk})
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def readiness_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """National roles go to the comparison; centre staff to their (first) centre's scorecard."""
    user = request.user
    if sees_all_centres(user) or user.role == "sysadmin":
        return redirect("quality:readiness_national")
    centre = Sentra.objects.filter(pk__in=centre_ids_of(user)).order_by("name").first()
    if centre is None:
        raise Http404
    return redirect("quality:readiness_detail", pk=centre.pk)


@login_required
@require_GET
def readiness_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = selectors.readiness_centre_get(user=user, pk=pk)
    current = selectors.current_scorecard(sentra=sentra)
    period = selectors.current_period(sentra=sentra)
    actions = list(selectors.plan_of(sentra=sentra))
    history = selectors.centre_history(sentra=sentra)
    context = {
        "sentra": sentra,
        "current": current,
        "rows": _parts(current.card),
        "period": period,
        "history": history,
        "actions": actions,
        "summary": selectors.plan_summary(actions),
        "aspects": Aspect,
        "may_plan": services.may_plan(user, sentra.pk),
        "may_self_assess": services.may_self_assess(user, sentra.pk)
        and not services.has_answered(user=user, period=period),
        "equipment_link": _equipment_link(sentra),
        "min_responses": rules.SELF_ASSESSMENT_MIN_RESPONSES,
    }
    return render(request, "quality/readiness_detail.html", context)


@login_required
@require_POST
def readiness_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record this semester's scorecard (the centre head), so that later periods compare with it."""
    user = request.user
    sentra = selectors.readiness_centre_get(user=user, pk=pk)
    period = services.readiness_period_open(actor=user, sentra=sentra)
    services.readiness_record(actor=user, period=period)
    messages.success(request, _("The scorecard of {period} is recorded.").format(period=period.label))
    return redirect("quality:readiness_detail", pk=sentra.pk)


@login_required
@require_http_methods(["GET", "POST"])
def readiness_self_assessment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = selectors.readiness_centre_get(user=user, pk=pk)
    if not services.may_self_assess(user, sentra.pk):
        raise PermissionDenied
    form = SelfAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_submit(actor=user, sentra=sentra, answers=form.answers())
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your answers count only in the centre's average."))
            return redirect("quality:readiness_detail", pk=sentra.pk)
    period = selectors.current_period(sentra=sentra)
    context = {"sentra": sentra, "form": form, "answered": services.has_answered(user=user, period=period)}
    return render(request, "quality/readiness_self_assessment.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def readiness_action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = selectors.readiness_centre_get(user=user, pk=pk)
    if not services.may_plan(user, sentra.pk):
        raise PermissionDenied
    initial = {"aspect": request.GET.get("aspect", "")}
    form = PlanActionForm(request.POST or None, staff=staff_of(sentra.pk), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_action_create(actor=user, sentra=sentra, data=form.to_input())
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The action is added to the improvement plan."))
            return redirect("quality:readiness_detail", pk=sentra.pk)
    context = {"sentra": sentra, "form": form, "action": None}
    return render(request, "quality/readiness_action_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def readiness_action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = selectors.action_get(user=user, pk=pk)
    if not services.may_report_progress(user, action):
        raise PermissionDenied
    form = PlanActionForm(
        request.POST or None, staff=staff_of(action.sentra_id), initial=PlanActionForm.initial_from(action)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_action_update(actor=user, action=action, data=form.to_input())
        except PermissionDenied:
            form.add_error(
                None, _("You may report progress on this action, not change what, who, when or how much.")
            )
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("quality:readiness_detail", pk=action.sentra_id)
    context = {"sentra": action.sentra, "form": form, "action": action}
    return render(request, "quality/readiness_action_form.html", context)


@login_required
@require_GET
def readiness_national(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Centres side by side on their latest recorded scorecard, with the change since the one before."""
    rows = selectors.national_comparison(user=request.user)
    return render(
        request, "quality/readiness_national.html", {"rows": rows, "aspects": rules.ASPECTS, "labels": Aspect}
    )
