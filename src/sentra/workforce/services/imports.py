"""Import of staff lists from CSV or XLSX, with the rules of the staff form applied to every row.

Like the beneficiary import (``sentra.beneficiaries.services.imports``; the file reader, the row error
and the date rule come from its ``import_rows``): every row is checked first and every bad row is
reported with its line, column and reason; a file with any error imports nothing; re-running a file
never duplicates (a row whose employee number, or else name and start date, is already on the
centre's staff counts as already there).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.beneficiaries.services.import_rows import (
    UNREADABLE,
    RowError,
    parse_date,
    read_rows,
    unreadable_message,
)
from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.network.models import Sentra
from sentra.workforce.models import Credential, CredentialKind, StaffMember
from sentra.workforce.services._common import Errors, may_manage_staff
from sentra.workforce.services.staff import validate_credential, validate_staff

COLUMNS = (
    "full_name",
    "employee_number",
    "sex",
    "profession",
    "peksos_level",
    "employment_type",
    "functional_rank",
    "position",
    "start_date",
    "end_date",
    "languages",
    "clusters",
    "username",
    "certificate_number",
    "certificate_date",
    "str_number",
    "str_expires_on",
)
REQUIRED_COLUMNS = ("full_name", "profession", "employment_type", "start_date")
DATE_COLUMNS = ("start_date", "end_date", "certificate_date", "str_expires_on")
LIST_SEPARATOR = ";"


@dataclass
class ImportResult:
    created: int = 0
    already_there: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_errors(header: list[str]) -> list[RowError]:
    errors = [
        RowError(1, name, _("Unknown column; the columns are listed in docs/workforce.md."))
        for name in header
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(1, name, _("This required column is missing."))
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    return errors


@dataclass
class _Parsed:
    line: int
    staff: StaffMember
    credentials: list[Credential]


def _parse(
    line: int, values: dict[str, str], sentra: Sentra, users: dict[str, User]
) -> tuple[_Parsed | None, list[RowError]]:
    errors: list[RowError] = []
    dates: dict[str, datetime.date | None] = {}
    for column in DATE_COLUMNS:
        raw = values.get(column, "")
        try:
            dates[column] = parse_date(raw) if raw else None
        except ValueError:
            errors.append(RowError(line, column, _("Not a date: write YYYY-MM-DD or DD/MM/YYYY.")))
            dates[column] = None
    user = None
    username = values.get("username", "")
    if username:
        user = users.get(username)
        if user is None:
            errors.append(RowError(line, "username", _("No user account with this username.")))
    split = [
        item.strip().lower() for item in values.get("languages", "").split(LIST_SEPARATOR) if item.strip()
    ]
    clusters = [
        item.strip().lower() for item in values.get("clusters", "").split(LIST_SEPARATOR) if item.strip()
    ]
    staff = StaffMember(
        sentra=sentra,
        user=user,
        full_name=values.get("full_name", ""),
        employee_number=values.get("employee_number", ""),
        sex=values.get("sex", "").upper(),
        profession=values.get("profession", "").lower(),
        peksos_level=values.get("peksos_level", "").lower(),
        employment_type=values.get("employment_type", "").lower(),
        functional_rank=values.get("functional_rank", ""),
        position=values.get("position", ""),
        # None when missing or unreadable: validate_staff names the field
        start_date=dates["start_date"],  # type: ignore[misc]
        end_date=dates["end_date"],
        languages=sorted(set(split)),
        clusters=sorted(set(clusters)),
    )
    problems = Errors()
    validate_staff(staff, problems)
    credentials = []
    if values.get("certificate_number"):
        credentials.append(
            Credential(
                kind=CredentialKind.SERTIFIKAT_KOMPETENSI,
                number=values["certificate_number"],
                issued_on=dates["certificate_date"],
            )
        )
    if values.get("str_number"):
        credentials.append(
            Credential(
                kind=CredentialKind.STR, number=values["str_number"], expires_on=dates["str_expires_on"]
            )
        )
    renames: dict[str, dict[str, str]] = {
        CredentialKind.SERTIFIKAT_KOMPETENSI.value: {
            "number": "certificate_number",
            "issued_on": "certificate_date",
        },
        CredentialKind.STR.value: {"number": "str_number", "expires_on": "str_expires_on"},
    }
    for credential in credentials:
        found = Errors()
        validate_credential(credential, found)
        for name, messages in found.by_field.items():
            for message in messages:
                problems.add(renames[credential.kind].get(name, name), message)
    for name, messages in problems.by_field.items():
        if (
            name == "start_date"
            and dates["start_date"] is None
            and any(e.column == "start_date" for e in errors)
        ):
            continue
        errors.extend(RowError(line, name, message) for message in messages)
    if errors:
        return None, errors
    return _Parsed(line, staff, credentials), []


def staff_import(*, actor: User, sentra: Sentra, stream: Any, kind: str, name: str = "") -> ImportResult:
    """Check every row, then write all of them in one transaction (or none when any row is bad)."""
    if not may_manage_staff(actor, sentra.pk):
        raise PermissionDenied
    result = ImportResult()
    try:
        header, rows = read_rows(stream, kind)
        header_problems = _header_errors(header)
        if header_problems:
            result.errors = header_problems
            return result
        raw = [(line, dict(zip(header, cells, strict=False))) for line, cells in rows]
    except UNREADABLE:
        result.errors = [RowError(0, "file", unreadable_message(name, kind))]
        return result
    result.rows = len(raw)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[v.get("username", "") for _l, v in raw if v.get("username")]
        )
    }
    existing_numbers = set(
        StaffMember.objects.filter(sentra=sentra)
        .exclude(employee_number="")
        .values_list("employee_number", flat=True)
    )
    existing_keys = {
        (name.casefold(), start)
        for name, start in StaffMember.objects.filter(sentra=sentra).values_list("full_name", "start_date")
    }
    seen_numbers: dict[str, int] = {}
    to_write: list[_Parsed] = []
    for line, values in raw:
        number = values.get("employee_number", "")
        if number and number in existing_numbers:
            result.already_there += 1
            continue
        parsed, errors = _parse(line, values, sentra, users)
        if (
            parsed is not None
            and not number
            and (parsed.staff.full_name.casefold(), parsed.staff.start_date) in existing_keys
        ):
            result.already_there += 1
            continue
        if number:
            if number in seen_numbers:
                errors.append(
                    RowError(
                        line,
                        "employee_number",
                        _("Same employee number as line {line}.").format(line=seen_numbers[number]),
                    )
                )
                parsed = None
            seen_numbers.setdefault(number, line)
        result.errors.extend(errors)
        if parsed is not None:
            to_write.append(parsed)
    if result.errors:
        return result
    with transaction.atomic():
        for parsed in to_write:
            parsed.staff.save()
            for credential in parsed.credentials:
                credential.staff = parsed.staff
                credential.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="workforce.staffmember",
            object_repr=_("Staff import: {count} records").format(count=len(to_write)),
            sentra_id=sentra.pk,
            changes={"created": [None, [p.staff.pk for p in to_write]]},
        )
    result.created = len(to_write)
    return result
