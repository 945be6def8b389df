"""Device needs, the waiting list and loans (personal data: centre staff who work with the person)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.beneficiaries.models import Beneficiary
from sentra.core.http import AuthenticatedHttpRequest
from sentra.equipment.forms import CancelForm, FittingForm, LoanIssueForm, LostForm, NeedForm, ReturnForm
from sentra.equipment.selectors import inventory as inventory_selectors
from sentra.equipment.selectors import loans as selectors
from sentra.equipment.services import loans as services
from sentra.equipment.services._common import may_write_loans
from sentra.equipment.views.common import post_action, put_errors


@login_required
@require_GET
def loans(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = inventory_selectors.centre_get(user=user, pk=pk)
    waiting = list(selectors.waiting_list(user=user, sentra=sentra))
    free = {code: services.free_devices(sentra.pk, code).count() for code in {r.device_code for r in waiting}}
    context = {
        "sentra": sentra,
        "waiting": [{"request": r, "free": free.get(r.device_code, 0)} for r in waiting],
        "loans": selectors.active_loans(user=user, sentra=sentra),
        "assessment_needs": selectors.assessment_needs_unlisted(user=user, sentra=sentra),
        "can_write": may_write_loans(user, sentra.pk),
        "form": NeedForm(initial={"requested_on": timezone.localdate()}),
    }
    return render(request, "equipment/loans.html", context)


@login_required
@require_POST
def need_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = inventory_selectors.centre_get(user=user, pk=pk)
    if not may_write_loans(user, sentra.pk):
        raise PermissionDenied
    form = NeedForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["registration_number"].strip().upper()
        beneficiary = Beneficiary.objects.visible_to(user).filter(registration_number=number).first()
        if beneficiary is None:
            form.add_error(
                "registration_number", _("No beneficiary of your centre has this registration number.")
            )
        else:
            try:
                request_ = services.request_create(
                    actor=user,
                    sentra=sentra,
                    beneficiary=beneficiary,
                    device_code=form.cleaned_data["device_code"],
                    requested_on=form.cleaned_data["requested_on"],
                    source=form.cleaned_data["source"],
                )
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("The need is on the waiting list."))
                return redirect("equipment:need_loan", pk=request_.pk)
    context = {
        "sentra": sentra,
        "waiting": [],
        "loans": selectors.active_loans(user=user, sentra=sentra),
        "assessment_needs": selectors.assessment_needs_unlisted(user=user, sentra=sentra),
        "can_write": True,
        "form": form,
    }
    return render(request, "equipment/loans.html", context, status=422)


@login_required
@require_POST
def need_from_assessment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put an assessment's device need on the waiting list, then go to lending it."""
    user = request.user
    sentra = inventory_selectors.centre_get(user=user, pk=pk)
    if not may_write_loans(user, sentra.pk):
        raise PermissionDenied
    try:
        device_need_id = int(request.POST.get("device_need", ""))
    except ValueError:
        raise Http404 from None
    try:
        need = services.request_from_assessment(actor=user, device_need_id=device_need_id)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("equipment:loans", pk=sentra.pk)
    messages.success(request, _("The need is on the waiting list."))
    return redirect("equipment:need_loan", pk=need.pk)


@login_required
@require_http_methods(["GET", "POST"])
def need_loan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Lend a device to a person on the waiting list (or see why none is free)."""
    user = request.user
    need = selectors.request_for_reading(user=user, pk=pk, purpose=_("Assistive-device loan"))
    can_write = may_write_loans(user, need.sentra_id)
    free = services.free_devices(need.sentra_id, need.device_code).select_related("item_type")
    form = LoanIssueForm(request.POST or None, items=free, initial={"issued_on": timezone.localdate()})
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                loan = services.loan_issue(
                    actor=user,
                    request=need,
                    item_id=form.cleaned_data["item"],
                    issued_on=form.cleaned_data["issued_on"],
                    due_back_on=form.cleaned_data["due_back_on"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("The device is lent."))
                return redirect("equipment:loan_detail", pk=loan.pk)
    position = (
        selectors.waiting_list(user=user, sentra=need.sentra, device_code=need.device_code)
        .filter(requested_on__lte=need.requested_on)
        .count()
    )
    context = {
        "need": need,
        "form": form,
        "free_count": free.count(),
        "position": position,
        "can_write": can_write,
        "cancel_form": CancelForm(),
    }
    return render(request, "equipment/need_loan.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def need_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    need = selectors.request_get(user=user, pk=pk)
    if not may_write_loans(user, need.sentra_id):
        raise PermissionDenied
    form = CancelForm(request.POST)
    try:
        services.request_cancel(actor=user, request=need, reason=form.data.get("reason", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("equipment:need_loan", pk=need.pk)
    messages.success(request, _("The need is cancelled."))
    return redirect("equipment:loans", pk=need.sentra_id)


@login_required
@require_GET
def loan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    loan = selectors.loan_for_reading(user=user, pk=pk, purpose=_("Assistive-device loan"))
    today = timezone.localdate()
    context = {
        "loan": loan,
        "can_write": may_write_loans(user, loan.sentra_id),
        "fitting_form": FittingForm(initial={"fitted_on": today}),
        "return_form": ReturnForm(initial={"returned_on": today}),
        "lost_form": LostForm(initial={"lost_on": today}),
    }
    return render(request, "equipment/loan_detail.html", context)


def _loan_action(
    request: AuthenticatedHttpRequest, pk: int, form_class: type[Form], service: Callable[..., object]
) -> HttpResponse:
    user = request.user
    loan = selectors.loan_get(user=user, pk=pk)
    if not may_write_loans(user, loan.sentra_id):
        raise PermissionDenied
    form = form_class(request.POST)
    return post_action(
        request,
        form,
        act=lambda: service(actor=user, loan=loan, **form.cleaned_data),
        success=_("The loan is updated."),
        to="equipment:loan_detail",
        pk=loan.pk,
    )


@login_required
@require_POST
def loan_fit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _loan_action(request, pk, FittingForm, services.loan_fit)


@login_required
@require_POST
def loan_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _loan_action(request, pk, ReturnForm, services.loan_return)


@login_required
@require_POST
def loan_lost(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _loan_action(request, pk, LostForm, services.loan_lost)
