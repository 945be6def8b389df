"""Import of an existing inventory from CSV or XLSX (columns in docs/equipment.md).

Like the registry's import: every row is read and checked first with the same rules as the item
form; every bad row is reported with its line, column and the rule it breaks; a file with errors
imports nothing unless the uploader chose "import the valid rows"; no row is dropped silently (a
row whose asset number the centre already holds is counted and listed as already recorded, so
re-running a file never duplicates); one audit event records the import.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import files
from sentra.beneficiaries.services.import_rows import (
    UNREADABLE,
    RowError,
    parse_date,
    read_rows,
    unreadable_message,
)
from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.equipment.models import Condition, Item, ItemType
from sentra.equipment.services._common import require_inventory_editor
from sentra.equipment.services.inventory import ItemInput, apply_item, check_item
from sentra.network.models import Sentra

COLUMNS = (
    "item_type",
    "asset_number",
    "serial_number",
    "location",
    "acquired_on",
    "acquisition_cost",
    "lifespan_years",
    "condition",
    "notes",
)
REQUIRED_COLUMNS = ("item_type", "asset_number", "acquired_on")
MAX_ROWS = 20000
# Indonesian asset-register wording (BMN: Baik, Rusak Ringan, Rusak Berat) besides the codes.
CONDITION_WORDS = {
    "good": Condition.GOOD,
    "baik": Condition.GOOD,
    "b": Condition.GOOD,
    "needs_repair": Condition.NEEDS_REPAIR,
    "rusak ringan": Condition.NEEDS_REPAIR,
    "rr": Condition.NEEDS_REPAIR,
    "perlu perbaikan": Condition.NEEDS_REPAIR,
    "broken": Condition.BROKEN,
    "rusak berat": Condition.BROKEN,
    "rb": Condition.BROKEN,
    "rusak": Condition.BROKEN,
    "written_off": Condition.WRITTEN_OFF,
    "dihapuskan": Condition.WRITTEN_OFF,
}
# Form fields named differently from the columns.
FIELD_TO_COLUMN = {"item_type": "item_type"}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    already_recorded: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    imported: bool = False

    @property
    def error_lines(self) -> int:
        return len({error.line for error in self.errors if error.line > 1})


def _date(value: str) -> datetime.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def _rupiah(value: str) -> Decimal | None:
    cleaned = re.sub(r"^rp\.?\s*", "", value.strip().lower())
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", cleaned):  # 2.500.000 or 2,500,000
        cleaned = re.sub(r"[.,]", "", cleaned)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount == amount.to_integral_value() else None


def header_errors(header: list[str]) -> list[RowError]:
    errors = [
        RowError(1, name, _("Unknown column; see the list of columns on the import page."))
        for name in header
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(1, name, _("This required column is missing."))
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, _("This column appears twice.")))
        seen.add(name)
    return errors


def _parse(
    line: int, row: dict[str, str], types_by_code: dict[str, ItemType]
) -> tuple[ItemInput, list[RowError]]:
    errors: list[RowError] = []
    type_code = row.get("item_type", "").strip().lower()
    item_type = types_by_code.get(type_code)
    if type_code and item_type is None:
        errors.append(
            RowError(line, "item_type", _("Unknown item type code; use a code from the catalogue."))
        )
    acquired_text = row.get("acquired_on", "")
    acquired_on = _date(acquired_text) if acquired_text else None
    if acquired_text and acquired_on is None:
        errors.append(
            RowError(line, "acquired_on", _("Write the date as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY."))
        )
    cost_text = row.get("acquisition_cost", "")
    cost = _rupiah(cost_text) if cost_text else None
    if cost_text and cost is None:
        errors.append(RowError(line, "acquisition_cost", _("Write the cost as a whole number of rupiah.")))
    lifespan_text = row.get("lifespan_years", "")
    lifespan: int | None = None
    if lifespan_text:
        if lifespan_text.isdigit():
            lifespan = int(lifespan_text)
        else:
            errors.append(
                RowError(line, "lifespan_years", _("Write the lifespan as a whole number of years."))
            )
    condition_text = row.get("condition", "").strip().lower()
    condition = CONDITION_WORDS.get(condition_text, condition_text) if condition_text else Condition.GOOD
    data = ItemInput(
        item_type_id=item_type.pk if item_type else (None if not type_code else -1),
        asset_number=row.get("asset_number", ""),
        serial_number=row.get("serial_number", ""),
        location=row.get("location", ""),
        acquired_on=acquired_on,
        acquisition_cost=cost,
        lifespan_years=lifespan,
        condition=condition,
        notes=row.get("notes", ""),
    )
    return data, errors


def _read(upload: UploadedFile, kind: str) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """The header and every row, or None when the file cannot be read as ``kind`` at all."""
    try:
        header, cells = read_rows(upload, kind)
        return header, list(cells)
    except UNREADABLE:
        return None


def _rows(header: list[str], cells: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, dict[str, str]]]:
    for line, values in cells:
        yield (
            line,
            {name: (values[index] if index < len(values) else "") for index, name in enumerate(header)},
        )


def check_file(*, sentra: Sentra, upload: UploadedFile) -> tuple[ImportReport, list[tuple[int, ItemInput]]]:
    """Read and check every row; nothing is written."""
    kind = files.import_format(upload)
    table = _read(upload, kind)
    if table is None:
        return ImportReport(errors=[RowError(1, "file", unreadable_message(upload.name or "", kind))]), []
    header, rows = table
    report = ImportReport(errors=header_errors(header))
    if report.errors:
        return report, []
    types = ItemType.objects.in_bulk()
    types_by_code = {item_type.code: item_type for item_type in types.values()}
    held = {
        number.casefold()
        for number in Item.objects.filter(sentra=sentra).values_list("asset_number", flat=True)
    }
    seen_in_file: dict[str, int] = {}
    today = timezone.localdate()
    valid: list[tuple[int, ItemInput]] = []
    for line, row in _rows(header, iter(rows)):
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(
                RowError(line, "", _("A file holds at most {count} rows; split it.").format(count=MAX_ROWS))
            )
            break
        data, errors = _parse(line, row, types_by_code)
        asset = data.asset_number.strip().casefold()
        if asset and asset in held:
            report.already_recorded.append(line)
            continue
        if asset and asset in seen_in_file:
            errors.append(
                RowError(
                    line,
                    "asset_number",
                    _("The same asset number is on line {line} of this file.").format(
                        line=seen_in_file[asset]
                    ),
                )
            )
        field_errors = check_item(data, types=types, taken_asset_numbers=set(), today=today)
        reported = {error.column for error in errors}
        for name, messages in field_errors.items():
            column = FIELD_TO_COLUMN.get(name, name)
            if column not in reported:
                errors.extend(RowError(line, column, message) for message in messages)
        if asset:
            seen_in_file.setdefault(asset, line)
        if errors:
            report.errors.extend(errors)
        else:
            valid.append((line, data))
    return report, valid


@transaction.atomic
def inventory_import(
    *, actor: User, sentra: Sentra, upload: UploadedFile, import_valid_rows: bool = False
) -> ImportReport:
    require_inventory_editor(actor, sentra.pk)
    report, valid = check_file(sentra=sentra, upload=upload)
    header_broken = any(error.line == 1 for error in report.errors)
    if header_broken or (report.errors and not import_valid_rows):
        return report
    if not valid and not report.rows:
        raise ValidationError({"file": [_("The file has no rows to import.")]})
    types = ItemType.objects.in_bulk()
    items = []
    for _line, data in valid:
        assert data.item_type_id is not None
        item = Item(sentra=sentra, created_by=actor)
        apply_item(item, data, types[data.item_type_id])
        items.append(item)
    Item.objects.bulk_create(items, batch_size=1000)
    report.created = len(items)
    report.imported = True
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="equipment.import",
        object_repr=f"{upload.name or 'file'}: {report.created} items",
        sentra_id=sentra.pk,
        changes={
            "file": upload.name or "",
            "rows": report.rows,
            "created": report.created,
            "already_recorded": len(report.already_recorded),
            "rows_with_errors": report.error_lines,
        },
    )
    return report
