"""Referral inbox/outbox, sending, answering; transfer requests and answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.beneficiaries.models import ConsentPurpose
from sentra.beneficiaries.services.consents import consent_check
from sentra.cases import forms, selectors, services
from sentra.cases.models import Case, Referral, ReferralStatus, ReferralTarget, Transfer, TransferStatus
from sentra.cases.views.common import form_flow, page_of, require_casework
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.querysets import centre_ids_of


def _sharing_warning(case: Case) -> str:
    """Said before anything is typed: without the sharing consent the referral will be refused."""
    if consent_check(beneficiary=case.beneficiary, purpose=ConsentPurpose.REFERRAL_SHARING):
        return ""
    return str(
        _("No consent to share data with a referral target is on record for {name}: record it first.").format(
            name=case.beneficiary.full_name
        )
    )


def _answerable_referral(request: AuthenticatedHttpRequest, pk: int) -> Referral:
    referral = selectors.referral_get(user=request.user, pk=pk)
    if not services.may_answer_referral(request.user, referral):
        raise PermissionDenied
    return referral


def _answerable_transfer(request: AuthenticatedHttpRequest, pk: int) -> Transfer:
    transfer = selectors.transfer_get(user=request.user, pk=pk)
    if not services.transfer_may_answer(request.user, transfer):
        raise PermissionDenied
    return transfer


@login_required
@require_GET
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_casework(request)
    user = request.user
    box = "out" if request.GET.get("box") == "out" else "in"
    status = request.GET.get("status", "")
    if status not in ReferralStatus.values:
        status = ""
    rows = (
        selectors.referrals_out(user=user, status=status)
        if box == "out"
        else selectors.referrals_in(user=user, status=status)
    )
    context = {
        "box": box,
        "status": status,
        "statuses": ReferralStatus.choices,
        "page": page_of(request, rows),
        "transfers": selectors.transfers_pending_in(user=user) if box == "in" else [],
        "pending_in": selectors.pending_referral_count(user),
    }
    return render(request, "cases/referral_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).manage:
        raise PermissionDenied
    form = forms.ReferralForm(
        request.POST if request.method == "POST" else None,
        targets=selectors.referral_targets(exclude=case.sentra_id),
    )
    preview = services.summary_of(case, reason=_("(your reason)"), components=(), urgency="normal")
    return form_flow(
        request,
        form,
        lambda data: services.referral_send(
            actor=request.user,
            case=case,
            **{**data, "components": list(data["components"]), "outside_kind": data["outside_kind"] or ""},
        ),
        done=lambda referral: _("The referral is sent to {target}.").format(target=referral.target_display),
        then=lambda referral: reverse("cases:referral_detail", args=[referral.pk]),
        title=_("Refer the person"),
        submit=_("Send the referral"),
        cancel_url=reverse("cases:case_detail", args=[case.pk]),
        intro=_(
            "The receiver sees only the summary below and your reason. The person's consent to sharing "
            "with a referral target must be on record."
        ),
        case=case,
        extra={"summary_preview": preview, "warning": _sharing_warning(case)},
    )


@login_required
@require_GET
def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    referral = selectors.referral_get(user=user, pk=pk)
    receiving = referral.to_sentra_id in centre_ids_of(user)
    services.referral_read(actor=user, referral=referral, purpose="referral page")
    sees_case = selectors.sees_case(user, referral.case_id)
    can_answer = referral.status == ReferralStatus.SENT and services.may_answer_referral(user, referral)
    context = {
        "referral": referral,
        "summary": referral.shared_summary,
        "receiving": receiving,
        "sees_case": sees_case,
        "can_answer": can_answer,
        "accept_form": forms.ReferralAcceptForm(
            case_managers=selectors.case_managers_of(referral.to_sentra_id or 0)
        )
        if can_answer
        else None,
        "decline_form": forms.ReferralDeclineForm() if can_answer else None,
        "outcome_form": forms.ReferralOutcomeForm()
        if referral.status == ReferralStatus.SENT
        and referral.target_kind == ReferralTarget.OUTSIDE
        and sees_case
        else None,
        "components": list(referral.requested_components.all()),
    }
    return render(request, "cases/referral_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _answerable_referral(request, pk)
    form = forms.ReferralAcceptForm(
        request.POST if request.method == "POST" else None,
        case_managers=selectors.case_managers_of(referral.to_sentra_id or 0),
    )
    return form_flow(
        request,
        form,
        lambda data: services.referral_accept(
            actor=request.user, referral=referral, **{**data, "setting": data["setting"] or ""}
        ),
        done=_("The referral is accepted; the sender sees it."),
        then=lambda _result: reverse("cases:referral_detail", args=[referral.pk]),
        title=_("Accept the referral"),
        submit=_("Accept"),
        cancel_url=reverse("cases:referral_detail", args=[referral.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = _answerable_referral(request, pk)
    form = forms.ReferralDeclineForm(request.POST if request.method == "POST" else None)
    return form_flow(
        request,
        form,
        lambda data: services.referral_decline(
            actor=request.user, referral=referral, reason=data["decline_reason"] or "", note=data["note"]
        ),
        done=_("The referral is declined; the sender sees your reason."),
        then=lambda _result: reverse("cases:referral_detail", args=[referral.pk]),
        title=_("Decline the referral"),
        submit=_("Decline"),
        cancel_url=reverse("cases:referral_detail", args=[referral.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get(user=request.user, pk=pk)
    if not selectors.sees_case(request.user, referral.case_id):
        raise PermissionDenied
    form = forms.ReferralOutcomeForm(request.POST if request.method == "POST" else None)
    return form_flow(
        request,
        form,
        lambda data: services.referral_record_outcome(
            actor=request.user,
            referral=referral,
            accepted=data["accepted"],
            decline_reason=data["decline_reason"] or "",
            note=data["note"],
        ),
        done=_("The outcome is recorded."),
        then=lambda _result: reverse("cases:referral_detail", args=[referral.pk]),
        title=_("Record the answer of the outside service"),
        submit=_("Save"),
        cancel_url=reverse("cases:referral_detail", args=[referral.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    if not selectors.permissions(request.user, case).manage:
        raise PermissionDenied
    form = forms.TransferForm(
        request.POST if request.method == "POST" else None,
        targets=selectors.referral_targets(exclude=case.sentra_id),
    )
    return form_flow(
        request,
        form,
        lambda data: services.transfer_request(actor=request.user, case=case, **data),
        done=_("The transfer request is sent."),
        then=lambda transfer: reverse("cases:transfer_detail", args=[transfer.pk]),
        title=_("Transfer the case to another centre"),
        submit=_("Request the transfer"),
        cancel_url=reverse("cases:case_detail", args=[case.pk]),
        intro=_(
            "When the receiving centre accepts, the case and access to it move there; "
            "its history stays with it."
        ),
        extra={"warning": _sharing_warning(case)},
        case=case,
    )


@login_required
@require_GET
def transfer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    transfer = selectors.transfer_get(user=user, pk=pk)
    can_answer = transfer.status == TransferStatus.REQUESTED and services.transfer_may_answer(user, transfer)
    context = {
        "transfer": transfer,
        "summary": transfer.shared_summary,
        "sees_case": selectors.sees_case(user, transfer.case_id),
        "can_answer": can_answer,
    }
    return render(request, "cases/transfer_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = _answerable_transfer(request, pk)
    form = forms.TransferAcceptForm(
        request.POST if request.method == "POST" else None,
        case_managers=selectors.case_managers_of(transfer.to_sentra_id),
    )
    return form_flow(
        request,
        form,
        lambda data: services.transfer_accept(actor=request.user, transfer=transfer, **data),
        done=_("The case now belongs to your centre."),
        then=lambda _result: reverse("cases:case_detail", args=[transfer.case_id]),
        title=_("Accept the transfer"),
        submit=_("Accept"),
        cancel_url=reverse("cases:transfer_detail", args=[transfer.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = _answerable_transfer(request, pk)
    form = forms.TransferDeclineForm(request.POST if request.method == "POST" else None)
    return form_flow(
        request,
        form,
        lambda data: services.transfer_decline(actor=request.user, transfer=transfer, **data),
        done=_("The transfer is declined."),
        then=lambda _result: reverse("cases:transfer_detail", args=[transfer.pk]),
        title=_("Decline the transfer"),
        submit=_("Decline"),
        cancel_url=reverse("cases:transfer_detail", args=[transfer.pk]),
    )
