"""One export mechanism for every list a user can see (CSV with a BOM, or XLSX).

A list view hands over the very rows it would page through (its own scoped selector, filtered by
the same query string), so an export can never show more than the page. Each app declares its lists'
columns once, in its own ``exports`` module (`ExportSpec`); a column that holds a personal identifier
names the roles that work with it in full, and everyone else gets it masked (`Column.mask`, by default
the NIK's rule, `sentra.core.rules.mask_identifier`). Core imports no other app: the specs and the
rows come from the app that owns the list. Every export is written to the access log (category
`export`, the list, the row count and the filters) and recorded in the audit trail (action
`export`: the list's name, format, rows, filters and masked columns) before a byte leaves the server,
and a list longer than `MAX_ROWS` is refused with a message (and nothing recorded) instead of being
cut short silently.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.core.querysets import centre_ids_of
from sentra.core.rules import mask_identifier

FORMATS = ("csv", "xlsx")
MAX_ROWS = 20_000
CHUNK = 500

# Intake verifies identities, case managers contact people: a bulk file gives nobody else the NIK in
# full (they may still reveal one person's, logged). The drill-down export follows the same rule.
NIK_ROLES = frozenset({Role.INTAKE, Role.CASE_MANAGER})

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[Any], Any]
    # Set on a personal identifier: the roles that see it in full; everyone else sees it masked.
    unmasked_for: frozenset[str] | None = None
    # How a masked value is written (the hook for an identifier with a rule of its own).
    mask: Callable[[str], str] = mask_identifier

    def cell(self, row: Any, role: str) -> Any:
        value = self.value(row)
        if value is None:
            return ""
        if self.unmasked_for is not None and role not in self.unmasked_for:
            return self.mask(str(value)) if value else ""
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, Promise):  # a translated label: the spreadsheet needs the text
            return str(value)
        return value


@dataclass(frozen=True)
class ExportSpec:
    name: str  # the file name and the list named in the access log
    title: str | Promise
    columns: tuple[Column, ...]

    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def row(self, item: Any, role: str) -> list[Any]:
        return [column.cell(item, role) for column in self.columns]

    def masked_for(self, role: str) -> list[str]:
        """The labels of the identifier columns the role gets masked."""
        return [
            str(column.label)
            for column in self.columns
            if column.unmasked_for is not None and role not in column.unmasked_for
        ]


def requested_format(request: HttpRequest) -> str | None:
    """`?export=csv|xlsx` on a list URL asks for its export; anything else is the page itself."""
    fmt = request.GET.get("export", "")
    return fmt if fmt in FORMATS else None


def _count(rows: QuerySet[Any] | Sequence[Any]) -> int:
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def _items(rows: QuerySet[Any] | Sequence[Any]) -> Iterator[Any]:
    if isinstance(rows, QuerySet):
        # A fixed order keeps the file stable; iterator() streams without caching every row.
        yield from rows.iterator(chunk_size=CHUNK)
    else:
        yield from rows[0 : len(rows)]


def _csv_lines(header: list[str], body: Iterable[list[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()  # a BOM so spreadsheet programs read UTF-8
    for row in body:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def _xlsx(header: list[str], body: Iterable[list[Any]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in body:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_list(
    request: HttpRequest,
    *,
    user: User,
    spec: ExportSpec,
    rows: QuerySet[Any] | Sequence[Any],
    fmt: str,
    sentra_id: int | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """The export of a list the view has already scoped and filtered exactly as its page."""
    total = _count(rows)
    if total > MAX_ROWS:
        messages.error(
            request,
            _("This list has {count} rows; an export holds at most {limit}. Narrow the filters.").format(
                count=total, limit=MAX_ROWS
            ),
        )
        query = request.GET.copy()
        query.pop("export", None)
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    filters = request.GET.copy()
    filters.pop("export", None)
    for key in list(filters):
        # A search by NIK must not leave the number readable in the log of who exported what.
        value = str(filters.get(key, ""))
        if sum(char.isdigit() for char in value) >= 12:  # NIK, KK, NIP; not a date
            filters[key] = mask_identifier(value)
    if sentra_id is None and not user.is_national and len(own := centre_ids_of(user)) == 1:
        sentra_id = next(iter(own))  # someone working at one centre exports that centre's list
    # The list itself has no row to point at, so the entry is filed under the person who exported it.
    audit.record_access(
        actor=user,
        instance=user,
        category="export",
        purpose=f"{spec.name} export ({fmt}, {total} rows) {filters.urlencode()}",
        sentra_id=sentra_id,
    )
    role = user.role
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type=spec.name,
        object_repr=str(spec.title),
        sentra_id=sentra_id,
        changes={
            "format": fmt,
            "rows": total,
            "filters": {key: values[0] if len(values) == 1 else values for key, values in filters.lists()},
            "masked_columns": spec.masked_for(role),
        },
    )
    body = (spec.row(item, role) for item in _items(rows))
    filename = f"{spec.name}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        lines = _csv_lines(spec.header(), body)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_xlsx(spec.header(), body, str(spec.title)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
