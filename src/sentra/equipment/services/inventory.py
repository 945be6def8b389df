"""Inventory writes: items, inspections, maintenance and photos."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import files
from sentra.core import audit
from sentra.core.models import User
from sentra.equipment.models import (
    Condition,
    Inspection,
    Item,
    ItemPhoto,
    ItemType,
    MaintenanceKind,
    MaintenanceRecord,
)
from sentra.equipment.services._common import SYSTEM, add_years, require_inventory_editor
from sentra.network.models import Sentra

MAX_COST = Decimal("999999999999")
MAX_LIFESPAN = 50
EARLIEST_ACQUISITION = datetime.date(1950, 1, 1)


@dataclass(frozen=True)
class ItemInput:
    item_type_id: int | None
    asset_number: str
    acquired_on: datetime.date | None
    serial_number: str = ""
    location: str = ""
    acquisition_cost: Decimal | None = None
    lifespan_years: int | None = None
    condition: str = Condition.GOOD
    notes: str = ""


def check_item(
    data: ItemInput,
    *,
    types: dict[int, ItemType],
    taken_asset_numbers: set[str],
    today: datetime.date,
) -> dict[str, list[str]]:
    """Field-keyed messages for everything wrong with one item (shared by the form, API and import)."""
    errors: dict[str, list[str]] = {}
    if data.item_type_id is None or data.item_type_id not in types:
        errors["item_type"] = [_("Choose an item type from the catalogue.")]
    asset = data.asset_number.strip()
    if not asset:
        errors["asset_number"] = [_("The asset number is required.")]
    elif len(asset) > 40:
        errors["asset_number"] = [_("The asset number has at most 40 characters.")]
    elif asset.casefold() in taken_asset_numbers:
        errors["asset_number"] = [_("This asset number is already used at this centre.")]
    if data.acquired_on is None:
        errors["acquired_on"] = [_("The acquisition date is required.")]
    elif data.acquired_on > today:
        errors["acquired_on"] = [_("The acquisition date cannot be in the future.")]
    elif data.acquired_on < EARLIEST_ACQUISITION:
        errors["acquired_on"] = [_("The acquisition date is before 1950.")]
    if data.acquisition_cost is not None and not (0 <= data.acquisition_cost <= MAX_COST):
        errors["acquisition_cost"] = [_("The cost must be a whole number of rupiah, zero or more.")]
    if data.lifespan_years is not None and not (1 <= data.lifespan_years <= MAX_LIFESPAN):
        errors["lifespan_years"] = [_("The expected lifespan is between 1 and 50 years.")]
    if data.condition not in Condition.values:
        errors["condition"] = [_("Choose one of the conditions: good, needs repair, broken, written off.")]
    if len(data.serial_number) > 80:
        errors["serial_number"] = [_("The serial number has at most 80 characters.")]
    if len(data.location) > 120:
        errors["location"] = [_("The location has at most 120 characters.")]
    return errors


def apply_item(item: Item, data: ItemInput, item_type: ItemType) -> None:
    item.item_type = item_type
    item.asset_number = data.asset_number.strip()
    item.serial_number = data.serial_number.strip()
    item.location = data.location.strip()
    assert data.acquired_on is not None
    item.acquired_on = data.acquired_on
    cost = data.acquisition_cost
    item.acquisition_cost = item_type.unit_cost if cost is None else cost
    item.lifespan_years = data.lifespan_years or item_type.lifespan_years
    item.lifespan_ends_on = add_years(item.acquired_on, item.lifespan_years)
    item.condition = data.condition
    item.notes = data.notes.strip()


def _taken(sentra_id: int, exclude_pk: int | None = None) -> set[str]:
    items = Item.objects.filter(sentra_id=sentra_id)
    if exclude_pk is not None:
        items = items.exclude(pk=exclude_pk)
    return {number.casefold() for number in items.values_list("asset_number", flat=True)}


@transaction.atomic
def item_create(*, actor: User | None, sentra: Sentra, data: ItemInput) -> Item:
    if actor is not None:
        require_inventory_editor(actor, sentra.pk)
    types = ItemType.objects.in_bulk()
    errors = check_item(data, types=types, taken_asset_numbers=_taken(sentra.pk), today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    assert data.item_type_id is not None
    item = Item(sentra=sentra, created_by=actor)
    apply_item(item, data, types[data.item_type_id])
    item.save()
    audit.record_create(actor=actor, instance=item, sentra_id=sentra.pk, actor_label=SYSTEM)
    return item


@transaction.atomic
def item_update(*, actor: User, item: Item, data: ItemInput) -> Item:
    require_inventory_editor(actor, item.sentra_id)
    item = Item.objects.select_for_update().get(pk=item.pk)
    before = audit.snapshot(item)
    types = ItemType.objects.in_bulk()
    errors = check_item(
        data, types=types, taken_asset_numbers=_taken(item.sentra_id, item.pk), today=timezone.localdate()
    )
    if item.on_loan and data.condition == Condition.WRITTEN_OFF:
        errors.setdefault("condition", []).append(
            _("An item on loan cannot be written off; record its return first.")
        )
    if errors:
        raise ValidationError(errors)
    assert data.item_type_id is not None
    apply_item(item, data, types[data.item_type_id])
    item.save()
    audit.record_update(actor=actor, instance=item, before=before, sentra_id=item.sentra_id)
    return item


@transaction.atomic
def inspection_record(
    *,
    actor: User | None,
    item: Item,
    inspected_on: datetime.date | None,
    condition: str,
    notes: str = "",
) -> Inspection:
    """A dated inspection; the most recent one sets the item's condition."""
    if actor is not None:
        require_inventory_editor(actor, item.sentra_id)
    item = Item.objects.select_for_update().get(pk=item.pk)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if inspected_on is None:
        errors["inspected_on"] = [_("The inspection date is required.")]
    elif inspected_on > today:
        errors["inspected_on"] = [_("The inspection date cannot be in the future.")]
    elif inspected_on < item.acquired_on:
        errors["inspected_on"] = [_("The inspection date is before the item was acquired.")]
    if condition not in Condition.values:
        errors["condition"] = [_("Choose one of the conditions: good, needs repair, broken, written off.")]
    elif condition == Condition.WRITTEN_OFF and item.on_loan:
        errors["condition"] = [_("An item on loan cannot be written off; record its return first.")]
    if errors:
        raise ValidationError(errors)
    assert inspected_on is not None
    inspection = Inspection.objects.create(
        item=item, inspected_on=inspected_on, condition=condition, notes=notes.strip(), recorded_by=actor
    )
    audit.record_create(actor=actor, instance=inspection, sentra_id=item.sentra_id, actor_label=SYSTEM)
    if item.condition_on is None or inspected_on >= item.condition_on:
        before = audit.snapshot(item)
        item.condition = condition
        item.condition_on = inspected_on
        item.save(update_fields=["condition", "condition_on", "updated_at"])
        audit.record_update(
            actor=actor, instance=item, before=before, sentra_id=item.sentra_id, actor_label=SYSTEM
        )
    return inspection


@transaction.atomic
def maintenance_record(
    *,
    actor: User | None,
    item: Item,
    performed_on: datetime.date | None,
    kind: str,
    description: str,
    cost: Decimal | None = None,
    performed_by: str = "",
) -> MaintenanceRecord:
    if actor is not None:
        require_inventory_editor(actor, item.sentra_id)
    errors: dict[str, list[str]] = {}
    if performed_on is None:
        errors["performed_on"] = [_("The date is required.")]
    elif performed_on > timezone.localdate():
        errors["performed_on"] = [_("The date cannot be in the future.")]
    if kind not in MaintenanceKind.values:
        errors["kind"] = [_("Choose the kind of maintenance.")]
    if not description.strip():
        errors["description"] = [_("Say what was done.")]
    if cost is not None and not (0 <= cost <= MAX_COST):
        errors["cost"] = [_("The cost must be a whole number of rupiah, zero or more.")]
    if errors:
        raise ValidationError(errors)
    assert performed_on is not None
    record = MaintenanceRecord.objects.create(
        item=item,
        performed_on=performed_on,
        kind=kind,
        description=description.strip(),
        cost=cost or Decimal(0),
        performed_by=performed_by.strip()[:150],
        recorded_by=actor,
    )
    audit.record_create(actor=actor, instance=record, sentra_id=item.sentra_id, actor_label=SYSTEM)
    return record


@transaction.atomic
def photo_add(*, actor: User, item: Item, upload: UploadedFile, caption: str = "") -> ItemPhoto:
    """A photo checked by its bytes like the registry's (JPEG, PNG or WebP, at most 5 MB)."""
    require_inventory_editor(actor, item.sentra_id)
    files.check_photo(upload)
    photo = ItemPhoto(item=item, caption=caption.strip()[:150], uploaded_by=actor)
    photo.photo.save(upload.name or "photo", upload, save=False)
    photo.save()
    audit.record_create(actor=actor, instance=photo, sentra_id=item.sentra_id)
    return photo
