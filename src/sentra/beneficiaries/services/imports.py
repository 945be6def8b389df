"""Bulk import of persons from CSV or XLSX (columns in ``IMPORT.md``).

1. Every row is read and checked first, with the same rules as the registration form; every bad
   row is reported with its line number, column and reason.
2. A file with errors imports nothing, unless the uploader chose "import the valid rows".
3. Re-running a file never duplicates: a row whose NIK (keyed hash) or, without a NIK, whose
   name + birth date + region key is already stored counts as "already registered".
4. Rows are written in batches (``COPY`` on PostgreSQL, ``bulk_create`` elsewhere), progress is
   saved on the ``ImportJob`` as it goes, and one audit event records the import.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import files, permissions, signals
from sentra.beneficiaries.models import Beneficiary, ImportJob, ImportStatus, new_registration_number
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.beneficiaries.services.import_rows import (
    BATCH_SIZE,
    FIELD_TO_COLUMN,
    LIST_SEPARATOR,
    MAX_REPORTED_ERRORS,
    RowError,
    header_errors,
    read_rows,
    row_input,
)
from sentra.beneficiaries.services.registration import (
    Checked,
    Lookups,
    apply,
    check,
)
from sentra.core import audit, crypto
from sentra.core.fields import EncryptedTextField
from sentra.core.models import AuditAction, User
from sentra.network.models import Region, RegionLevel, Sentra


class BulkLookups:
    """The region list loaded once for a whole file (instead of three queries per row)."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.regions: set[str] = set()
        self.districts: frozenset[str] = frozenset()

    def load(self, region_codes: set[str], nik_districts: set[str]) -> None:
        codes = list(region_codes)
        if connection.vendor == "postgresql" and codes:
            self.regions = _any_of(Region._meta.db_table, "code", codes)
        for start in range(0, len(codes) if not self.regions else 0, 5000):
            self.regions.update(
                Region.objects.filter(code__in=codes[start : start + 5000]).values_list("code", flat=True)
            )
        any_district = Region.objects.filter(level=RegionLevel.DISTRICT).exists()
        if any_district:
            districts = list(nik_districts)
            found: set[str] = set()
            if connection.vendor == "postgresql" and districts:
                found = _any_of(Region._meta.db_table, "code", districts)
                districts = []
            for start in range(0, len(districts), 5000):
                found.update(
                    Region.objects.filter(code__in=districts[start : start + 5000]).values_list(
                        "code", flat=True
                    )
                )
            self.districts = frozenset(found)
        self._check_districts = any_district

    def parse_nik(self, raw: str) -> nik_rules.NikParse:
        lookup = self.districts if self._check_districts else None
        return nik_rules.parse_nik(raw, region_known=lookup, today=self.today)

    def region_exists(self, code: str) -> bool:
        return code in self.regions

    def as_lookups(self) -> Lookups:
        return Lookups(parse_nik=self.parse_nik, region_exists=self.region_exists)


def _district_of(raw_nik: str) -> str | None:
    digits = nik_rules.normalise(raw_nik)
    if len(digits) != 16 or not digits.isdigit():
        return None
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def _any_of(table: str, column: str, items: list[str]) -> set[str]:
    """The ``items`` stored in ``table.column``, in one statement: PostgreSQL takes the whole list as a
    single array parameter (``= ANY``), far cheaper to send and plan than an IN list of thousands."""
    with connection.cursor() as cursor:
        # Table and column are model metadata from this module, never input.
        statement = f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" = ANY(%s)'  # noqa: S608
        cursor.execute(statement, [items])
        return {row[0] for row in cursor.fetchall()}


def _existing(field: str, values: set[str]) -> set[str]:
    """Which of ``values`` (NIK hashes or no-NIK keys) are stored already: the import's duplicate check."""
    found: set[str] = set()
    items = [value for value in values if value]
    if connection.vendor == "postgresql" and items:
        return _any_of(Beneficiary._meta.db_table, field, items)
    for start in range(0, len(items), 5000):
        found.update(
            Beneficiary.objects.filter(**{f"{field}__in": items[start : start + 5000]}).values_list(
                field, flat=True
            )
        )
    return found


# --- Writing ----------------------------------------------------------------------------------------------

_COPY_FIELDS = [field for field in Beneficiary._meta.concrete_fields if not field.primary_key]


def _encrypt(value: str) -> str:
    return crypto.encrypt(value) if value else value


def _file_name(value: Any) -> str:
    if not value:
        return ""
    return value if isinstance(value, str) else str(value.name or "")


def _converter(field: Any) -> Callable[[Any], Any] | None:
    """How one field's Python value becomes a COPY value (None: as it is)."""
    if isinstance(field, EncryptedTextField):
        return _encrypt
    if isinstance(field, models.JSONField):
        return json.dumps
    if isinstance(field, models.FileField):
        return _file_name
    return None


_COPY_PLAN = [(field.attname, _converter(field)) for field in _COPY_FIELDS]


def _copy_row(instance: Beneficiary) -> list[Any]:
    values = instance.__dict__
    return [convert(values[name]) if convert else values[name] for name, convert in _COPY_PLAN]


def assign_free_numbers(batch: list[Beneficiary]) -> None:
    """Draw new registration numbers for those already taken (in the table or twice in the batch)."""
    pending = batch
    while pending:
        numbers = [beneficiary.registration_number for beneficiary in pending]
        taken = (
            _any_of(Beneficiary._meta.db_table, "registration_number", numbers)
            if connection.vendor == "postgresql"
            else set(
                Beneficiary.objects.filter(registration_number__in=numbers).values_list(
                    "registration_number", flat=True
                )
            )
        )
        checking = {id(beneficiary) for beneficiary in pending}
        seen: set[str] = set()
        clashing = []
        for beneficiary in batch:
            number = beneficiary.registration_number
            if number in seen or (id(beneficiary) in checking and number in taken):
                beneficiary.registration_number = new_registration_number()
                clashing.append(beneficiary)
            seen.add(beneficiary.registration_number)
        pending = clashing


def write_batch(batch: list[Beneficiary]) -> None:
    """Insert new records: ``COPY`` on PostgreSQL (the fastest path), ``bulk_create`` elsewhere."""
    if not batch:
        return
    assign_free_numbers(batch)
    now = timezone.now()
    for instance in batch:
        instance.created_at = now
        instance.updated_at = now
    if connection.vendor != "postgresql":
        Beneficiary.objects.bulk_create(batch, batch_size=500)
        return
    columns = ", ".join(f'"{field.column}"' for field in _COPY_FIELDS)
    table = Beneficiary._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for instance in batch:
                copy.write_row(_copy_row(instance))


# --- The job ----------------------------------------------------------------------------------------------


def import_job_create(
    *, actor: User, sentra: Sentra, upload: UploadedFile, import_valid_rows: bool = False
) -> ImportJob:
    """Store the uploaded file as a job (the task then runs ``import_job_run``)."""
    if not permissions.may_import(actor, sentra.pk):
        raise PermissionDenied
    files.import_format(upload)
    name = (upload.name or "import")[:200]
    with transaction.atomic():
        job = ImportJob(
            sentra=sentra, original_name=name, import_valid_rows=import_valid_rows, created_by=actor
        )
        job.file.save(name, upload, save=False)
        job.save()
        audit.record_create(actor=actor, instance=job, sentra_id=sentra.pk)
    return job


def _save_progress(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _blank_maker(prototype: Beneficiary) -> Callable[[], Beneficiary]:
    """New unsaved records copied from ``prototype`` without running ``Model.__init__`` for each row.

    ``__init__`` resolves thirty-odd field defaults and descriptors per record: the largest Python
    cost of an import after encryption. A copy of the prototype's values is equivalent because
    ``apply`` then sets every field a row decides (including the four list fields, so no list is
    shared); only the random registration number must be drawn anew, and each copy gets its own
    ``_state``.
    """
    values = dict(prototype.__dict__)
    values.pop("_state", None)

    def make() -> Beneficiary:
        record = Beneficiary.__new__(Beneficiary)
        record.__dict__.update(values)
        record._state = ModelState()
        record.registration_number = new_registration_number()
        return record

    return make


@dataclass
class _Row:
    line: int
    beneficiary: Beneficiary


def import_job_run(*, job_id: int) -> ImportJob:
    """Check every row, then import (all, or the valid ones when chosen). Safe to run again."""
    job = ImportJob.objects.select_related("sentra", "created_by").get(pk=job_id)
    if job.is_finished:
        return job
    try:
        return _run(job)
    except Exception as exc:  # the job must end in a visible state whatever happens
        _save_progress(job, status=ImportStatus.FAILED, failure=str(exc)[:2000], finished_at=timezone.now())
        raise


def _run(job: ImportJob) -> ImportJob:
    today = timezone.localdate()
    _save_progress(job, status=ImportStatus.VALIDATING, started_at=timezone.now())
    kind = "xlsx" if files.sniff(job.file) == "xlsx" else "csv"
    with job.file.open("rb") as stream:
        header, rows_iter = read_rows(stream, kind)
        errors = header_errors(header)
        if errors:
            return _finish_invalid(job, errors, total=0)
        raw_rows = [
            (line, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False)))
            for line, cells in rows_iter
        ]
    total = len(raw_rows)
    _save_progress(job, total_rows=total)
    lookups = BulkLookups(today)
    lookups.load(
        {values.get("region_code", "") for _line, values in raw_rows if values.get("region_code")},
        {district for _line, values in raw_rows if (district := _district_of(values.get("nik", "")))},
    )
    bulk = lookups.as_lookups()
    blank = _blank_maker(
        Beneficiary(registered_sentra_id=job.sentra_id, created_by_id=job.created_by_id, import_job_id=job.pk)
    )
    parsed: list[_Row] = []
    errors = []
    seen_nik: dict[str, int] = {}
    seen_key: dict[str, int] = {}
    for index, (line, values) in enumerate(raw_rows, start=1):
        data, problems = row_input(values)
        row_errors = [RowError(line, column, message) for column, message in problems.items()]
        checked: Checked = check(data, today, bulk)
        for field, messages in checked.errors.items():
            column = FIELD_TO_COLUMN.get(field, field)
            if column not in problems and not (column == "birth_date" and "estimated_age" in problems):
                row_errors.extend(RowError(line, column, message) for message in messages)
        if not row_errors:
            beneficiary = blank()
            apply(beneficiary, data, checked, today)
            key = beneficiary.nik_hash or beneficiary.import_key
            seen = seen_nik if beneficiary.nik_hash else seen_key
            if key in seen:
                column = "nik" if beneficiary.nik_hash else "full_name"
                row_errors.append(
                    RowError(
                        line,
                        column,
                        _("The same person is already on line {line}.").format(line=seen[key]),
                    )
                )
            else:
                seen[key] = line
                parsed.append(_Row(line, beneficiary))
        errors.extend(row_errors)
        if index % 5000 == 0:
            _save_progress(job, processed_rows=index // 2)
    if errors and not job.import_valid_rows:
        return _finish_invalid(job, errors, total=total)
    existing_niks = _existing("nik_hash", set(seen_nik))
    existing_keys = _existing("import_key", set(seen_key))
    new = [
        row.beneficiary
        for row in parsed
        if not (
            (row.beneficiary.nik_hash and row.beneficiary.nik_hash in existing_niks)
            or (not row.beneficiary.nik_hash and row.beneficiary.import_key in existing_keys)
        )
    ]
    existing = len(parsed) - len(new)
    _save_progress(
        job,
        status=ImportStatus.IMPORTING,
        valid_rows=len(parsed),
        error_count=len(errors),
        errors=[error.as_dict() for error in errors[:MAX_REPORTED_ERRORS]],
        processed_rows=total // 2,
    )
    created = 0
    with transaction.atomic():
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            write_batch(batch)
            created += len(batch)
            _save_progress(
                job,
                created_count=created,
                processed_rows=total // 2 + (total - total // 2) * created // max(1, len(new)),
            )
        _save_progress(
            job,
            status=ImportStatus.DONE,
            existing_count=existing,
            processed_rows=total,
            finished_at=timezone.now(),
        )
        audit.record(
            actor=job.created_by,
            action=AuditAction.CREATE,
            object_type="beneficiaries.beneficiary",
            object_repr=_("Import of {file}").format(file=job.original_name)[:200],
            sentra_id=job.sentra_id,
            changes={
                "import_job": [None, job.pk],
                "created": [None, created],
                "already_registered": [None, existing],
                "rows_with_errors": [None, len(errors)],
            },
        )
        signals.beneficiaries_registered.send(
            sender=Beneficiary,
            beneficiaries=Beneficiary.objects.filter(import_job=job, nik_hash="").only(
                "pk",
                "registration_number",
                "full_name",
                "nik_hash",
                "no_nik_reason",
                "registered_sentra_id",
                "merged_into_id",
            ),
            actor=job.created_by,
            import_job_id=job.pk,
        )
    return job


def _finish_invalid(job: ImportJob, errors: list[RowError], *, total: int) -> ImportJob:
    _save_progress(
        job,
        status=ImportStatus.INVALID,
        error_count=len(errors),
        errors=[error.as_dict() for error in errors[:MAX_REPORTED_ERRORS]],
        processed_rows=total,
        finished_at=timezone.now(),
    )
    return job


def as_values(beneficiary: Beneficiary) -> dict[str, str]:
    """The cells of one record in the import format (for exports and round trips)."""
    return {
        "full_name": beneficiary.full_name,
        "sex": beneficiary.sex,
        "intake_channel": beneficiary.intake_channel,
        "nik": beneficiary.nik,
        "no_nik_reason": beneficiary.no_nik_reason,
        "no_nik_note": beneficiary.no_nik_note,
        "kk_number": beneficiary.kk_number,
        "aliases": LIST_SEPARATOR.join(beneficiary.aliases),
        "birth_date": ""
        if beneficiary.birth_date_estimated or not beneficiary.birth_date
        else beneficiary.birth_date.isoformat(),
        "estimated_age": str(beneficiary.estimated_age or "") if beneficiary.birth_date_estimated else "",
        "birth_place": beneficiary.birth_place,
        "address": beneficiary.address,
        "region_code": beneficiary.region_id or "",
        "phone": beneficiary.phone,
        "clusters": LIST_SEPARATOR.join(beneficiary.clusters),
        "disability_types": LIST_SEPARATOR.join(beneficiary.disability_types),
        "dtks_reference": beneficiary.dtks_reference,
        "dtks_snapshot_date": beneficiary.dtks_snapshot_date.isoformat()
        if beneficiary.dtks_snapshot_date
        else "",
    }
