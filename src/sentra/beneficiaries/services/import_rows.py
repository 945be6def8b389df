"""Reading and checking an import file's rows: the columns, CSV/XLSX reading, the header check and one
row as a registration input (the same rules as the form). Shared with the staff and equipment
imports (``read_rows``, ``RowError``, ``UNREADABLE``, ``unreadable_message``).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext as _

from sentra.beneficiaries.services.registration import BeneficiaryInput

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
EXAMPLE_CSV = DATA_DIR / "beneficiaries_example.csv"
EXAMPLE_XLSX = DATA_DIR / "beneficiaries_example.xlsx"
BATCH_SIZE = 2000
MAX_REPORTED_ERRORS = 1000
LIST_SEPARATOR = ";"

COLUMNS = (
    "full_name",
    "sex",
    "intake_channel",
    "nik",
    "no_nik_reason",
    "no_nik_note",
    "kk_number",
    "aliases",
    "birth_date",
    "estimated_age",
    "birth_place",
    "address",
    "region_code",
    "phone",
    "clusters",
    "disability_types",
    "dtks_reference",
    "dtks_snapshot_date",
)
REQUIRED_COLUMNS = ("full_name", "sex", "intake_channel")
SEX_WORDS = {
    "m": "M",
    "l": "M",
    "laki-laki": "M",
    "male": "M",
    "f": "F",
    "p": "F",
    "perempuan": "F",
    "female": "F",
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
# Form field names that differ from the column names.
FIELD_TO_COLUMN = {"region": "region_code"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


# --- Reading ------------------------------------------------------------------------------------------

# What a damaged or mislabelled upload raises while ``read_rows`` (openpyxl or the csv module) reads it:
# a non-zip ".xlsx" (BadZipFile; openpyxl's InvalidFileException is a ValueError), a zip without a
# workbook (KeyError), broken XML inside one (ParseError), binary junk named ".csv" (UnicodeDecodeError,
# a ValueError; csv.Error).
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    EOFError,
    OSError,
    csv.Error,
)


def unreadable_message(name: str, kind: str) -> str:
    """The message for a file that cannot be read as ``kind`` at all, naming the file and the rule."""
    if kind == "xlsx":
        rule = _("An XLSX file must be an Excel workbook saved as .xlsx.")
    else:
        rule = _("A CSV file must be text in UTF-8 with one row per line.")
    return _("The file {name} could not be read. {rule}").format(name=name or "-", rule=rule)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(stream: Any, kind: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(header, iterator of (line number, cells)) from a binary stream of a CSV or XLSX file."""
    if kind == "xlsx":
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_cell(value).lower() for value in next(rows, ())]

        def xlsx_rows() -> Iterator[tuple[int, list[str]]]:
            for line, values in enumerate(rows, start=2):
                cells = [_cell(value) for value in values]
                if any(cells):
                    yield line, cells
            workbook.close()

        return header, xlsx_rows()
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    sample = text.read(4096)
    text.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]

    def csv_rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, [cell.strip() for cell in cells]

    return header, csv_rows()


def header_errors(header: Sequence[str]) -> list[RowError]:
    errors: list[RowError] = []
    for name in header:
        if name and name not in COLUMNS:
            errors.append(RowError(1, name, _("Unknown column; see IMPORT.md for the columns.")))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(RowError(1, name, _("This required column is missing.")))
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, _("This column appears twice.")))
        seen.add(name)
    return errors


# --- Converting one row ----------------------------------------------------------------------------------


def parse_date(value: str) -> datetime.date:
    """A calendar date written YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY (``DATE_FORMATS``); ValueError
    otherwise. Shared with the staff and equipment imports."""
    if len(value) == 10 and value[4] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(value)


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def row_input(values: dict[str, str]) -> tuple[BeneficiaryInput, dict[str, str]]:
    """A row's cells as a ``BeneficiaryInput`` (unreadable cells left empty) and the format problems."""
    problems: dict[str, str] = {}
    sex = SEX_WORDS.get(values.get("sex", "").lower(), values.get("sex", ""))
    dates: dict[str, datetime.date | None] = {}
    for name in ("birth_date", "dtks_snapshot_date"):
        raw = values.get(name, "")
        try:
            dates[name] = parse_date(raw) if raw else None
        except ValueError:
            dates[name] = None
            problems[name] = _("Write the date as YYYY-MM-DD (or DD-MM-YYYY).")
    age: int | None = None
    raw_age = values.get("estimated_age", "")
    if raw_age:
        try:
            age = int(raw_age)
        except ValueError:
            problems["estimated_age"] = _("Write the estimated age as a whole number of years.")
    return (
        BeneficiaryInput(
            full_name=values.get("full_name", ""),
            sex=sex,
            intake_channel=values.get("intake_channel", ""),
            nik=values.get("nik", ""),
            no_nik_reason=values.get("no_nik_reason", ""),
            no_nik_note=values.get("no_nik_note", ""),
            kk_number=values.get("kk_number", ""),
            aliases=_list(values.get("aliases", "")),
            birth_date=dates["birth_date"],
            estimated_age=age,
            birth_place=values.get("birth_place", ""),
            address=values.get("address", ""),
            region_code=values.get("region_code", ""),
            phone=values.get("phone", ""),
            clusters=_list(values.get("clusters", "")),
            disability_types=_list(values.get("disability_types", "")),
            dtks_reference=values.get("dtks_reference", ""),
            dtks_snapshot_date=dates["dtks_snapshot_date"],
        ),
        problems,
    )


# --- Bulk look-ups ----------------------------------------------------------------------------------------
