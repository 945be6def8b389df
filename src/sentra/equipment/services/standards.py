"""Standards and catalogue prices: edited by administrators, every change versioned and audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.equipment.catalogue import standard_values
from sentra.equipment.models import (
    CaseloadBasis,
    Category,
    DeviceCode,
    ItemType,
    ItemTypeRevision,
    Standard,
    StandardRevision,
)
from sentra.equipment.services._common import may_edit_standards
from sentra.equipment.services.inventory import MAX_COST, MAX_LIFESPAN
from sentra.network.models import ServiceComponent, ServiceSubtype, Setting

MAX_QUANTITY = 10000
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")


@dataclass(frozen=True)
class StandardInput:
    component_id: int | None
    item_type_id: int | None
    subtype_id: int | None = None
    setting: str = ""
    minimum_quantity: int = 0
    caseload_basis: str = CaseloadBasis.NONE
    caseload_per_unit: int | None = None
    note: str = ""
    is_active: bool = True


def _check(data: StandardInput, reason: str, *, require_reason: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    component = ServiceComponent.objects.filter(pk=data.component_id).first() if data.component_id else None
    if component is None:
        errors["component"] = [_("Choose an ATENSI component.")]
    if data.subtype_id is not None:
        subtype = ServiceSubtype.objects.filter(pk=data.subtype_id).first()
        if subtype is None or (component is not None and subtype.component_id != component.pk):
            errors["subtype"] = [_("The sub-type must belong to the chosen component.")]
    if data.setting and data.setting not in Setting.values:
        errors["setting"] = [_("Choose a setting, or leave it empty for every setting.")]
    if data.item_type_id is None or not ItemType.objects.filter(pk=data.item_type_id).exists():
        errors["item_type"] = [_("Choose an item type from the catalogue.")]
    if not 0 <= data.minimum_quantity <= MAX_QUANTITY:
        errors["minimum_quantity"] = [_("The minimum quantity is between 0 and 10000.")]
    if data.caseload_basis not in CaseloadBasis.values:
        errors["caseload_basis"] = [_("Choose what the caseload is counted in.")]
    elif data.caseload_basis == CaseloadBasis.NONE:
        if data.caseload_per_unit is not None:
            errors["caseload_per_unit"] = [_("A fixed quantity has no caseload per unit; leave it empty.")]
        if data.minimum_quantity < 1:
            errors["minimum_quantity"] = [_("A fixed standard needs a minimum quantity of at least 1.")]
    elif data.caseload_per_unit is None or not 1 <= data.caseload_per_unit <= MAX_QUANTITY:
        errors["caseload_per_unit"] = [_("A scaled standard needs a caseload per unit between 1 and 10000.")]
    if require_reason and not reason.strip():
        errors["reason"] = [_("Say why the standard changes; the reason is kept with the version.")]
    return errors


def _apply(standard: Standard, data: StandardInput) -> None:
    assert data.component_id is not None
    assert data.item_type_id is not None
    standard.component_id = data.component_id
    standard.subtype_id = data.subtype_id
    standard.setting = data.setting
    standard.item_type_id = data.item_type_id
    standard.minimum_quantity = data.minimum_quantity
    standard.caseload_basis = data.caseload_basis
    standard.caseload_per_unit = data.caseload_per_unit if data.caseload_basis != CaseloadBasis.NONE else None
    standard.note = data.note.strip()
    standard.is_active = data.is_active


def _revise(standard: Standard, actor: User, reason: str) -> None:
    standard.refresh_from_db()
    StandardRevision.objects.create(
        standard=standard,
        version=standard.version,
        data=standard_values(standard),
        reason=reason.strip()[:300],
        changed_by=actor,
    )


@transaction.atomic
def standard_create(*, actor: User, data: StandardInput, reason: str = "") -> Standard:
    if not may_edit_standards(actor):
        raise PermissionDenied
    errors = _check(data, reason, require_reason=False)
    if errors:
        raise ValidationError(errors)
    standard = Standard(updated_by=actor, version=1)
    _apply(standard, data)
    standard.save()
    _revise(standard, actor, reason)
    audit.record_create(actor=actor, instance=standard)
    return standard


@transaction.atomic
def standard_update(*, actor: User, standard: Standard, data: StandardInput, reason: str) -> Standard:
    """A new version: the old values stay in the revisions, the audit log has the difference."""
    if not may_edit_standards(actor):
        raise PermissionDenied
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    errors = _check(data, reason, require_reason=True)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(standard)
    _apply(standard, data)
    if audit.diff(before, audit.snapshot(standard)):
        standard.version += 1
        standard.updated_by = actor
        standard.save()
        _revise(standard, actor, reason)
        audit.record_update(actor=actor, instance=standard, before=before)
    return standard


def _cost_and_lifespan_errors(unit_cost: Decimal | None, lifespan_years: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if unit_cost is None or not 0 <= unit_cost <= MAX_COST:
        errors["unit_cost"] = [_("The unit cost must be a whole number of rupiah, zero or more.")]
    if lifespan_years is None or not 1 <= lifespan_years <= MAX_LIFESPAN:
        errors["lifespan_years"] = [_("The expected lifespan is between 1 and 50 years.")]
    return errors


def _revise_item_type(item_type: ItemType, actor: User, reason: str) -> None:
    ItemTypeRevision.objects.create(
        item_type=item_type,
        version=item_type.version,
        data={
            "code": item_type.code,
            "name_id": item_type.name_id,
            "name_en": item_type.name_en,
            "category": item_type.category,
            "device_code": item_type.device_code,
            "unit_cost": str(item_type.unit_cost),
            "lifespan_years": item_type.lifespan_years,
            "is_active": item_type.is_active,
        },
        reason=reason.strip()[:300],
        changed_by=actor,
    )


@dataclass(frozen=True)
class ItemTypeInput:
    code: str
    name_id: str
    name_en: str
    category: str
    unit_cost: Decimal | None
    lifespan_years: int | None
    device_code: str = ""


@transaction.atomic
def item_type_create(*, actor: User, data: ItemTypeInput, reason: str = "") -> ItemType:
    """Administrators add catalogue entries (version 1, kept with its reason); audited."""
    if not may_edit_standards(actor):
        raise PermissionDenied
    errors = _cost_and_lifespan_errors(data.unit_cost, data.lifespan_years)
    code = data.code.strip().lower()
    if not SLUG.fullmatch(code):
        errors["code"] = [_("Use lower-case letters, digits, - and _ only (at most 60).")]
    elif ItemType.objects.filter(code=code).exists():
        errors["code"] = [_("The catalogue already has an entry with this code.")]
    if not data.name_id.strip():
        errors["name_id"] = [_("Enter the Indonesian name.")]
    if not data.name_en.strip():
        errors["name_en"] = [_("Enter the English name.")]
    if data.category not in Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    if data.device_code and data.device_code not in DeviceCode.values:
        errors["device_code"] = [_("Choose an assistive-device code from the list, or leave it empty.")]
    if data.device_code and data.category != Category.ASSISTIVE:
        errors["device_code"] = [_("Only assistive devices have an assistive-device code.")]
    if errors:
        raise ValidationError(errors)
    assert data.unit_cost is not None
    assert data.lifespan_years is not None
    item_type = ItemType.objects.create(
        code=code,
        name_id=data.name_id.strip(),
        name_en=data.name_en.strip(),
        category=data.category,
        device_code=data.device_code,
        unit_cost=data.unit_cost,
        lifespan_years=data.lifespan_years,
        version=1,
    )
    _revise_item_type(item_type, actor, reason)
    audit.record_create(actor=actor, instance=item_type)
    return item_type


@transaction.atomic
def item_type_update(
    *,
    actor: User,
    item_type: ItemType,
    unit_cost: Decimal | None,
    lifespan_years: int | None,
    is_active: bool,
    reason: str = "",
) -> ItemType:
    """Catalogue prices and lifespans (existing items keep the lifespan they were recorded with); a
    change makes a new version, like the standards."""
    if not may_edit_standards(actor):
        raise PermissionDenied
    errors = _cost_and_lifespan_errors(unit_cost, lifespan_years)
    if errors:
        raise ValidationError(errors)
    assert unit_cost is not None
    assert lifespan_years is not None
    item_type = ItemType.objects.select_for_update().get(pk=item_type.pk)
    before = audit.snapshot(item_type)
    item_type.unit_cost = unit_cost
    item_type.lifespan_years = lifespan_years
    item_type.is_active = is_active
    if audit.diff(before, audit.snapshot(item_type)):
        item_type.version += 1
        item_type.save()
        _revise_item_type(item_type, actor, reason)
        audit.record_update(actor=actor, instance=item_type, before=before)
    return item_type
