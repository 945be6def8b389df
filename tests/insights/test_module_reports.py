"""The IKM report, the staff and training report and the equipment gap and budget proposal: PDF and
XLSX in the inbox, on demand (page and API) and scheduled, scoped to the requester's centres."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook  # type: ignore[import-untyped]

from sentra.insights.models import ReportFile, ReportKind
from sentra.insights.services import module_reports
from sentra.quality.models import SurveyPeriod
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _cells(path: str) -> list[object]:
    workbook = load_workbook(path)
    return [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    ]


@pytest.mark.parametrize("kind", ["ikm", "staff_training", "equipment_plan"])
def test_each_report_on_demand_as_pdf_and_xlsx(world: World, kind: str) -> None:
    client = sign_in(Client(), world.head_a)
    for fmt in ("pdf", "xlsx"):
        response = client.post("/dashboard/reports/", {"kind": kind, "centre": world.a.pk, "format": fmt})
        assert response.status_code == 302
    items = {item.format: item for item in ReportFile.objects.filter(owner=world.head_a, kind=kind)}
    assert set(items) == {"pdf", "xlsx"}
    assert items["pdf"].sentra == world.a
    assert items["pdf"].file.read().startswith(b"%PDF")
    assert _cells(items["xlsx"].file.path)  # a readable workbook with content
    assert sign_in(Client(), world.head_b).get(f"/dashboard/reports/{items['pdf'].pk}/").status_code == 404


def test_ikm_report_carries_the_published_period(world: World) -> None:
    item = module_reports.ikm_report_create(actor=world.head_a, sentra=world.a, fmt="xlsx")
    period = SurveyPeriod.objects.get(sentra=world.a)
    assert item.period.startswith(str(period.year))
    assert "IKM" in [str(cell) for cell in _cells(item.file.path)]


def test_ikm_report_without_a_published_period_names_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        module_reports.ikm_report_create(actor=world.head_b, sentra=world.b, fmt="pdf")
    assert "centre_id" in error.value.message_dict


def test_staff_training_report_counts_the_centres_staff(world: World) -> None:
    item = module_reports.staff_training_report_create(actor=world.head_a, sentra=world.a, fmt="xlsx")
    sheets = load_workbook(item.file.path).sheetnames
    assert len(sheets) == 6  # staff by profession, credentials, expiring, competencies, trainings, overseas
    assert item.kind == ReportKind.STAFF_TRAINING


def test_national_equipment_plan_for_analysts_only(world: World) -> None:
    item = module_reports.equipment_report_create(actor=world.analyst, sentra=None, fmt="xlsx")
    assert item.sentra is None
    assert _cells(item.file.path)
    with pytest.raises(ValidationError):
        module_reports.equipment_report_create(actor=world.head_a, sentra=None, fmt="pdf")
    with pytest.raises(PermissionDenied):
        module_reports.equipment_report_create(actor=world.analyst, sentra=world.a, fmt="pdf")


@pytest.mark.parametrize("who", ["cm_a", "intake_a"])
def test_staff_roles_cannot_make_reports(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        module_reports.staff_training_report_create(actor=getattr(world, who), sentra=world.a, fmt="pdf")


def test_another_centres_report_is_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):
        module_reports.staff_training_report_create(actor=world.head_a, sentra=world.b, fmt="pdf")
    response = sign_in(Client(), world.head_a).post(
        "/dashboard/reports/", {"kind": "staff_training", "centre": world.b.pk, "format": "pdf"}
    )
    assert response.status_code == 400
    assert not ReportFile.objects.exists()


def test_the_api_makes_them_too(world: World) -> None:
    response = sign_in(Client(), world.head_a).post(
        "/api/v1/insights/reports",
        {"kind": "equipment_plan", "format": "xlsx", "centre_id": world.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    item = ReportFile.objects.get(pk=response.json()["id"])
    assert load_workbook(io.BytesIO(item.file.read())).sheetnames


def test_the_analyst_asks_for_the_national_plan_from_the_inbox(world: World) -> None:
    client = sign_in(Client(), world.analyst)
    page = client.get("/dashboard/reports/").content.decode()
    assert 'data-testid="module-report-form"' in page
    assert 'value="staff_training"' not in page  # centre reports are for the centre's head
    response = client.post("/dashboard/reports/", {"kind": "equipment_plan", "format": "pdf"})
    assert response.status_code == 302
    item = ReportFile.objects.get(owner=world.analyst)
    assert item.sentra is None
    assert item.file.read().startswith(b"%PDF")
