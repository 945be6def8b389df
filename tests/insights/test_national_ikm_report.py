"""The national IKM report: every centre's published IKM for one survey period side by side, ranked,
with the national figure, small cells suppressed; for national analysts and administrators only."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from sentra.core.models import Role, User
from sentra.insights.models import ReportFile
from sentra.insights.services import module_reports, schedule
from sentra.network.models import Sentra
from sentra.quality.models import Complaint, ComplaintCategory, PeriodStatus
from tests.factories import SentraFactory, UserFactory
from tests.fixtures import sign_in
from tests.quality.factories import add_responses, answers, make_period

pytestmark = pytest.mark.django_db

PERIOD = "2025-S2"


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())


def _complaint(centre: Sentra, *, resolved: datetime.date | None, resolve_by: datetime.date) -> None:
    Complaint.objects.create(
        sentra=centre,
        channel="web",
        category=ComplaintCategory.objects.first(),
        about="centre",
        description="x",
        received_at=_aware(datetime.date(2025, 8, 1)),
        respond_by=datetime.date(2025, 8, 4),
        resolve_by=resolve_by,
        resolved_at=_aware(resolved) if resolved else None,
        status="resolved" if resolved else "received",
    )


@pytest.fixture
def network() -> dict[str, Any]:
    """Hand-computed, survey period 2025-S2 (every answer 1-4; IKM = mean NRR x 25):

    * Alpha, 10 questionnaires, every answer 4: NRR 4 -> IKM 100.00, A; 5 complaints resolved on time
    * Beta, 10 questionnaires, five all 3 and five all 4: NRR 3.5 -> IKM 87.50, B; 2 complaints, 1 on time
    * Gamma, 3 questionnaires, every answer 2: under five, suppressed (IKM not shown)
    * Delta: its period is not published (10 questionnaires, left out)
    * national: 23 questionnaires, per element (40 + 35 + 6) / 23 = 81/23 -> IKM 88.04, B
    * respondents 10, 10, 3 -> Gamma "<5" and, so it cannot be recomputed from the total 23, the
      smallest other count (Alpha's) "<5" too.
    """
    centres = {
        name: SentraFactory(name=name, code=name.lower()) for name in ("Alpha", "Beta", "Gamma", "Delta")
    }
    span = {
        "year": 2025,
        "half": 2,
        "starts_on": datetime.date(2025, 7, 1),
        "ends_on": datetime.date(2025, 12, 31),
    }
    rows = {
        "Alpha": [answers(4)] * 10,
        "Beta": [answers(3)] * 5 + [answers(4)] * 5,
        "Gamma": [answers(2)] * 3,
        "Delta": [answers(1)] * 10,
    }
    for name, centre in centres.items():
        period = make_period(centre, status=PeriodStatus.CLOSED, **span)
        add_responses(period, rows[name])
        if name != "Delta":
            period.published_at = timezone.now()
            period.save()
    for _index in range(5):
        _complaint(
            centres["Alpha"], resolved=datetime.date(2025, 8, 5), resolve_by=datetime.date(2025, 8, 20)
        )
    _complaint(centres["Beta"], resolved=datetime.date(2025, 8, 5), resolve_by=datetime.date(2025, 8, 20))
    _complaint(centres["Beta"], resolved=None, resolve_by=datetime.date(2025, 8, 20))
    return {
        **centres,
        "analyst": UserFactory(role=Role.NATIONAL_ANALYST, centres=[]),
        "admin": UserFactory(role=Role.SYSADMIN, centres=[]),
        "head": UserFactory(role=Role.CENTRE_HEAD, centres=[centres["Alpha"]]),
    }


def _table(item: ReportFile) -> dict[str, list[Any]]:
    sheet = load_workbook(io.BytesIO(item.file.read())).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return {str(row[1]): row for row in rows[3:]}  # title, blank line, header


def test_the_hand_computed_figures_ranked_and_suppressed(network: dict[str, Any]) -> None:
    item = module_reports.national_ikm_report_create(actor=network["analyst"], period=PERIOD, fmt="xlsx")
    assert item.kind == "national_ikm"
    assert item.period == PERIOD
    table = _table(item)
    # rank, centre, IKM, grade, respondents, U1..U9, complaints received, resolved, on time, %
    alpha, beta, gamma, delta = (table[name] for name in ("Alpha", "Beta", "Gamma", "Delta"))
    assert alpha[:5] == [1, "Alpha", 100.0, "A (Sangat Baik)", "<5"]  # its count hidden beside Gamma's
    assert alpha[5:14] == [4.0] * 9
    assert alpha[14:] == [5, 5, 5, 100]
    assert beta[:5] == [2, "Beta", 87.5, "B (Baik)", "10"]
    assert beta[5:14] == [3.5] * 9
    assert beta[14:17] == [2, 1, 1]
    assert beta[17] == "—"  # the share needs five resolved complaints
    assert gamma[0] in (None, "")
    assert gamma[2] == "<5"
    assert gamma[4] == "<5"
    assert all(cell in (None, "") for cell in gamma[5:14])  # no element score from three people
    assert gamma[3] in (None, "")
    assert delta[0] in (None, "")
    assert delta[4] in (None, "")  # not published: no count at all
    national = table["Nasional"]
    assert national[2] == 88.04
    assert national[3] == "B (Baik)"
    assert national[4] == "23"
    assert national[5] == pytest.approx(3.5217)
    assert national[14:17] == [7, 6, 6]
    # ranked: Alpha, Beta, then the suppressed centre, then the one without a published result
    order = list(table)
    assert order.index("Alpha") < order.index("Beta") < order.index("Gamma") < order.index("Delta")


def test_the_query_count_does_not_grow_with_the_centres(network: dict[str, Any]) -> None:
    choice = module_reports.SurveyPeriodChoice.parse(PERIOD)
    with CaptureQueriesContext(connection) as four:
        module_reports.national_ikm_data(actor=network["analyst"], choice=choice)
    for name in ("Epsilon", "Zeta", "Eta"):
        centre = SentraFactory(name=name, code=name.lower())
        period = make_period(
            centre,
            status=PeriodStatus.CLOSED,
            year=2025,
            half=2,
            starts_on=datetime.date(2025, 7, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
        add_responses(period, [answers(4)] * 6)
        period.published_at = timezone.now()
        period.save()
        _complaint(centre, resolved=None, resolve_by=datetime.date(2025, 8, 20))
    with CaptureQueriesContext(connection) as seven:
        data = module_reports.national_ikm_data(actor=network["analyst"], choice=choice)
    assert len(data.rows) == 7
    assert {row.centre.name: row.complaints.received for row in data.rows}["Eta"] == 1
    assert len(seven.captured_queries) == len(four.captured_queries)


def test_the_ikm_figures_are_the_quality_apps(network: dict[str, Any]) -> None:
    from sentra.quality.models import SurveyPeriod
    from sentra.quality.selectors import survey

    data = module_reports.national_ikm_data(
        actor=network["analyst"], choice=module_reports.SurveyPeriodChoice.parse(PERIOD)
    )
    for row in data.rows:
        if row.period is not None:
            assert row.result == survey.period_ikm(period=SurveyPeriod.objects.get(pk=row.period.pk))


def test_pdf_and_the_inbox_page(network: dict[str, Any]) -> None:
    client = sign_in(Client(), network["admin"])
    page = client.get("/dashboard/reports/")
    assert b'data-testid="national-ikm-form"' in page.content
    response = client.post(
        "/dashboard/reports/", {"kind": "national_ikm", "ikm_period": PERIOD, "format": "pdf"}
    )
    assert response.status_code == 302
    item = ReportFile.objects.get(owner=network["admin"], kind="national_ikm")
    assert item.file.read().startswith(b"%PDF")


def test_the_api_makes_it_and_names_a_bad_period(network: dict[str, Any]) -> None:
    client = sign_in(Client(), network["analyst"])
    created = client.post(
        "/api/v1/insights/reports",
        {"kind": "national_ikm", "format": "xlsx", "ikm_period": PERIOD},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["period"] == PERIOD
    for period in ("2025-S3", "S1", "", "2025-Q1"):
        bad = client.post(
            "/api/v1/insights/reports",
            {"kind": "national_ikm", "format": "xlsx", "ikm_period": period},
            content_type="application/json",
        )
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "ikm_period"
    nothing = client.post(
        "/api/v1/insights/reports",
        {"kind": "national_ikm", "format": "xlsx", "ikm_period": "2024"},
        content_type="application/json",
    )
    assert nothing.status_code == 422  # no centre published a 2024 result
    assert ReportFile.objects.filter(owner=network["analyst"]).count() == 1


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.CASE_MANAGER, Role.HR])
def test_centre_roles_cannot_request_it(network: dict[str, Any], role: str) -> None:
    user: User = (
        network["head"] if role == Role.CENTRE_HEAD else UserFactory(role=role, centres=[network["Alpha"]])
    )
    client = sign_in(Client(), user)
    page = client.post(
        "/dashboard/reports/", {"kind": "national_ikm", "ikm_period": PERIOD, "format": "xlsx"}
    )
    assert page.status_code == 403
    api = client.post(
        "/api/v1/insights/reports",
        {"kind": "national_ikm", "format": "xlsx", "ikm_period": PERIOD},
        content_type="application/json",
    )
    assert api.status_code == 403
    with pytest.raises(PermissionDenied):
        module_reports.national_ikm_report_create(actor=user, period=PERIOD, fmt="xlsx")
    assert not ReportFile.objects.exists()


def test_scheduled_on_a_quarters_first_day(network: dict[str, Any]) -> None:
    made = schedule.generate_scheduled(today=datetime.date(2026, 1, 1))  # the last ended semester: 2025-S2
    assert made["national_ikm"] == 1  # one analyst
    assert ReportFile.objects.filter(
        owner=network["analyst"], kind="national_ikm", period=PERIOD, scheduled=True
    ).exists()
    again = schedule.generate_scheduled(today=datetime.date(2026, 4, 1))
    assert again["national_ikm"] == 1
    assert ReportFile.objects.filter(kind="national_ikm").count() == 1  # replaced, not added


def test_a_period_is_parsed_strictly() -> None:
    assert module_reports.SurveyPeriodChoice.parse("2025-s1").code == "2025-S1"
    assert module_reports.SurveyPeriodChoice.parse("2025").code == "2025"
    for bad in ("2025-S0", "2025S1", "1999", "abc", "2025-S12"):
        with pytest.raises(ValidationError):
            module_reports.SurveyPeriodChoice.parse(bad)
