"""Inventory pages: centres, items, inspections, maintenance, photos, import and QR labels."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentra.beneficiaries.views.common import serve_file
from sentra.core import exports
from sentra.core.http import AuthenticatedHttpRequest
from sentra.equipment import exports as export_specs
from sentra.equipment.forms import (
    ImportForm,
    InspectionForm,
    ItemFilterForm,
    ItemForm,
    MaintenanceForm,
    PhotoForm,
)
from sentra.equipment.models import Item, ItemPhoto
from sentra.equipment.selectors import inventory as selectors
from sentra.equipment.selectors.loans import loans_of_item
from sentra.equipment.services import imports, inventory
from sentra.equipment.services._common import may_edit_inventory, may_write_loans
from sentra.equipment.services.imports import COLUMNS, CONDITION_WORDS
from sentra.equipment.views.common import form_page, page_of, post_action, put_errors, qr_svg
from sentra.network.models import Sentra

LABELS_PER_SHEET = 400


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    centres = selectors.centre_summaries(user)
    if user.role not in ("national_analyst", "sysadmin") and centres.count() == 1:
        return redirect("equipment:centre", pk=centres.get().pk)
    return render(
        request,
        "equipment/overview.html",
        {"page": page_of(request, centres), "national": user.role in ("national_analyst", "sysadmin")},
    )


@login_required
@require_GET
def centre(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    user = request.user
    sentra = selectors.centre_get(user=user, pk=pk)
    form = ItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.item_list(
        user=user,
        sentra=sentra,
        category=filters.get("category", ""),
        condition=filters.get("condition", ""),
        query=filters.get("q", ""),
    )
    if (fmt := exports.requested_format(request)) is not None:
        spec = export_specs.EQUIPMENT
        return exports.export_list(request, user=user, spec=spec, rows=items, fmt=fmt, sentra_id=sentra.pk)
    context = {
        "sentra": sentra,
        "form": form,
        "page": page_of(request, items),
        "today": timezone.localdate(),
        "can_edit": may_edit_inventory(user, sentra.pk),
        "can_lend": may_write_loans(user, sentra.pk) or user.role == "centre_head",
    }
    return render(request, "equipment/centre.html", context)


def _editable_centre(request: AuthenticatedHttpRequest, pk: int) -> Sentra:
    """The centre if the user sees it (else 404) and may edit its inventory (else 403)."""
    sentra = selectors.centre_get(user=request.user, pk=pk)
    if not may_edit_inventory(request.user, sentra.pk):
        raise PermissionDenied
    return sentra


def _editable_item(request: AuthenticatedHttpRequest, pk: int) -> Item:
    """The item if the user sees it (else 404) and may edit its centre's inventory (else 403)."""
    item = selectors.item_get(user=request.user, pk=pk)
    if not may_edit_inventory(request.user, item.sentra_id):
        raise PermissionDenied
    return item


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sentra = _editable_centre(request, pk)
    form = ItemForm(request.POST or None)

    def save() -> HttpResponse:
        item = inventory.item_create(actor=request.user, sentra=sentra, data=form.to_input())
        return redirect("equipment:item_detail", pk=item.pk)

    return form_page(
        request,
        form,
        save=save,
        success=_("The item is added to the inventory."),
        template="equipment/item_form.html",
        context={"sentra": sentra, "item": None},
    )


@login_required
@require_GET
def item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.item_get(user=user, pk=pk)
    can_edit = may_edit_inventory(user, item.sentra_id)
    context = {
        "item": item,
        "inspections": item.inspections.select_related("recorded_by")[:50],
        "maintenance": item.maintenance.all()[:50],
        "photos": item.photos.all(),
        "loans": loans_of_item(user=user, item_id=item.pk)[:20],
        "can_edit": can_edit,
        "inspection_form": InspectionForm(
            initial={"inspected_on": timezone.localdate(), "condition": item.condition}
        ),
        "maintenance_form": MaintenanceForm(initial={"performed_on": timezone.localdate()}),
        "photo_form": PhotoForm(),
        "today": timezone.localdate(),
    }
    return render(request, "equipment/item_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = ItemForm(request.POST or None, initial=ItemForm.initial_from(item))

    def save() -> HttpResponse:
        inventory.item_update(actor=request.user, item=item, data=form.to_input())
        return redirect("equipment:item_detail", pk=item.pk)

    return form_page(
        request,
        form,
        save=save,
        success=_("The item is saved."),
        template="equipment/item_form.html",
        context={"sentra": item.sentra, "item": item},
    )


@login_required
@require_POST
def item_inspect(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = InspectionForm(request.POST)
    return post_action(
        request,
        form,
        act=lambda: inventory.inspection_record(actor=request.user, item=item, **form.cleaned_data),
        success=_("The inspection is recorded."),
        to="equipment:item_detail",
        pk=item.pk,
    )


@login_required
@require_POST
def item_maintenance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = MaintenanceForm(request.POST)
    return post_action(
        request,
        form,
        act=lambda: inventory.maintenance_record(actor=request.user, item=item, **form.cleaned_data),
        success=_("The maintenance is recorded."),
        to="equipment:item_detail",
        pk=item.pk,
    )


@login_required
@require_POST
def item_photo_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    return post_action(
        request,
        form,
        act=lambda: inventory.photo_add(
            actor=request.user,
            item=item,
            upload=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
        ),
        success=_("The photo is added."),
        to="equipment:item_detail",
        pk=item.pk,
    )


@login_required
@require_GET
def item_photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """A photo, through the same access check as its item."""
    photo = get_object_or_404(ItemPhoto.objects.select_related("item"), pk=pk)
    item = selectors.item_get(user=request.user, pk=photo.item_id)
    if not photo.photo:
        raise Http404
    return serve_file(photo.photo, download_name=f"{item.asset_number}-{photo.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def inventory_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    sentra = _editable_centre(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.inventory_import(
                actor=user,
                sentra=sentra,
                upload=form.cleaned_data["file"],
                import_valid_rows=form.cleaned_data["import_valid_rows"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
            status = 422
        if report is not None and report.errors and not report.imported:
            status = 422
    elif request.method == "POST":
        status = 422
    context = {
        "sentra": sentra,
        "form": form,
        "report": report,
        "columns": COLUMNS,
        "condition_words": sorted(CONDITION_WORDS),
        "item_types": selectors.item_types().filter(is_active=True),
    }
    return render(request, "equipment/import.html", context, status=status)


@login_required
@require_GET
def labels(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable sheet of QR labels; each opens the item page (sign-in and the item's scope apply)."""
    user = request.user
    sentra = selectors.centre_get(user=user, pk=pk)
    items = selectors.item_list(user=user, sentra=sentra, query=request.GET.get("q", "")[:100]).exclude(
        condition="written_off"
    )[:LABELS_PER_SHEET]
    labels_ = [
        {
            "item": item,
            "qr": qr_svg(
                request.build_absolute_uri(reverse("equipment:item_detail", args=[item.pk])),
                title=item.asset_number,
            ),
        }
        for item in items
    ]
    return render(
        request, "equipment/labels.html", {"sentra": sentra, "labels": labels_, "limit": LABELS_PER_SHEET}
    )
