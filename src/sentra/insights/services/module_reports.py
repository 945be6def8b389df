"""Standard reports built from other apps' public selectors (issue 9): the IKM report (quality's
period report of the centre's latest published survey period), the staff and training report
(workforce and training) and the equipment gap and budget proposal (equipment's plan). Each as PDF
and XLSX, into the same inbox as the monthly and quarterly reports.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sentra.core.models import Role, User
from sentra.equipment import exports as equipment_exports
from sentra.equipment.selectors import plans as equipment_plans
from sentra.insights.models import ReportFile, ReportFormat, ReportKind
from sentra.insights.services import reports
from sentra.insights.services.reports import Report, Table, store
from sentra.network.models import Sentra
from sentra.quality import reports as quality_reports
from sentra.quality.models import SurveyPeriod
from sentra.quality.selectors import report as quality_report
from sentra.training.models import Application, Participant, ParticipantStatus
from sentra.workforce.models import StaffProfession
from sentra.workforce.selectors import facts as workforce_facts
from sentra.workforce.selectors import gaps as workforce_gaps

CENTRE_ROLES = (Role.CENTRE_HEAD, Role.SYSADMIN)
PDF_LINES = 300  # the PDF lists the first lines of a national plan; the XLSX has them all


def _check(actor: User, sentra: Sentra | None, fmt: str, *, national_allowed: bool = False) -> None:
    roles = (*CENTRE_ROLES, Role.NATIONAL_ANALYST) if national_allowed else CENTRE_ROLES
    if actor.role not in roles:
        raise PermissionDenied
    if fmt not in ReportFormat.values:
        raise ValidationError({"format": _("Format: choose PDF or XLSX.")})
    if sentra is None:
        if not (national_allowed and actor.role in (Role.NATIONAL_ANALYST, Role.SYSADMIN)):
            raise ValidationError({"centre_id": _("Centre: choose one of your centres.")})
    elif (
        actor.role == Role.NATIONAL_ANALYST
        or not Sentra.objects.visible_to(actor).filter(pk=sentra.pk).exists()
    ):
        raise PermissionDenied


# --- IKM ---------------------------------------------------------------------------------------------


def _latest_published(actor: User, sentra: Sentra) -> SurveyPeriod:
    period = (
        SurveyPeriod.objects.visible_to(actor)
        .filter(sentra=sentra, published_at__isnull=False)
        .select_related("sentra", "published_by")
        .order_by("-ends_on", "-pk")
        .first()
    )
    if period is None:
        raise ValidationError({"centre_id": _("IKM report: the centre has no published survey period yet.")})
    return period


def _ikm_tables(data: dict[str, Any]) -> Report:
    period: SurveyPeriod = data["period"]
    result = data["result"]
    grade = result.grade
    return Report(
        title=_("IKM report"),
        subtitle=f"{period.sentra.name} · {period.label}",
        tables=[
            Table(
                _("Satisfaction index (IKM)"),
                [_("Indicator"), _("Value")],
                [
                    [_("Respondents"), result.respondents],
                    ["IKM", float(result.ikm) if result.ikm is not None else "—"],
                    [_("Grade"), f"{grade.letter} ({grade.label_id})" if grade else "—"],
                ],
            ),
            Table(
                _("Service elements"),
                [_("Element"), _("Answers"), "NRR"],
                [
                    [
                        row["title"],
                        row["result"].answered,
                        float(nrr) if (nrr := row["result"].nrr_rounded) else "—",
                    ]
                    for row in data["elements"]
                ],
            ),
        ],
    )


def ikm_report_create(
    *, actor: User, sentra: Sentra | None, fmt: str, scheduled: bool = False, language: str = "id"
) -> ReportFile:
    _check(actor, sentra, fmt)
    assert sentra is not None
    period = _latest_published(actor, sentra)
    with translation.override(language):
        data = quality_report.period_report_data(user=actor, period=period, language=language)
        report = _ikm_tables(data)
        content = (
            quality_reports.period_report_pdf({**data, "LANGUAGE_CODE": language})
            if fmt == ReportFormat.PDF
            else None
        )
    return store(
        owner=actor,
        kind=ReportKind.IKM,
        sentra=sentra,
        cluster="",
        period=f"{period.year}-{period.kind}{period.half or ''}"[:20],
        fmt=fmt,
        report=report,
        scheduled=scheduled,
        content=content,
    )


# --- staff and training ------------------------------------------------------------------------------


def _staff_training(sentra: Sentra, today: datetime.date) -> Report:
    staff = workforce_facts.active_staff([sentra.pk], today)
    ids = [member.pk for member in staff]
    professions = dict(StaffProfession.choices)
    by_profession = Counter(member.profession for member in staff)
    credentials = workforce_facts.credentials_of(ids)
    valid = sum(
        1
        for rows in credentials.values()
        for credential in rows
        if credential.revoked_on is None and (credential.expires_on is None or credential.expires_on >= today)
    )
    gap = workforce_gaps.gap_report(sentra.pk, today=today)
    year_ago = today - datetime.timedelta(days=365)
    completed = Counter(
        Participant.objects.filter(
            staff_id__in=ids,
            status=ParticipantStatus.COMPLETED,
            completed_on__gt=year_ago,
            completed_on__lte=today,
        ).values_list("session__course__title", flat=True)
    )
    overseas = Counter(
        Application.objects.filter(staff__sentra=sentra).values_list("programme__title", "status")
    )
    return Report(
        title=_("Staff and training report"),
        subtitle=f"{sentra.name} · {today:%Y-%m-%d}",
        tables=[
            Table(
                _("Staff by profession"),
                [_("Profession"), _("Staff on post"), _("Staff needed"), _("Shortfall")],
                [
                    [str(professions.get(code, code)), by_profession.get(code, 0), needed, short]
                    for code, needed, short in sorted(
                        {
                            **{code: (code, 0, 0) for code in by_profession},
                            **{
                                g.profession: (g.profession, g.staff_needed, g.shortfall)
                                for g in gap.profession_gaps
                            },
                        }.values()
                    )
                ],
            ),
            Table(
                _("Credentials"),
                [_("Indicator"), _("Value")],
                [[_("Valid credentials"), valid], [_("Credentials expiring soon"), len(gap.expiring)]],
            ),
            Table(
                _("Credentials expiring soon"),
                [_("Kind"), _("Expires on"), _("Days left")],
                [[row.kind, row.expires_on, row.days_left] for row in gap.expiring],
            ),
            Table(
                _("Competencies below need"),
                [_("Competency"), _("Level"), _("Staff needed"), _("Staff at level")],
                [
                    [row.competency, row.required_level, row.staff_needed, row.staff_at_level]
                    for row in gap.competencies_below_need
                ],
            ),
            Table(
                _("Trainings completed in the last 12 months"),
                [_("Course"), _("Staff")],
                [[title, count] for title, count in sorted(completed.items())],
            ),
            Table(
                _("Overseas programmes"),
                [_("Programme"), _("Status"), _("Applications")],
                [[title, status, count] for (title, status), count in sorted(overseas.items())],
            ),
        ],
    )


def staff_training_report_create(
    *, actor: User, sentra: Sentra | None, fmt: str, scheduled: bool = False, language: str = "id"
) -> ReportFile:
    _check(actor, sentra, fmt)
    assert sentra is not None
    today = timezone.localdate()
    with translation.override(language):
        report = _staff_training(sentra, today)
    return store(
        owner=actor,
        kind=ReportKind.STAFF_TRAINING,
        sentra=sentra,
        cluster="",
        period=f"{today:%Y-%m}",
        fmt=fmt,
        report=report,
        scheduled=scheduled,
    )


# --- equipment gap and budget proposal ---------------------------------------------------------------


def _equipment(plan: equipment_plans.NationalPlan, title: str) -> Report:
    kinds = equipment_exports.kind_labels()
    return Report(
        title=_("Equipment gap and budget proposal"),
        subtitle=title,
        tables=[
            Table(
                _("By centre"),
                [_("Centre"), _("Quantity"), _("Cost (Rp)")],
                [[row.centre.name, row.quantity, row.cost] for row in plan.by_centre]
                + [[_("Total"), plan.total_quantity, plan.total_cost]],
            ),
            Table(
                _("By item type"),
                [_("Item type"), _("Quantity"), _("Cost (Rp)")],
                [[row.item_type.name_id, row.quantity, row.cost] for row in plan.by_type],
            ),
            Table(
                _("Purchase lines in order of priority"),
                [_("Centre"), _("Reason"), _("Item type"), _("Quantity"), _("Cost (Rp)")],
                [
                    [
                        plan.centres[line.centre_id].name
                        if line.centre_id in plan.centres
                        else line.centre_id,
                        kinds.get(line.kind, line.kind),
                        plan.item_types[line.item_type_id].name_id
                        if line.item_type_id in plan.item_types
                        else line.item_type_id,
                        line.quantity,
                        line.cost,
                    ]
                    for line in plan.lines[:PDF_LINES]
                ],
            ),
        ],
    )


def equipment_report_create(
    *, actor: User, sentra: Sentra | None, fmt: str, scheduled: bool = False, language: str = "id"
) -> ReportFile:
    _check(actor, sentra, fmt, national_allowed=True)
    today = timezone.localdate()
    try:
        plan = equipment_plans.national_plan(
            user=actor, today=today, centre_ids=[sentra.pk] if sentra is not None else None
        )
    except Http404:
        raise PermissionDenied from None
    with translation.override(language):
        title = f"{sentra.name if sentra else _('All centres')} · {plan.plan_year}"
        report = _equipment(plan, title)
        content = (
            equipment_exports.plan_workbook(plan, title=f"{report.title} · {title}")
            if fmt == ReportFormat.XLSX
            else None
        )
    return store(
        owner=actor,
        kind=ReportKind.EQUIPMENT_PLAN,
        sentra=sentra,
        cluster="",
        period=str(plan.plan_year),
        fmt=fmt,
        report=report,
        scheduled=scheduled,
        content=content,
    )


# --- one entry point for every kind (the inbox form and the API) ------------------------------------


def _month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a month, no time of day
    except ValueError:
        return None


def report_request(
    *,
    actor: User,
    kind: str,
    fmt: str,
    centre: Sentra | None,
    month: str = "",
    quarter: str = "",
    cluster: str = "",
    language: str = "id",
) -> ReportFile:
    """Make one report of any kind now; bad input names its field."""
    if kind == ReportKind.CENTRE_MONTHLY:
        day = _month(month)
        if centre is None or day is None:
            raise ValidationError({"month": _("Centre and month: choose one of your centres and a month.")})
        return reports.centre_report_create(actor=actor, sentra=centre, month=day, fmt=fmt, language=language)
    if kind == ReportKind.NATIONAL_QUARTERLY:
        try:
            year, number = (int(part) for part in quarter.split("-Q"))
        except ValueError:
            raise ValidationError({"quarter": _("Quarter: write it as 2026-Q3.")}) from None
        return reports.national_report_create(
            actor=actor, year=year, quarter=number, cluster=cluster, fmt=fmt, language=language
        )
    creators: dict[str, Callable[..., ReportFile]] = {
        ReportKind.IKM: ikm_report_create,
        ReportKind.STAFF_TRAINING: staff_training_report_create,
        ReportKind.EQUIPMENT_PLAN: equipment_report_create,
    }
    create = creators.get(kind)
    if create is None:
        raise ValidationError({"kind": _("Report: choose one of the standard reports.")})
    return create(actor=actor, sentra=centre, fmt=fmt, language=language)
