"""Overseas-study pages: the call, applying, the ranking, the decision and the follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.access import get_visible_or_404
from sentra.core.http import AuthenticatedHttpRequest
from sentra.network.models import Cluster, Sentra
from sentra.training import selectors, services
from sentra.training.forms import ApplyForm, NominateForm, ObligationForm, ProgrammeForm
from sentra.training.models import TRAINING_RUNNERS, Application, Obligation, ProgrammeStatus
from sentra.training.services._common import manages
from sentra.training.services.overseas import may_see_ranking
from sentra.training.views._common import form_service_errors, run_service
from sentra.workforce import selectors as workforce_selectors
from sentra.workforce.models import StaffMember

COMPONENT_LABELS = {
    "relevance": gettext_lazy("Relevance to your centre's gap"),
    "competency": gettext_lazy("Competency level"),
    "performance": gettext_lazy("Performance (training completed, last two years)"),
    "tenure": gettext_lazy("Tenure"),
    "language": gettext_lazy("Language"),
}
EXPLANATIONS = {
    "merit": gettext_lazy("Chosen on merit within the quotas."),
    "quota_minimum": gettext_lazy("Chosen to meet a minimum quota: %(group)s."),
    "quota_maximum": gettext_lazy("Not chosen: the quota for %(group)s is full."),
    "places": gettext_lazy("Not chosen: below the last place."),
    "ineligible": gettext_lazy("Not eligible."),
    "infeasible": gettext_lazy("The quotas could not all be met; the committee must change them."),
}
INELIGIBILITY = {
    "tenure": gettext_lazy("Tenure %(actual)s years; at least %(required)s required."),
    "credential": gettext_lazy("A valid credential is required: %(required)s."),
    "language": gettext_lazy("Language level %(actual)s; at least %(required)s required."),
    "obligations": gettext_lazy("%(actual)s obligations from an earlier programme are still open."),
}
ACTIONS = {"open", "rank", "decide", "returned"}


def _group_label(group: str, names: dict[int, str] | None = None) -> str:
    attribute, _sep, value = group.partition("=")
    if attribute == "centre" and value.isdigit():
        if names is not None:
            return names.get(int(value), value)
        centre = Sentra.objects.filter(pk=int(value)).first()
        return centre.name if centre else value
    if attribute == "gender":
        return str(_("women") if value == "F" else _("men"))
    if attribute == "cluster":
        return str(Cluster(value).label) if value in Cluster.values else value
    if attribute == "region":
        return _("province %(code)s") % {"code": value}
    return group


def explain(application: Application, names: dict[int, str] | None = None) -> dict[str, Any]:
    """What the applicant and the committee read: components, reasons and the result in words."""
    template = EXPLANATIONS.get(application.explanation)
    return {
        "components": [
            {**row, "label": COMPONENT_LABELS.get(row["name"], row["name"])} for row in application.components
        ],
        "reasons": [
            INELIGIBILITY[r["code"]] % r for r in application.ineligibility if r["code"] in INELIGIBILITY
        ],
        "result": (str(template) % {"group": _group_label(application.explanation_group, names)})
        if template
        else "",
    }


@login_required
@require_GET
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "training/programme_list.html",
        {
            "programmes": selectors.programme_list(user=user),
            "can_create": selectors.managed_centres(user=user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    centres = selectors.managed_centres(user=request.user)
    if not centres.exists():
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, sentra=form.cleaned_data["sentra"], data=form.to_input()
            )
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("The programme is saved as a draft."))
            return redirect("training:programme_detail", pk=programme.pk)
    return render(request, "training/programme_form.html", {"form": form})


def _nominable(user: Any, programme: Any) -> Any:
    if user.role not in TRAINING_RUNNERS:
        return StaffMember.objects.none()
    return (
        StaffMember.objects.visible_to(user)
        .active()
        .filter(sentra__in=programme.centres.all())
        .exclude(overseas_applications__programme=programme)
        .order_by("full_name")
    )


@login_required
@require_GET
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = selectors.programme_get(user=user, pk=pk)
    aggregate_only = user.role in selectors.AGGREGATE_ROLES
    committee = may_see_ranking(user, programme)
    own = None if aggregate_only else selectors.my_application(user=user, programme=programme)
    staff = None if aggregate_only else workforce_selectors.staff_of(user)
    is_open = programme.status == ProgrammeStatus.OPEN
    names = dict(programme.centres.values_list("pk", "name"))
    rows = (
        []
        if aggregate_only
        else [
            (application, explain(application, names))
            for application in selectors.applications_for(user=user, programme=programme)
        ]
    )
    nominable = _nominable(user, programme) if is_open else StaffMember.objects.none()
    context = {
        "programme": programme,
        "centres": programme.centres.all(),
        "counts": selectors.programme_counts(programme=programme),
        "aggregate_only": aggregate_only,
        "committee": committee,
        "rows": rows,
        "own": own,
        "own_explained": explain(own) if own is not None else None,
        "apply_form": ApplyForm() if is_open and own is None and staff is not None else None,
        "nominate_form": NominateForm(staff=nominable) if nominable.exists() else None,
        "weights": [(COMPONENT_LABELS[name], weight) for name, weight in programme.weights.items()],
        "quotas": [
            {
                **row,
                "label": _group_label(f"{row['attribute']}={row['value']}")
                if row.get("value")
                else row["attribute"],
            }
            for row in programme.quotas
        ],
        "statuses": ProgrammeStatus,
    }
    return render(request, "training/programme_detail.html", context)


@login_required
@require_POST
def programme_apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        ok, application = run_service(
            request,
            lambda: services.application_submit(
                actor=request.user,
                programme=programme,
                motivation=form.cleaned_data["motivation"],
                language_level=form.cleaned_data["language_level"],
            ),
            _("Your application is submitted."),
        )
        if ok and application is not None:
            return redirect("training:application_detail", pk=application.pk)
    else:
        messages.error(request, _("Language levels run from 0 to 4."))
    return redirect("training:programme_detail", pk=pk)


@login_required
@require_POST
def programme_nominate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    form = NominateForm(request.POST, staff=_nominable(request.user, programme))
    if form.is_valid():
        run_service(
            request,
            lambda: services.application_nominate(
                actor=request.user,
                programme=programme,
                staff=form.cleaned_data["staff"],
                motivation=form.cleaned_data["motivation"],
                language_level=form.cleaned_data["language_level"],
            ),
            _("The nomination is recorded."),
        )
    else:
        messages.error(request, _("Choose a staff member of a participating centre that you manage."))
    return redirect("training:programme_detail", pk=pk)


@login_required
@require_POST
def programme_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404
    if not manages(request.user, programme.sentra_id):
        raise PermissionDenied
    service = {
        "open": services.programme_open,
        "rank": services.programme_rank,
        "decide": services.programme_decide,
    }.get(action, services.programme_mark_returned)
    run_service(request, lambda: service(actor=request.user, programme=programme), _("Saved."))
    return redirect("training:programme_detail", pk=pk)


@login_required
@require_GET
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = selectors.application_get(user=user, pk=pk)
    may_record = application.staff.user_id == user.pk or manages(user, application.staff.sentra_id)
    obligations = [
        (o, ObligationForm(initial={"delivered": o.delivered, "evidence": o.evidence, "done_on": o.done_on}))
        for o in application.obligations.all()
    ]
    context = {
        "application": application,
        "explained": explain(application),
        "obligations": obligations,
        "may_record": may_record,
        "may_withdraw": application.staff.user_id == user.pk
        and application.status != "withdrawn"
        and application.programme.status in (ProgrammeStatus.OPEN, ProgrammeStatus.RANKED),
        "reminders": selectors.my_reminders(user=user).filter(obligation__application=application),
    }
    return render(request, "training/application_detail.html", context)


@login_required
@require_POST
def obligation_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obligation = get_visible_or_404(
        Obligation.objects.select_related("application__staff"), request.user, pk=pk
    )
    form = ObligationForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.obligation_record(
                actor=request.user, obligation=obligation, **form.cleaned_data
            ),
            _("Saved."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("training:application_detail", pk=obligation.application_id)


@login_required
@require_POST
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    run_service(
        request,
        lambda: services.application_withdraw(actor=request.user, application=application),
        _("Your application is withdrawn."),
    )
    return redirect("training:application_detail", pk=pk)
