"""Standard reports built from other apps' public selectors (issue 9): the IKM report (quality's
period report of the centre's latest published survey period), the national IKM report (every centre's
published IKM for one survey period side by side, ranked, small cells suppressed), the staff and
training report (workforce and training) and the equipment gap and budget proposal (equipment's plan).
Each as PDF and XLSX, into the same inbox as the monthly and quarterly reports.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sentra.core.models import Role, User
from sentra.equipment import exports as equipment_exports
from sentra.equipment.selectors import plans as equipment_plans
from sentra.insights.models import ReportFile, ReportFormat, ReportKind
from sentra.insights.rules.suppression import THRESHOLD, display, suppress_list
from sentra.insights.services import reports
from sentra.insights.services.reports import Report, Table, store
from sentra.network.models import Sentra
from sentra.quality import reports as quality_reports
from sentra.quality.models import PeriodKind, SurveyPeriod, SurveyResponse
from sentra.quality.rules.elements import ELEMENT_TEXT_BY_NAME
from sentra.quality.rules.ikm import ELEMENT_NAMES, IkmResult
from sentra.quality.selectors import complaints as quality_complaints
from sentra.quality.selectors import report as quality_report
from sentra.quality.selectors import survey as quality_survey
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


# --- national IKM: every centre side by side -------------------------------------------------------

NATIONAL_ROLES = (Role.NATIONAL_ANALYST, Role.SYSADMIN)
NOTE_FORMULA = gettext_noop(
    "IKM per PermenPANRB 14/2017 from each centre's published survey period; the national figure from"
    " all those questionnaires together. Elements U1-U9: mean answer (NRR, 1-4)."
)
NOTE_SUPPRESSION = gettext_noop(
    "A centre with fewer than {n} respondents shows no value; its count and one beside it are shown"
    " as {shown}. Complaints received in the period; the share within the deadline only from {n}"
    " resolved complaints."
)


@dataclass(frozen=True)
class SurveyPeriodChoice:
    """A survey period across the network: a year (half 0) or one of its semesters (half 1 or 2)."""

    year: int
    half: int

    @property
    def kind(self) -> str:
        return PeriodKind.SEMESTER if self.half else PeriodKind.YEAR

    @property
    def code(self) -> str:
        return f"{self.year}-S{self.half}" if self.half else str(self.year)

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)

    @classmethod
    def parse(cls, value: str) -> SurveyPeriodChoice:
        """``2026-S1``, ``2026-S2`` or ``2026`` (the whole year); anything else names the field."""
        text = (value or "").strip().upper()
        year_text, semester, half_text = text.partition("-S")
        if (
            year_text.isdigit()
            and 2017 <= int(year_text) <= 2100
            and (half_text in ("1", "2") if semester else text == year_text)
        ):
            return cls(int(year_text), int(half_text) if semester else 0)
        raise ValidationError(
            {"ikm_period": _("Survey period: write it as 2026-S1, 2026-S2 or 2026 (the whole year).")}
        )

    @classmethod
    def last_ended(cls, today: datetime.date) -> SurveyPeriodChoice:
        """The latest semester that has ended by ``today``."""
        return cls(today.year, 1) if today.month >= 7 else cls(today.year - 1, 2)


@dataclass(frozen=True)
class CentreIkm:
    centre: Sentra
    period: SurveyPeriod | None  # the centre's published period, None when it published none
    result: IkmResult | None
    respondents_shown: int | None  # after suppression (None: "<5")
    complaints: quality_complaints.HandlingSummary

    @property
    def shown(self) -> bool:
        """The IKM and its elements are shown: a published result from at least THRESHOLD respondents."""
        return self.result is not None and self.result.has_answers and self.result.respondents >= THRESHOLD


@dataclass(frozen=True)
class NationalIkm:
    choice: SurveyPeriodChoice
    rows: list[CentreIkm]  # ranked: shown IKM highest first, then suppressed, then no result
    national: IkmResult
    respondents_shown: int | None


def national_ikm_data(*, actor: User, choice: SurveyPeriodChoice) -> NationalIkm:
    """Every active centre's published IKM for one survey period, computed by the quality app
    (``selectors.survey.ikm_by_period``: per element COUNT and SUM, PermenPANRB 14/2017 in exact
    arithmetic), its complaint handling over the same months (``complaint_handling_by_centre``: one
    grouped query for all centres), the national figure from all those periods' questionnaires
    together (``ikm_of_responses``, the same formula), and the respondent counts under the national
    dashboard's suppression rule (``insights.rules.suppression.suppress_list``: under five hidden, and
    a second one beside it)."""
    if actor.role not in NATIONAL_ROLES:
        raise PermissionDenied
    periods = {
        period.sentra_id: period
        for period in SurveyPeriod.objects.visible_to(actor).filter(
            year=choice.year, kind=choice.kind, half=choice.half, published_at__isnull=False
        )
    }
    if not periods:
        raise ValidationError(
            {
                "ikm_period": _("Survey period: no centre has published an IKM for {period}.").format(
                    period=choice.code
                )
            }
        )
    results = quality_survey.ikm_by_period([period.pk for period in periods.values()])
    national = quality_survey.ikm_of_responses(
        SurveyResponse.objects.filter(period_id__in=[p.pk for p in periods.values()])
    )
    centres = list(Sentra.objects.visible_to(actor).filter(is_active=True).order_by("name", "pk"))
    published = [centre for centre in centres if centre.pk in periods]
    counts = [
        results[periods[centre.pk].pk].respondents if periods[centre.pk].pk in results else 0
        for centre in published
    ]
    shown_counts, total_shown = suppress_list(counts)
    shown_by_centre = dict(zip([centre.pk for centre in published], shown_counts, strict=True))
    complaints = quality_complaints.complaint_handling_by_centre(
        sentra_ids=[centre.pk for centre in centres], starts_on=choice.starts_on, ends_on=choice.ends_on
    )
    rows = []
    for centre in centres:
        period = periods.get(centre.pk)
        result = (results.get(period.pk) or IkmResult(respondents=0)) if period is not None else None
        rows.append(
            CentreIkm(
                centre=centre,
                period=period,
                result=result,
                respondents_shown=shown_by_centre.get(centre.pk),
                complaints=complaints[centre.pk],
            )
        )

    def rank_key(row: CentreIkm) -> tuple[int, Any, str]:
        if row.shown and row.result is not None and row.result.ikm is not None:
            return (0, -row.result.ikm, row.centre.name)
        return (1 if row.period is not None else 2, 0, row.centre.name)

    rows.sort(key=rank_key)
    return NationalIkm(choice=choice, rows=rows, national=national, respondents_shown=total_shown)


def _nrr(result: IkmResult, name: str) -> Any:
    value = result.elements[name].nrr_rounded if name in result.elements else None
    return float(value) if value is not None else "—"


def _national_ikm_tables(data: NationalIkm) -> Report:
    element_codes = [f"U{index}" for index in range(1, len(ELEMENT_NAMES) + 1)]
    suppressed = display(None)
    header = [
        _("Rank"),
        _("Centre"),
        "IKM",
        _("Grade"),
        _("Respondents"),
        *element_codes,
        _("Complaints received"),
        _("Resolved"),
        _("Resolved within deadline"),
        _("Within deadline (%)"),
    ]
    rows: list[list[Any]] = []
    rank = 0
    for row in data.rows:
        handled = row.complaints
        on_time = handled.on_time_percent if handled.resolved >= THRESHOLD else None
        complaint_cells = [
            handled.received,
            handled.resolved,
            handled.resolved_on_time,
            on_time if on_time is not None else "—",
        ]
        if row.period is None:
            rows.append(
                [
                    "",
                    row.centre.name,
                    _("not published"),
                    "",
                    "",
                    *([""] * len(element_codes)),
                    *complaint_cells,
                ]
            )
            continue
        respondents = display(row.respondents_shown)
        if not row.shown or row.result is None:
            rows.append(
                [
                    "",
                    row.centre.name,
                    suppressed,
                    "",
                    respondents,
                    *([""] * len(element_codes)),
                    *complaint_cells,
                ]
            )
            continue
        rank += 1
        grade = row.result.grade
        rows.append(
            [
                rank,
                row.centre.name,
                float(row.result.ikm) if row.result.ikm is not None else "—",
                f"{grade.letter} ({grade.label_id})" if grade else "—",
                respondents,
                *[_nrr(row.result, name) for name in ELEMENT_NAMES],
                *complaint_cells,
            ]
        )
    national = data.national
    national_shown = data.respondents_shown is not None and national.has_answers
    grade = national.grade if national_shown else None
    received = sum(row.complaints.received for row in data.rows)
    resolved = sum(row.complaints.resolved for row in data.rows)
    on_time_total = sum(row.complaints.resolved_on_time for row in data.rows)
    rows.append(
        [
            "",
            _("National"),
            float(national.ikm) if national_shown and national.ikm is not None else suppressed,
            f"{grade.letter} ({grade.label_id})" if grade else "",
            display(data.respondents_shown),
            *[_nrr(national, name) if national_shown else "" for name in ELEMENT_NAMES],
            received,
            resolved,
            on_time_total,
            round(100 * on_time_total / resolved) if resolved >= THRESHOLD else "—",
        ]
    )
    language = translation.get_language() or "id"
    return Report(
        title=_("National IKM report"),
        subtitle=_("Survey period {period} · {count} centres published").format(
            period=data.choice.code, count=sum(1 for row in data.rows if row.period is not None)
        ),
        tables=[
            Table(_("Centres ranked by IKM"), header, rows),
            Table(
                _("Service elements"),
                [_("Code"), _("Element")],
                [
                    [code, ELEMENT_TEXT_BY_NAME[name].title(language)]
                    for code, name in zip(element_codes, ELEMENT_NAMES, strict=True)
                ],
            ),
            Table(
                _("Notes"),
                [_("Note")],
                [[_(NOTE_FORMULA)], [_(NOTE_SUPPRESSION).format(n=THRESHOLD, shown=suppressed)]],
            ),
        ],
        landscape=True,
    )


def national_ikm_report_create(
    *,
    actor: User,
    period: str,
    fmt: str,
    scheduled: bool = False,
    language: str = "id",
) -> ReportFile:
    """The national IKM report for national analysts and administrators (a centre head: 403)."""
    if actor.role not in NATIONAL_ROLES:
        raise PermissionDenied
    errors: dict[str, str] = {}
    choice: SurveyPeriodChoice | None = None
    try:
        choice = SurveyPeriodChoice.parse(period)
    except ValidationError as exc:
        errors.update({key: value[0] for key, value in exc.message_dict.items()})
    if fmt not in ReportFormat.values:
        errors["format"] = _("Format: choose PDF or XLSX.")
    if errors or choice is None:
        raise ValidationError(errors)
    data = national_ikm_data(actor=actor, choice=choice)
    with translation.override(language):
        report = _national_ikm_tables(data)
    return store(
        owner=actor,
        kind=ReportKind.NATIONAL_IKM,
        sentra=None,
        cluster="",
        period=choice.code,
        fmt=fmt,
        report=report,
        scheduled=scheduled,
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
    ikm_period: str = "",
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
    if kind == ReportKind.NATIONAL_IKM:
        return national_ikm_report_create(actor=actor, period=ikm_period, fmt=fmt, language=language)
    creators: dict[str, Callable[..., ReportFile]] = {
        ReportKind.IKM: ikm_report_create,
        ReportKind.STAFF_TRAINING: staff_training_report_create,
        ReportKind.EQUIPMENT_PLAN: equipment_report_create,
    }
    create = creators.get(kind)
    if create is None:
        raise ValidationError({"kind": _("Report: choose one of the standard reports.")})
    return create(actor=actor, sentra=centre, fmt=fmt, language=language)
