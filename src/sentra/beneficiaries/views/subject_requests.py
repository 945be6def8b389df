"""Data-subject requests (UU PDP): the requests of a person, answering them, the export, the queue.

Only centre heads (for persons their centres may see) and administrators handle them; for everyone
else these pages do not exist (404), like a record that is not theirs.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.beneficiaries import permissions, selectors
from sentra.beneficiaries.forms_requests import SubjectRequestAnswerForm, SubjectRequestForm
from sentra.beneficiaries.models import Beneficiary, ErasureCategory, RetentionGround
from sentra.beneficiaries.services import subject_export, subject_requests
from sentra.beneficiaries.views.common import put_errors
from sentra.core.http import AuthenticatedHttpRequest


def _page(
    request: AuthenticatedHttpRequest, beneficiary: Beneficiary, form: SubjectRequestForm
) -> HttpResponse:
    context = {
        "b": beneficiary,
        "form": form,
        "requests": selectors.subject_requests_of(beneficiary=beneficiary),
        "answer_form": SubjectRequestAnswerForm(),
        "retention_grounds": RetentionGround.choices,
        "erasure_categories": ErasureCategory.choices,
        "now": timezone.now(),
    }
    return render(request, "beneficiaries/subject_requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subject_request_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.subject_request_person(user=user, pk=pk)
    posting = request.method == "POST"
    form = SubjectRequestForm(
        request.POST if posting else None,
        guardians=selectors.guardians_of(beneficiary=beneficiary),
        initial={"kind": "access", "requested_by": "parent" if beneficiary.is_child else "self"},
    )
    if posting and form.is_valid():
        try:
            subject_requests.subject_request_record(actor=user, beneficiary=beneficiary, data=form.to_input())
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The request is recorded; its deadline is shown below."))
            return redirect("beneficiaries:subject_requests", pk=beneficiary.pk)
    return _page(request, beneficiary, form)


@login_required
@require_POST
def subject_request_answer(request: AuthenticatedHttpRequest, pk: int, request_pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.subject_request_person(user=user, pk=pk)
    item = selectors.subject_request_get(user=user, beneficiary=beneficiary, pk=request_pk)
    form = SubjectRequestAnswerForm(request.POST)
    if form.is_valid():
        try:
            subject_requests.subject_request_answer(
                actor=user,
                request=item,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                retention_ground=form.cleaned_data.get("retention_ground") or "",
                erase_categories=form.cleaned_data.get("erase_categories") or [],
            )
        except ValidationError as exc:
            for messages_ in exc.message_dict.values():
                for message in messages_:
                    messages.error(request, message)
        else:
            messages.success(request, _("The answer is recorded."))
    else:
        for error_list in form.errors.values():
            for problem in error_list:
                messages.error(request, str(problem))
    return redirect("beneficiaries:subject_requests", pk=beneficiary.pk)


@login_required
@require_GET
def subject_export_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Everything held about the person, as JSON (machine-readable, UU PDP Article 13) or PDF."""
    user = request.user
    beneficiary = selectors.subject_request_person(user=user, pk=pk)
    item = None
    if request.GET.get("request"):
        try:
            wanted = int(request.GET["request"])
        except ValueError:
            raise Http404 from None
        item = selectors.subject_request_get(user=user, beneficiary=beneficiary, pk=wanted)
    export = subject_export.subject_export(actor=user, beneficiary=beneficiary, request=item)
    name = f"data-{beneficiary.registration_number}-{timezone.localdate():%Y%m%d}"
    if fmt == "pdf":
        response = HttpResponse(subject_export.subject_export_pdf(export), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    else:
        body = json.dumps(export, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def subject_request_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Requests awaiting an answer, the nearest deadline first (centre heads and administrators)."""
    user = request.user
    selectors.require_registry(user)
    if not permissions.may_handle_subject_requests(user):
        raise Http404
    context = {"requests": selectors.subject_requests_pending(user=user), "now": timezone.now()}
    return render(request, "beneficiaries/subject_request_queue.html", context)
