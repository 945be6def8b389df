"""Duplicates: candidates on a profile, and the review queue where a centre head merges or separates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sentra.beneficiaries import permissions, selectors, services
from sentra.beneficiaries.forms import MergeForm, NoteForm, ReviewFilterForm
from sentra.beneficiaries.matching import facts_of
from sentra.beneficiaries.models import DuplicateReview, ReviewStatus
from sentra.beneficiaries.rules import duplicates
from sentra.beneficiaries.views.common import page_of
from sentra.core.http import AuthenticatedHttpRequest


@login_required
@require_GET
def candidates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    context = {
        "b": beneficiary,
        "candidates": selectors.duplicate_candidates_for(user=user, beneficiary=beneficiary),
        "can_flag": permissions.may_edit(user, beneficiary),
    }
    return render(request, "beneficiaries/candidates.html", context)


@login_required
@require_POST
def flag_pair(request: AuthenticatedHttpRequest, pk: int, other_pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    other = selectors.beneficiary_get(user=user, pk=other_pk)
    match = duplicates.score(facts_of(beneficiary), facts_of(other))
    try:
        services.duplicate_flag(
            actor=user,
            first=beneficiary,
            second=other,
            score=match.score,
            reasons=[reason.as_dict() for reason in match.reasons],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The pair is on the review queue for the centre head."))
    return redirect("beneficiaries:candidates", pk=beneficiary.pk)


@login_required
@require_GET
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_review_duplicates(user):
        raise PermissionDenied
    form = ReviewFilterForm(request.GET or None)
    status = ReviewStatus.OPEN
    if form.is_valid() and form.cleaned_data.get("status"):
        status = form.cleaned_data["status"]
    reviews = selectors.review_queue(user=user, status=status)
    return render(
        request, "beneficiaries/review_list.html", {"form": form, "page": page_of(request, reviews)}
    )


@login_required
@require_GET
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    return _render_review(request, review, MergeForm(first=review.first, second=review.second), NoteForm())


def _render_review(
    request: AuthenticatedHttpRequest,
    review: DuplicateReview,
    merge_form: MergeForm,
    note_form: NoteForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "review": review,
        "merge_form": merge_form,
        "note_form": note_form,
        "can_decide": permissions.may_decide_pair(request.user, review.first, review.second),
    }
    return render(request, "beneficiaries/review_detail.html", context, status=status)


@login_required
@require_POST
def review_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    form = MergeForm(request.POST, first=review.first, second=review.second)
    if form.is_valid():
        try:
            services.duplicate_merge(
                actor=request.user,
                review=review,
                survivor_id=form.cleaned_data["survivor"],
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The records are merged. The merge can be undone from this page."))
            return redirect("beneficiaries:review_detail", pk=review.pk)
    review.refresh_from_db()
    return _render_review(request, review, form, NoteForm(), status=422)


@login_required
@require_POST
def review_distinct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.duplicate_mark_distinct(
                actor=request.user, review=review, note=form.cleaned_data.get("note", "")
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Marked as two different persons."))
            return redirect("beneficiaries:review_list")
    return _render_review(
        request, review, MergeForm(first=review.first, second=review.second), form, status=422
    )


@login_required
@require_POST
def review_unmerge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.duplicate_unmerge(
                actor=request.user, review=review, note=form.cleaned_data.get("note", "")
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The merge is undone; the pair is open for review again."))
            return redirect("beneficiaries:review_detail", pk=review.pk)
    return _render_review(
        request, review, MergeForm(first=review.first, second=review.second), form, status=422
    )
