"""Scoped exports of the lists behind the dashboard figures (CSV/XLSX), logged in the access log and
recorded in the audit trail (action ``export``).

Identifiers are masked unless the role works with them: intake staff verify identities and case
managers contact their people, so they get the NIK in full; everyone else (heads, administrators,
national users under break-glass) gets it masked. A national user's export also masks names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from sentra.cases.models import Case
from sentra.core import audit
from sentra.core.exports import NIK_ROLES
from sentra.core.models import AuditAction, User
from sentra.core.rules import mask_identifier as mask
from sentra.insights.models import BreakGlassGrant
from sentra.network.models import Sentra

FULL_IDENTIFIER_ROLES = NIK_ROLES  # the shared list exports' rule (sentra.core.exports)
MAX_ROWS = 50_000


def mask_name(name: str) -> str:
    """Initials only: "Siti Aminah" -> "S. A."."""
    return " ".join(f"{part[0]}." for part in name.split() if part)


def case_rows(*, user: User, cases: QuerySet[Case], grant: BreakGlassGrant | None) -> list[list[Any]]:
    full_ids = user.role in FULL_IDENTIFIER_ROLES and grant is None
    rows: list[list[Any]] = []
    for case in cases[:MAX_ROWS]:
        person = case.beneficiary
        nik = person.nik or ""
        rows.append(
            [
                case.case_number,
                person.registration_number,
                mask_name(person.full_name) if grant is not None else person.full_name,
                nik if full_ids else (mask(nik) if nik else ""),
                case.get_cluster_display(),
                case.get_stage_display(),
                case.opened_on.isoformat(),
                case.terminated_on.isoformat() if case.terminated_on else "",
                case.get_termination_reason_display() if case.termination_reason else "",
            ]
        )
    return rows


def case_header() -> list[str]:
    return [
        _("Case number"),
        _("Registration number"),
        _("Name"),
        _("NIK"),
        _("Cluster"),
        _("Stage"),
        _("Opened on"),
        _("Terminated on"),
        _("Termination reason"),
    ]


def to_csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # a BOM so spreadsheet programs read UTF-8


def to_xlsx(header: list[str], rows: Iterable[list[Any]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_cases(
    *,
    user: User,
    centre: Sentra,
    cases: QuerySet[Case],
    grant: BreakGlassGrant | None,
    fmt: str,
    filters: str,
) -> bytes:
    rows = case_rows(user=user, cases=cases, grant=grant)
    why = f" break-glass: {grant.reason}" if grant else ""
    audit.record_access(
        actor=user,
        instance=centre,
        category="export",
        purpose=f"case list export ({fmt}, {len(rows)} rows){why} {filters}",
        sentra_id=centre.pk,
    )
    masked = (
        [_("Name"), _("NIK")]
        if grant is not None
        else []
        if user.role in FULL_IDENTIFIER_ROLES
        else [_("NIK")]
    )
    changes: dict[str, Any] = {"format": fmt, "rows": len(rows), "filters": filters, "masked_columns": masked}
    if grant is not None:
        changes["break_glass"] = {"grant": grant.pk, "reason": grant.reason}
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="dashboard-cases",
        object_id=str(centre.pk),
        object_repr=str(centre)[:200],
        sentra_id=centre.pk,
        changes=changes,
    )
    if fmt == "csv":
        return to_csv(case_header(), rows)
    return to_xlsx(case_header(), rows, _("Cases"))
