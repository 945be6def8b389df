"""The XLSX of a period's raw responses (openpyxl): one row per questionnaire, plus the IKM sheet."""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from sentra.core.exports import Column, ExportSpec
from sentra.quality.models import SurveyPeriod, SurveyResponse
from sentra.quality.rules.ikm import ELEMENT_NAMES, IkmResult

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def responses_workbook(
    *, period: SurveyPeriod, responses: Iterable[SurveyResponse], result: IkmResult
) -> bytes:
    zone = zoneinfo.ZoneInfo(period.sentra.time_zone or "Asia/Jakarta")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Responses")[:31]
    header = [
        _("No."),
        _("Submitted at"),
        _("Channel"),
        _("One-time code used"),
        _("Questionnaire number"),
        *ELEMENT_NAMES,
        _("Sex"),
        _("Age group"),
        _("Education"),
        _("Occupation"),
        _("Service received"),
        _("Served by"),
        _("Suggestions"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, response in enumerate(responses, start=1):
        sheet.append(
            [
                number,
                response.submitted_at.astimezone(zone).replace(tzinfo=None),
                str(response.get_channel_display()),
                _("yes") if response.one_time_code_id else _("no"),
                response.paper_number,
                *[getattr(response, name) for name in ELEMENT_NAMES],
                str(response.get_sex_display()) if response.sex else "",
                str(response.get_age_group_display()) if response.age_group else "",
                str(response.get_education_display()) if response.education else "",
                str(response.get_occupation_display()) if response.occupation else "",
                response.service.code if response.service else "",
                (response.served_by.get_full_name() or response.served_by.username)
                if response.served_by
                else "",
                response.suggestions,
            ]
        )
    sheet.freeze_panes = "B2"
    summary = book.create_sheet(_("IKM")[:31])
    summary.append([_("Centre"), period.sentra.name])
    summary.append([_("Period"), period.label])
    summary.append([_("Respondents"), result.respondents])
    summary.append([])
    summary.append([_("Element"), _("Answered"), _("Sum"), "NRR", "NRR x 25"])
    for name, element in result.elements.items():
        summary.append(
            [
                name,
                element.answered,
                element.total,
                float(element.nrr_rounded) if element.nrr_rounded is not None else None,
                float(element.ikm) if element.ikm is not None else None,
            ]
        )
    summary.append([])
    summary.append(
        [_("IKM (1-4)"), float(result.ikm_unit_rounded) if result.ikm_unit_rounded is not None else None]
    )
    summary.append([_("IKM (25-100)"), float(result.ikm) if result.ikm is not None else None])
    summary.append([_("Grade"), result.grade.letter if result.grade else None])
    summary.append(
        [_("Method"), _("PermenPANRB 14/2017: mean of element NRR, exact 1/9 weight, x 25, rounded half up.")]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The complaint list page's export: the page's columns, no complainant's contact (that stays on the
# complaint). The shared mechanism (``sentra.core.exports``) does the rest.
COMPLAINTS = ExportSpec(
    name="complaints",
    title=gettext_lazy("Complaints"),
    columns=(
        Column(gettext_lazy("Code"), lambda c: c.tracking_code),
        Column(gettext_lazy("Centre"), lambda c: c.sentra.name),
        Column(gettext_lazy("Category"), lambda c: c.category.label if c.category else ""),
        Column(gettext_lazy("Received"), lambda c: timezone.localtime(c.received_at).date()),
        Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
        Column(gettext_lazy("Resolve by"), lambda c: c.resolve_by),
        Column(gettext_lazy("Handled by"), lambda c: c.assigned_to.get_full_name() if c.assigned_to else ""),
    ),
)
