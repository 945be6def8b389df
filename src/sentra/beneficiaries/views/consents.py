"""The consent ledger section of a person: record, withdraw, evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.beneficiaries import permissions, selectors, services
from sentra.beneficiaries.forms import ConsentForm, WithdrawForm
from sentra.beneficiaries.views.common import put_errors, serve_file
from sentra.core.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    if not permissions.may_manage_consent(user, beneficiary):
        raise PermissionDenied
    posting = request.method == "POST"
    form = ConsentForm(
        request.POST if posting else None,
        request.FILES if posting else None,
        guardians=selectors.guardians_of(beneficiary=beneficiary),
        initial={"given_by": "parent" if beneficiary.is_child else "self", "method": "written"},
    )
    if posting and form.is_valid():
        try:
            services.consent_record(
                actor=user,
                beneficiary=beneficiary,
                data=form.to_input(),
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
    return render(request, "beneficiaries/consent_form.html", {"b": beneficiary, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    consent = get_object_or_404(selectors.consents_of(beneficiary=beneficiary), pk=consent_pk)
    if not permissions.may_manage_consent(user, beneficiary):
        raise PermissionDenied
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The consent is withdrawn."))
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
    return render(
        request, "beneficiaries/consent_withdraw.html", {"b": beneficiary, "consent": consent, "form": form}
    )


@login_required
@require_GET
def consent_evidence(request: AuthenticatedHttpRequest, pk: int, consent_pk: int) -> HttpResponseBase:
    beneficiary = selectors.beneficiary_get(user=request.user, pk=pk)
    consent = get_object_or_404(selectors.consents_of(beneficiary=beneficiary), pk=consent_pk)
    if not consent.evidence:
        raise Http404
    return serve_file(
        consent.evidence, download_name=f"{beneficiary.registration_number}-consent-{consent.pk}"
    )
