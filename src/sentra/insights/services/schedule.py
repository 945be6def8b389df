"""The scheduled reports: what lands in the inboxes on the first of a month and of a quarter.

Apart from ``reports`` and ``module_reports`` because it calls both (``module_reports`` builds on
``reports.store``), so neither has to import the other inside a function.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from sentra.core.models import Role, User
from sentra.insights.models import ReportFormat
from sentra.insights.rules.periods import add_months, previous_quarter
from sentra.insights.services import module_reports, reports
from sentra.network.models import Cluster, Sentra


def generate_scheduled(*, today: datetime.date | None = None) -> dict[str, int]:
    """On the first of a month, last month's centre report for each centre head; on the first of a
    quarter, last quarter's national reports (one per cluster), the national equipment plan and the
    national IKM report of the latest ended semester for each analyst. Re-running replaces the
    file in the inbox, never duplicates it."""
    today = today or timezone.localdate()
    made = {"centre": 0, "national": 0, "ikm": 0, "national_ikm": 0, "staff_training": 0, "equipment": 0}
    if today.day != 1:
        return made
    last_month = add_months(today.replace(day=1), -1)
    for head in User.objects.filter(role=Role.CENTRE_HEAD, is_active=True):
        for centre in Sentra.objects.visible_to(head).filter(is_active=True):
            reports.centre_report_create(
                actor=head, sentra=centre, month=last_month, fmt=ReportFormat.PDF, scheduled=True
            )
            made["centre"] += 1
            for key, create in (
                ("staff_training", module_reports.staff_training_report_create),
                ("equipment", module_reports.equipment_report_create),
                ("ikm", module_reports.ikm_report_create),
            ):
                try:
                    create(actor=head, sentra=centre, fmt=ReportFormat.PDF, scheduled=True)
                except ValidationError:
                    continue  # no data for it yet (e.g. no published survey period): nothing to file
                made[key] += 1
    if today.month in (1, 4, 7, 10):
        year, quarter = previous_quarter(today)
        for analyst in User.objects.filter(role=Role.NATIONAL_ANALYST, is_active=True):
            for cluster in Cluster.values:
                reports.national_report_create(
                    actor=analyst,
                    year=year,
                    quarter=quarter,
                    cluster=cluster,
                    fmt=ReportFormat.XLSX,
                    scheduled=True,
                )
                made["national"] += 1
            module_reports.equipment_report_create(
                actor=analyst, sentra=None, fmt=ReportFormat.XLSX, scheduled=True
            )
            made["equipment"] += 1
            # The latest semester that has ended; made again each quarter, so late publications join.
            semester = module_reports.SurveyPeriodChoice.last_ended(today)
            try:
                module_reports.national_ikm_report_create(
                    actor=analyst, period=semester.code, fmt=ReportFormat.XLSX, scheduled=True
                )
            except ValidationError:
                pass  # no centre has published that semester yet: nothing to file
            else:
                made["national_ikm"] += 1
    return made
