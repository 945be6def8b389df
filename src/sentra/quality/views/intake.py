"""Open an intake from a complaint that reports a person in need."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.services import PossibleDuplicates
from sentra.core.http import AuthenticatedHttpRequest
from sentra.quality.forms import clean_errors
from sentra.quality.forms_intake import IntakeForm, LinkForm
from sentra.quality.selectors import complaints as selectors
from sentra.quality.services import intake

__all__ = ["complaint_intake", "complaint_intake_link"]


def _registered(beneficiary: Beneficiary) -> str:
    return _("{name} is registered as {number} and linked to the complaint.").format(
        name=beneficiary.full_name, number=beneficiary.registration_number
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_intake(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    complaint = selectors.complaint_get(user=user, pk=pk)
    if not intake.may_open_intake(user, complaint):
        raise PermissionDenied
    form = IntakeForm(request.POST or None, initial={"address": ""})
    candidates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = intake.complaint_open_intake(
                actor=user,
                complaint=complaint,
                data=form.to_input(),
                confirm_new_person=form.cleaned_data["confirm_new_person"],
            )
        except PossibleDuplicates as exc:
            clean_errors(form, exc)
            records = Beneficiary.objects.visible_to(user).in_bulk([item.pk for item in exc.candidates])
            candidates = [(records[item.pk], item.match) for item in exc.candidates if item.pk in records]
        except ValidationError as exc:
            clean_errors(form, exc)
        else:
            messages.success(request, _registered(beneficiary))
            return redirect("quality:complaint_detail", pk=complaint.pk)
    context = {"complaint": complaint, "form": form, "candidates": candidates}
    return render(request, "quality/complaint_intake.html", context)


@login_required
@require_POST
def complaint_intake_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    complaint = selectors.complaint_get(user=user, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the registered person to link."))
        return redirect("quality:complaint_intake", pk=complaint.pk)
    try:
        beneficiary = intake.complaint_link_intake(
            actor=user, complaint=complaint, beneficiary_id=form.cleaned_data["beneficiary"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("quality:complaint_intake", pk=complaint.pk)
    messages.success(
        request,
        _("The complaint is linked to {number}.").format(number=beneficiary.registration_number),
    )
    return redirect("quality:complaint_detail", pk=complaint.pk)
