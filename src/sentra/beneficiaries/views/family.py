"""Family and guardian links of a person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sentra.beneficiaries import permissions, selectors, services
from sentra.beneficiaries.forms import RelationshipForm
from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.views.common import put_errors
from sentra.core.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def relationship_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    if not permissions.may_edit(user, beneficiary) or beneficiary.is_merged:
        raise PermissionDenied
    form = RelationshipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        valid = form.is_valid()
        related_id: int | None = None
        number = form.cleaned_data.get("registered_person", "").strip()
        if number:
            normalised = selectors.registration_number_of(number)
            found = (
                Beneficiary.objects.visible_to(user).filter(registration_number=normalised).first()
                if normalised
                else None
            )
            if found is None:
                form.add_error(
                    "registered_person", _("No registered person with this number is visible to you.")
                )
            else:
                related_id = found.pk
        if valid and not form.errors:
            try:
                services.relationship_add(actor=user, beneficiary=beneficiary, data=form.to_input(related_id))
            except ValidationError as exc:
                put_errors(form, exc, {"related_beneficiary": "registered_person"})
            else:
                messages.success(request, _("The family link is added."))
                return redirect("beneficiaries:detail", pk=beneficiary.pk)
    return render(request, "beneficiaries/relationship_form.html", {"b": beneficiary, "form": form})


@login_required
@require_POST
def relationship_remove(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    user = request.user
    beneficiary = selectors.beneficiary_get(user=user, pk=pk)
    link = get_object_or_404(beneficiary.relationships, pk=link_pk)
    try:
        services.relationship_remove(actor=user, relationship=link)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The family link is removed."))
    return redirect("beneficiaries:detail", pk=beneficiary.pk)
