"""Standard reports as PDF (WeasyPrint) and XLSX (openpyxl): the monthly centre report and the
quarterly national report per cluster. Generated on demand or on schedule (Celery beat), the file
waits in the owner's inbox (``ReportFile``). Figures come from the rollups, as on the dashboards; the
national report applies the same small-cell suppression as the national dashboard.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.insights.models import ReportFile, ReportFormat, ReportKind
from sentra.insights.rules.periods import month_end, quarter_months
from sentra.insights.rules.suppression import display
from sentra.insights.selectors import dashboards, national
from sentra.network.models import Cluster, Sentra


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass
class Report:
    title: str
    subtitle: str
    tables: list[Table]
    landscape: bool = False  # a wide table (e.g. every centre with nine element scores)


def _centre_report(centre: Sentra, month: datetime.date) -> Report:
    period = dashboards.Period(1, month, month)
    figures = dashboards.centre_figures(centre=centre, period=period)
    status = figures.status
    flows = figures.flows
    components = dashboards.component_labels()
    key_rows: list[list[Any]] = [
        [_("Open cases"), figures.active],
        [_("Intake"), flows.intake],
        [_("Terminations"), flows.terminated],
        [_("Services delivered"), flows.services],
        [_("Mean days from intake to assessment"), flows.assessment_mean_days or "—"],
        [_("Mean days from intake to approved plan"), flows.plan_mean_days or "—"],
        [_("Referrals received"), flows.referrals_received],
        [_("Referrals answered on time (%)"), flows.referrals_on_time_percent or "—"],
        [_("Waiting list"), status.waiting if status else 0],
        [_("Residential occupancy (%)"), figures.occupancy_percent or "—"],
        [_("Overdue tasks"), status.overdue_tasks if status else 0],
        [_("Complaints received"), figures.complaints.received],
        [_("Complaints resolved within deadline (%)"), figures.complaints.on_time_percent or "—"],
        [_("Satisfaction index (IKM)"), (status.ikm.get("value") if status and status.ikm else None) or "—"],
    ]
    stage_labels = [label for _value, label in dashboards.stage_choices()]
    return Report(
        title=_("Monthly centre report"),
        subtitle=f"{centre.name} · {month:%Y-%m}",
        tables=[
            Table(_("Key figures"), [_("Indicator"), _("Value")], key_rows),
            Table(
                _("Open cases by cluster and stage"),
                [_("Cluster"), *stage_labels, _("Total")],
                [[label, *counts, total] for _c, label, counts, total in figures.stage_table],
            ),
            Table(
                _("Services delivered by ATENSI component"),
                [_("Component"), _("Sessions")],
                [
                    [f"{key}. {components.get(key, key)}", value]
                    for key, value in sorted(
                        flows.services_by_component.items(), key=lambda item: int(item[0])
                    )
                ],
            ),
            Table(
                _("Terminations by reason"),
                [_("Reason"), _("Cases")],
                [
                    [dashboards.termination_label(key), value]
                    for key, value in sorted(flows.terminations.items())
                ],
            ),
        ],
    )


def _national_report(user: User, year: int, quarter: int, cluster: str) -> Report:
    first, last = quarter_months(year, quarter)
    today = month_end(last)
    view = national.national_view(
        user=user, filters=national.NationalFilters(cluster=cluster, months=3, rank="active"), today=today
    )
    rows = [
        [
            row.centre.name,
            row.province,
            display(row.shown.get("active")),
            display(row.shown.get("intake")),
            display(row.shown.get("terminated")),
            display(row.shown.get("waiting")),
            row.values.get("assessment_days") if row.values.get("assessment_days") is not None else "—",
            row.values.get("ikm") or "—",
        ]
        for row in view.rows
    ]
    rows.append(
        [
            _("Total"),
            "",
            display(view.totals["active"]),
            display(view.totals["intake"]),
            display(view.totals["terminated"]),
            display(view.totals["waiting"]),
            "",
            "",
        ]
    )
    return Report(
        title=_("Quarterly national report"),
        subtitle=f"{dashboards.cluster_label(cluster)} · {year} Q{quarter} ({first:%m/%Y}\u2013{last:%m/%Y})",
        tables=[
            Table(
                _("Centres side by side (counts under 5 people are shown as <5)"),
                [
                    _("Centre"),
                    _("Province"),
                    _("Open cases"),
                    _("Intake"),
                    _("Terminations"),
                    _("Waiting"),
                    _("Days to assessment"),
                    "IKM",
                ],
                rows,
            ),
            Table(
                _("Intake by month"),
                [_("Month"), _("Intake")],
                [[f"{month:%Y-%m}", display(value)] for month, value in view.trend],
            ),
        ],
    )


def _pdf(report: Report) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string("insights/report_pdf.html", {"report": report, "generated": timezone.now()})
    return bytes(HTML(string=html).write_pdf())


def _xlsx(report: Report) -> bytes:
    workbook = Workbook()
    first = workbook.active
    workbook.remove(first)
    for index, table in enumerate(report.tables, start=1):
        sheet = workbook.create_sheet(f"{index} {table.title}"[:31].replace("/", "-"))
        sheet.append([report.title, report.subtitle])
        sheet.append([])
        sheet.append(table.header)
        for row in table.rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def store(
    *,
    owner: User,
    kind: str,
    sentra: Sentra | None,
    cluster: str,
    period: str,
    fmt: str,
    report: Report,
    scheduled: bool,
    content: bytes | None = None,
) -> ReportFile:
    """Render ``report`` (unless the app that owns the figures rendered ``content`` itself) and put the
    file in the owner's inbox, replacing the same report made before."""
    if content is None:
        content = _pdf(report) if fmt == ReportFormat.PDF else _xlsx(report)
    name = f"{kind}-{sentra.code if sentra else 'national'}-{cluster or 'all'}-{period}.{fmt}"
    with transaction.atomic():
        existing = ReportFile.objects.filter(
            owner=owner, kind=kind, sentra=sentra, cluster=cluster, period=period, format=fmt
        ).first()
        if existing is not None:
            existing.file.delete(save=False)
            existing.file.save(name, ContentFile(content), save=False)
            existing.created_at = timezone.now()
            existing.read_at = None
            existing.save()
            return existing
        item = ReportFile(
            owner=owner,
            kind=kind,
            sentra=sentra,
            cluster=cluster,
            period=period,
            format=fmt,
            scheduled=scheduled,
        )
        item.file.save(name, ContentFile(content), save=False)
        item.save()
        audit.record_create(
            actor=None if scheduled else owner,
            instance=item,
            sentra_id=sentra.pk if sentra else None,
            actor_label="scheduler" if scheduled else None,
        )
        return item


def centre_report_create(
    *,
    actor: User,
    sentra: Sentra,
    month: datetime.date,
    fmt: str,
    scheduled: bool = False,
    language: str = "id",
) -> ReportFile:
    if actor.role not in (Role.CENTRE_HEAD, Role.SYSADMIN):
        raise PermissionDenied
    if not Sentra.objects.visible_to(actor).filter(pk=sentra.pk).exists():
        raise PermissionDenied
    if fmt not in ReportFormat.values:
        raise ValidationError({"format": _("Format: choose PDF or XLSX.")})
    with translation.override(language):
        report = _centre_report(sentra, month)
    return store(
        owner=actor,
        kind=ReportKind.CENTRE_MONTHLY,
        sentra=sentra,
        cluster="",
        period=f"{month:%Y-%m}",
        fmt=fmt,
        report=report,
        scheduled=scheduled,
    )


def national_report_create(
    *,
    actor: User,
    year: int,
    quarter: int,
    cluster: str,
    fmt: str,
    scheduled: bool = False,
    language: str = "id",
) -> ReportFile:
    if actor.role not in (Role.NATIONAL_ANALYST, Role.SYSADMIN):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if cluster not in Cluster.values:
        errors["cluster"] = _("Cluster: choose one of the ATENSI clusters.")
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        errors["quarter"] = _("Quarter: choose a quarter from 1 to 4 of a year from 2000.")
    if fmt not in ReportFormat.values:
        errors["format"] = _("Format: choose PDF or XLSX.")
    if errors:
        raise ValidationError(errors)
    with translation.override(language):
        report = _national_report(actor, year, quarter, cluster)
    return store(
        owner=actor,
        kind=ReportKind.NATIONAL_QUARTERLY,
        sentra=None,
        cluster=cluster,
        period=f"{year}-Q{quarter}",
        fmt=fmt,
        report=report,
        scheduled=scheduled,
    )


def report_open(*, actor: User, item: ReportFile) -> ReportFile:
    """The owner downloads a report from the inbox: a file leaving the server, recorded in the audit
    trail as an export (the report kind, format and period)."""
    with transaction.atomic():
        if item.read_at is None:
            item.read_at = timezone.now()
            item.save(update_fields=["read_at"])
        audit.record(
            actor=actor,
            action=AuditAction.EXPORT,
            object_type=f"report-{item.kind}",
            object_id=str(item.pk),
            object_repr=item.file.name.rsplit("/", 1)[-1],
            sentra_id=item.sentra_id,
            changes={
                "format": item.format,
                "filters": {"period": item.period, "cluster": item.cluster, "centre": item.sentra_id},
                "scheduled": item.scheduled,
            },
        )
    return item
