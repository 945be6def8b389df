"""The coordinator's pages: runs with progress, proposals with reasons, what-ifs, accepting; and the
centre head's caseload review. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.core.querysets import centre_ids_of
from sentra.network.forms import apply_service_errors
from sentra.network.models import Sentra
from sentra.placement import explain, selectors, services, tasks
from sentra.placement.forms import CapacityForm, CentreChoiceForm, RunForm
from sentra.placement.models import PlacementRun, ProposalKind

PAGE_SIZE = 50


def _put_errors(form: Any, exc: ValidationError) -> None:
    for name in apply_service_errors(form, exc):
        for message in exc.message_dict.get(name, []):
            form.add_error(None, message)


def _start(run: PlacementRun) -> None:
    transaction.on_commit(lambda: tasks.run_placement.delay(run.pk))


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    runs = selectors.run_list(user=user)
    form = RunForm(
        request.POST if request.method == "POST" else None,
        centres=selectors.coordinated_centres(user=user),
        national=user.role == Role.SYSADMIN,
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(
                actor=user,
                sentra=form.cleaned_data.get("centre"),
                policy={name: bool(form.cleaned_data.get(name)) for name in services.POLICY_TERMS},
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            _start(run)
            return redirect("placement:run_detail", pk=run.pk)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 422 if form.errors else 200
    return render(request, "placement/run_list.html", {"form": form, "page": page}, status=status)


def _reason_context(proposals: list[Any]) -> tuple[dict[str, str], dict[str, str]]:
    return explain.centre_names(p.reasons for p in proposals), explain.service_labels()


@login_required
@require_GET
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    run = selectors.run_get(user=user, pk=pk)
    if getattr(request, "htmx", False):
        if run.is_finished:  # the results replace the whole page
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render(request, "placement/_progress.html", {"run": run})
    kind = request.GET.get("kind", "")
    if kind not in ProposalKind.values:
        kind = ""
    page = Paginator(selectors.proposals_of(run=run, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    proposals = list(page.object_list)
    labels = explain.service_labels()
    rows = [
        {
            "proposal": proposal,
            "services": [labels.get(code, code) for code in proposal.needs],
            "acceptable": selectors.may_accept(user=user, proposal=proposal),
        }
        for proposal in proposals
    ]
    changes = selectors.adjustment_rows(run=run)
    for change in changes["capacity"]:
        change["label"] = labels.get(change["service"], change["service"])
    context = {
        "run": run,
        "page": page,
        "rows": rows,
        "kind": kind,
        "kinds": ProposalKind.choices,
        "comparison": selectors.compare(run=run),
        "changes": changes,
        "capacity_form": CapacityForm(),
        "exclude_form": CentreChoiceForm(prefix="exclude"),
        "may_accept_any": any(row["acceptable"] for row in rows),
        "improvement": (run.greedy or {}).get("improvement", {}),
    }
    return render(request, "placement/run_detail.html", context)


@login_required
@require_GET
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = selectors.proposal_get(user=user, pk=pk)
    services.proposal_read(actor=user, proposal=proposal, purpose="placement review")
    names, labels = _reason_context([proposal])
    context = {
        "proposal": proposal,
        "run": proposal.run,
        "lines": explain.sentences(proposal.reasons, names, labels),
        "services": [labels.get(code, code) for code in proposal.needs],
        "pin_form": CentreChoiceForm(prefix="pin", initial={"centre": proposal.centre_id}),
        "acceptable": selectors.may_accept(user=user, proposal=proposal),
    }
    return render(request, "placement/proposal_detail.html", context)


@login_required
@require_POST
def proposal_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    outcome = services.proposals_accept(actor=request.user, run=proposal.run, ids=[proposal.pk])
    _report(request, outcome)
    return redirect("placement:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def run_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    ids = [int(value) for value in request.POST.getlist("proposal") if value.isdigit()]
    if not ids:
        messages.error(request, _("Choose at least one proposal to accept."))
        return redirect("placement:run_detail", pk=run.pk)
    _report(request, services.proposals_accept(actor=request.user, run=run, ids=ids))
    return redirect("placement:run_detail", pk=run.pk)


def _report(request: AuthenticatedHttpRequest, outcome: services.AcceptOutcome) -> None:
    if outcome.accepted:
        messages.success(request, _("{count} proposal(s) accepted.").format(count=len(outcome.accepted)))
    for problems in outcome.refused.values():
        for problem in problems:
            messages.error(request, problem)


@login_required
@require_POST
def run_what_if(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One more (or one less) change to the base run, solved as a new run that is compared with it."""
    user = request.user
    base = selectors.run_get(user=user, pk=pk)
    action = request.POST.get("action", "")
    change: dict[str, Any] = {}
    if action == "pin":
        proposal = selectors.proposal_get(user=user, pk=request.POST.get("proposal", ""))
        if proposal.run_id != base.pk:
            raise Http404
        form: Any = CentreChoiceForm(request.POST, prefix="pin")
        if form.is_valid():
            change["pin"] = (proposal.beneficiary_id, form.cleaned_data["centre"].pk)
    elif action == "exclude":
        form = CentreChoiceForm(request.POST, prefix="exclude")
        if form.is_valid():
            change["exclude"] = form.cleaned_data["centre"].pk
    elif action == "capacity":
        form = CapacityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            change["capacity"] = (data["centre"].pk, data["service"], data["delta"])
    elif action in ("unpin", "include") and request.POST.get("id", "").isdigit():
        form = None
        change[action] = int(request.POST["id"])
    else:
        raise Http404
    if not change:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("placement:run_detail", pk=base.pk)
    try:
        run = services.run_what_if(actor=user, base=base, **change)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("placement:run_detail", pk=base.pk)
    _start(run)
    return redirect("placement:run_detail", pk=run.pk)


# --- Caseload review ----------------------------------------------------------------------------------


@login_required
@require_GET
def caseload_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.role != Role.CENTRE_HEAD:
        raise Http404
    centres = list(Sentra.objects.filter(pk__in=centre_ids_of(user)).order_by("name"))
    if len(centres) == 1:
        return redirect("placement:caseload_review", pk=centres[0].pk)
    return render(request, "placement/caseload_index.html", {"centres": centres})


@login_required
@require_http_methods(["GET", "POST"])
def caseload_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    centre = selectors.caseload_centre(user=user, pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        choices: dict[int, int] = {}
        for value in request.POST.getlist("case"):
            manager = request.POST.get(f"manager-{value}", "")
            if value.isdigit() and manager.isdigit():
                choices[int(value)] = int(manager)
        try:
            changed = services.caseload_accept(actor=user, sentra=centre, choices=choices)
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(
                request, _("{count} case(s) handed to their new case manager.").format(count=changed)
            )
            return redirect("placement:caseload_review", pk=centre.pk)
    review = selectors.caseload_review(user=user, sentra=centre)
    context = {"review": review, "centre": centre, "errors": errors, "caps": selectors.case_manager_caps()}
    return render(request, "placement/caseload_review.html", context, status=422 if errors else 200)
