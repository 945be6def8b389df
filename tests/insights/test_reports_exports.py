"""Reports (PDF, XLSX) in the inbox, on demand and scheduled; scoped, logged, masked exports."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook  # type: ignore[import-untyped]

from sentra.core.models import AccessLogEntry
from sentra.insights.models import ReportFile
from sentra.insights.services import reports, schedule
from sentra.insights.services.breakglass import grant_create
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _body(response: object) -> bytes:
    return (
        b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content
    )  # type: ignore[attr-defined]


def test_centre_report_on_demand_as_pdf_and_xlsx(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    month = f"{world.m0:%Y-%m}"
    for fmt in ("pdf", "xlsx"):
        response = client.post(
            "/dashboard/reports/",
            {"kind": "centre_monthly", "centre": world.a.pk, "month": month, "format": fmt},
        )
        assert response.status_code == 302
    items = {item.format: item for item in ReportFile.objects.filter(owner=world.head_a)}
    assert set(items) == {"pdf", "xlsx"}
    pdf = _body(client.get(f"/dashboard/reports/{items['pdf'].pk}/"))
    assert pdf.startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(_body(client.get(f"/dashboard/reports/{items['xlsx'].pk}/"))))
    values = [cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert 3 in values  # intake this month
    # Somebody else's report is not found.
    assert sign_in(Client(), world.head_b).get(f"/dashboard/reports/{items['pdf'].pk}/").status_code == 404
    # Making it again replaces the file instead of adding one.
    client.post(
        "/dashboard/reports/",
        {"kind": "centre_monthly", "centre": world.a.pk, "month": month, "format": "pdf"},
    )
    assert ReportFile.objects.filter(owner=world.head_a).count() == 2


def test_bad_report_requests_name_the_field(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    response = client.post(
        "/dashboard/reports/", {"kind": "centre_monthly", "centre": world.b.pk, "month": "2026-13"}
    )
    assert response.status_code == 400
    analyst = sign_in(Client(), world.analyst)
    response = analyst.post(
        "/dashboard/reports/", {"kind": "national_quarterly", "quarter": "2026-Q9", "cluster": "x"}
    )
    assert response.status_code == 400
    assert not ReportFile.objects.exists()


def test_national_quarterly_report_is_suppressed(world: World) -> None:
    item = reports.national_report_create(
        actor=world.analyst,
        year=world.m0.year,
        quarter=(world.m0.month - 1) // 3 + 1,
        cluster="lansia",
        fmt="xlsx",
    )
    workbook = load_workbook(item.file.path)
    text = [str(cell) for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert "<5" in text
    for person in world.people:
        assert person.full_name not in text


def test_scheduled_generation_puts_reports_in_the_inbox(world: World) -> None:
    assert not any(schedule.generate_scheduled(today=datetime.date(2026, 11, 15)).values())
    made = schedule.generate_scheduled(today=datetime.date(2026, 10, 1))
    assert made["centre"] == 2  # two heads, one centre each
    assert made["national"] == 7  # one analyst, seven clusters
    assert made["staff_training"] == 2
    assert made["equipment"] == 3  # each head's centre, and the network for the analyst
    assert made["ikm"] == 1  # only centre A has a published survey period
    assert ReportFile.objects.filter(owner=world.head_a, scheduled=True, period="2026-09").exists()
    again = schedule.generate_scheduled(today=datetime.date(2026, 10, 1))
    assert again == made
    assert ReportFile.objects.count() == sum(made.values())


def test_export_is_scoped_logged_and_masked(world: World) -> None:
    head = sign_in(Client(), world.head_a)
    response = head.get(f"/dashboard/centres/{world.a.pk}/cases.csv", {"cluster": "lansia"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert world.people[0].full_name in text
    assert world.niks[0] not in text  # the head gets the NIK masked
    assert world.people[2].full_name not in text  # another cluster
    assert AccessLogEntry.objects.filter(actor=world.head_a, category="export").count() == 1
    intake = sign_in(Client(), world.intake_a)
    assert world.niks[0] in intake.get(f"/dashboard/centres/{world.a.pk}/cases.csv").content.decode(
        "utf-8-sig"
    )
    xlsx = head.get(f"/dashboard/centres/{world.a.pk}/cases.xlsx")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == 4  # header + 3 open cases
    assert head.get(f"/dashboard/centres/{world.a.pk}/cases.pdf").status_code == 404


def test_break_glass_export_masks_names_too(world: World) -> None:
    grant_create(
        actor=world.analyst,
        sentra=world.a,
        reason="Audit of a complaint about this centre, ref 2026/9",
        hours=1,
    )
    analyst = sign_in(Client(), world.analyst)
    text = analyst.get(f"/dashboard/centres/{world.a.pk}/cases.csv").content.decode("utf-8-sig")
    assert world.people[0].full_name not in text
    assert "S. A. L." in text
    assert world.niks[0] not in text
