"""Standards and the catalogue: everyone reads them; administrators edit, every change versioned."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.core.http import AuthenticatedHttpRequest
from sentra.equipment.forms import ItemTypeCreateForm, ItemTypeForm, StandardForm
from sentra.equipment.models import ItemType
from sentra.equipment.selectors import inventory as selectors
from sentra.equipment.services import standards as services
from sentra.equipment.services._common import may_edit_standards
from sentra.equipment.services.standards import ItemTypeInput
from sentra.equipment.views.common import form_page


@login_required
@require_GET
def standard_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    standards = selectors.standard_list(user=request.user)
    context = {"standards": standards, "can_edit": may_edit_standards(request.user)}
    return render(request, "equipment/standard_list.html", context)


@login_required
@require_GET
def standard_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_get(user=request.user, pk=pk)
    context = {
        "standard": standard,
        "revisions": standard.revisions.select_related("changed_by"),
        "can_edit": may_edit_standards(request.user),
    }
    return render(request, "equipment/standard_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_edit_standards(request.user):
        raise PermissionDenied
    form = StandardForm(request.POST or None)

    def save() -> HttpResponse:
        standard = services.standard_create(
            actor=request.user, data=form.to_input(), reason=form.cleaned_data["reason"]
        )
        return redirect("equipment:standard_detail", pk=standard.pk)

    return form_page(
        request,
        form,
        save=save,
        success=_("The standard is saved."),
        template="equipment/standard_form.html",
        context={"standard": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    standard = selectors.standard_get(user=request.user, pk=pk)
    if not may_edit_standards(request.user):
        raise PermissionDenied
    form = StandardForm(request.POST or None, initial=StandardForm.initial_from(standard))

    def save() -> HttpResponse:
        services.standard_update(
            actor=request.user, standard=standard, data=form.to_input(), reason=form.cleaned_data["reason"]
        )
        return redirect("equipment:standard_detail", pk=standard.pk)

    return form_page(
        request,
        form,
        save=save,
        success=_("The standard is saved as a new version."),
        template="equipment/standard_form.html",
        context={"standard": standard},
    )


@login_required
@require_GET
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"item_types": selectors.item_types(), "can_edit": may_edit_standards(request.user)}
    return render(request, "equipment/catalogue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_type_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_edit_standards(request.user):
        raise PermissionDenied
    form = ItemTypeCreateForm(request.POST or None)

    def save() -> HttpResponse:
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        services.item_type_create(actor=request.user, data=ItemTypeInput(**data), reason=reason)
        return redirect("equipment:catalogue")

    return form_page(
        request,
        form,
        save=save,
        success=_("The catalogue entry is saved."),
        template="equipment/item_type_form.html",
        context={"item_type": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_type_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not may_edit_standards(request.user):
        raise PermissionDenied
    item_type = get_object_or_404(ItemType, pk=pk)
    initial = {
        "unit_cost": item_type.unit_cost,
        "lifespan_years": item_type.lifespan_years,
        "is_active": item_type.is_active,
    }
    form = ItemTypeForm(request.POST or None, initial=initial)

    def save() -> HttpResponse:
        services.item_type_update(actor=request.user, item_type=item_type, **form.cleaned_data)
        return redirect("equipment:catalogue")

    return form_page(
        request,
        form,
        save=save,
        success=_("The catalogue entry is saved."),
        template="equipment/item_type_form.html",
        context={"item_type": item_type},
    )
