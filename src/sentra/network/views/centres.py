"""Centre pages: the scoped list with filters, the detail page, and create/edit for administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import Role
from sentra.network import selectors, services
from sentra.network.forms import CapacityFormSet, CentreFilterForm, CentreForm, apply_service_errors
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
    request: AuthenticatedHttpRequest, form: CentreForm, formset: CapacityFormSet, sentra: Sentra | None
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "formset": formset, "sentra": sentra}
    return render(request, "network/centre_form.html", context)


def _save(
    request: AuthenticatedHttpRequest, form: CentreForm, formset: CapacityFormSet, sentra: Sentra | None
) -> Sentra | None:
    """Call the service; on refusal put every message on its field and return None."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    try:
        if sentra is None:
            return services.centre_create(
                actor=request.user, data=form.to_input(), capacities=formset.places()
            )
        return services.centre_update(
            actor=request.user, sentra=sentra, data=form.to_input(), capacities=formset.places()
        )
    except ValidationError as exc:
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
    if request.method == "POST":
        saved = _save(request, form, formset, None)
        if saved is not None:
            messages.success(request, _("The centre '{name}' is created.").format(name=saved.name))
            return redirect("network:centre_detail", pk=saved.pk)
    return _render_form(request, form, formset, None)


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
    if request.method == "POST":
        saved = _save(request, form, formset, sentra)
        if saved is not None:
            messages.success(request, _("The centre '{name}' is saved.").format(name=saved.name))
            return redirect("network:centre_detail", pk=saved.pk)
    return _render_form(request, form, formset, sentra)
