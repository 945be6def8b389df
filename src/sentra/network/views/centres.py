"""Centre pages: the scoped list with filters, the detail page, and create/edit for administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.network import selectors, services
from sentra.network.forms import (
    CapacityFormSet,
    CentreFilterForm,
    CentreForm,
    PublicContactForm,
    apply_service_errors,
)
from sentra.network.models import Sentra
from sentra.network.views.common import is_htmx, page_of


@login_required
@require_GET
def centre_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = CentreFilterForm(request.GET or None, provinces=selectors.provinces())
    filters = selectors.CentreFilters()
    if form.is_valid():
        filters = selectors.CentreFilters(**form.cleaned_data)
    centres = selectors.centre_list(user=user, filters=filters)
    context = {"form": form, "page": page_of(request, centres), "can_create": user.role == Role.SYSADMIN}
    template = "network/_centre_rows.html" if is_htmx(request) else "network/centre_list.html"
    return render(request, template, context)


@login_required
@require_GET
def centre_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = selectors.centre_get(user=user, pk=pk)
    show_members = selectors.may_see_members(user=user, sentra=sentra)
    context = {
        "sentra": sentra,
        "capacity": selectors.capacity_table(sentra=sentra),
        "show_members": show_members,
        "members": selectors.centre_members(user=user, sentra=sentra) if show_members else [],
        "can_edit": user.role == Role.SYSADMIN,
    }
    return render(request, "network/centre_detail.html", context)


def _render_form(
    request: AuthenticatedHttpRequest,
    form: CentreForm,
    formset: CapacityFormSet,
    contact: PublicContactForm,
    sentra: Sentra | None,
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "formset": formset, "contact": contact, "sentra": sentra}
    return render(request, "network/centre_form.html", context)


def _save(
    request: AuthenticatedHttpRequest,
    form: CentreForm,
    formset: CapacityFormSet,
    contact: PublicContactForm,
    sentra: Sentra | None,
) -> Sentra | None:
    """Call the services in one transaction (a refused contact field saves nothing); on refusal put
    every message on its field and return None."""
    # The public contact fields belong to the public page, whose service lives in insights.
    from sentra.insights.services.public_profile import PublicContact, public_contact_update

    valid = [form.is_valid(), formset.is_valid(), contact.is_valid()]
    if not all(valid):
        return None
    try:
        with transaction.atomic():
            if sentra is None:
                saved = services.centre_create(
                    actor=request.user, data=form.to_input(), capacities=formset.places()
                )
            else:
                saved = services.centre_update(
                    actor=request.user, sentra=sentra, data=form.to_input(), capacities=formset.places()
                )
            unchanged = all(
                getattr(saved, name) == str(value).strip() for name, value in contact.cleaned_data.items()
            )
            if unchanged:
                return saved
            try:
                return public_contact_update(
                    actor=request.user, sentra=saved, data=PublicContact(**contact.cleaned_data)
                )
            except ValidationError as exc:
                apply_service_errors(contact, exc)
                raise
    except ValidationError as exc:
        if not contact.errors:
            leftovers = apply_service_errors(form, exc)
            formset.apply_service_errors(leftovers, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def centre_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.role != Role.SYSADMIN:
        raise PermissionDenied
    components = list(selectors.atensi_components())
    data = request.POST if request.method == "POST" else None
    form = CentreForm(data)
    formset = CapacityFormSet(data, components=components)
    contact = PublicContactForm(data)
    if request.method == "POST":
        saved = _save(request, form, formset, contact, None)
        if saved is not None:
            messages.success(request, _("The centre '{name}' is created.").format(name=saved.name))
            return redirect("network:centre_detail", pk=saved.pk)
    return _render_form(request, form, formset, contact, None)


@login_required
@require_http_methods(["GET", "POST"])
def centre_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sentra = selectors.centre_get(user=request.user, pk=pk)
    if request.user.role != Role.SYSADMIN:
        raise PermissionDenied
    components = list(selectors.atensi_components())
    data = request.POST if request.method == "POST" else None
    form = CentreForm(data, initial=CentreForm.initial_from(sentra))
    formset = CapacityFormSet(data, components=components, sentra=sentra)
    contact = PublicContactForm(data, initial=PublicContactForm.initial_from(sentra))
    if request.method == "POST":
        saved = _save(request, form, formset, contact, sentra)
        if saved is not None:
            messages.success(request, _("The centre '{name}' is saved.").format(name=saved.name))
            return redirect("network:centre_detail", pk=saved.pk)
    return _render_form(request, form, formset, contact, sentra)
