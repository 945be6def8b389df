"""Staff pages of the survey: periods, progress, paper entry, codes, report, export and publication."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sentra.core.models import Role
from sentra.quality.models import (
    Channel,
    ImprovementAction,
    OneTimeCode,
    PeriodStatus,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.quality.rules.ikm import ELEMENT_NAMES
from tests.quality.factories import add_responses, answers, make_period

pytestmark = pytest.mark.django_db


def test_the_desk_creates_and_opens_a_period(client_for, make_user, centre_a) -> None:
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    assert client.get(reverse("quality:period_list")).status_code == 200
    response = client.post(
        reverse("quality:period_create"),
        {
            "sentra": centre_a.pk,
            "kind": "semester",
            "year": 2026,
            "half": "2",
            "starts_on": "2026-07-01",
            "ends_on": "2026-12-31",
            "population": "1000",
        },
    )
    period = SurveyPeriod.objects.get()
    assert response["Location"] == reverse("quality:period_detail", args=[period.pk])
    client.post(reverse("quality:period_status", args=[period.pk]), {"status": "open"})
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN
    page = client.get(reverse("quality:period_detail", args=[period.pk])).content.decode()
    assert "0 of at least 278 respondents" in page
    listing = client.get(reverse("quality:period_list")).content.decode()
    assert 'max="278"' in listing
    assert "0 / 278" in listing


def test_form_errors_name_the_field(client_for, make_user, centre_a) -> None:
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    response = client.post(
        reverse("quality:period_create"),
        {
            "sentra": centre_a.pk,
            "kind": "semester",
            "year": 2026,
            "half": "",
            "starts_on": "2026-07-01",
            "ends_on": "2026-06-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose semester 1 or 2." in page
    assert "The period cannot end before it starts." in page
    assert not SurveyPeriod.objects.exists()


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.HR, Role.NATIONAL_ANALYST])
def test_roles_that_only_read(client_for, make_user, centre_a, role) -> None:
    period = make_period(centre_a)
    client = client_for(make_user(role=role, centres=(centre_a,) if role != Role.NATIONAL_ANALYST else ()))
    assert client.get(reverse("quality:period_detail", args=[period.pk])).status_code == 200
    assert client.get(reverse("quality:period_report", args=[period.pk])).status_code == 200
    assert client.get(reverse("quality:period_create")).status_code == 403
    assert client.get(reverse("quality:period_edit", args=[period.pk])).status_code == 403
    assert client.get(reverse("quality:period_codes", args=[period.pk])).status_code == 403
    assert client.post(reverse("quality:period_publish", args=[period.pk])).status_code == 403


def test_paper_and_assisted_entry_page(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    data = dict.fromkeys(ELEMENT_NAMES, "3")
    url = reverse("quality:period_entry", args=[period.pk])
    assert client.post(url, {**data, "channel": "assisted"}).status_code == 302
    assert client.post(url, {**data, "channel": "paper", "paper_number": "A-1"}).status_code == 302
    response = client.post(url, {**data, "channel": "paper", "paper_number": "A-1"})
    assert "already entered" in response.content.decode()
    assert sorted(SurveyResponse.objects.values_list("channel", flat=True)) == [
        Channel.ASSISTED,
        Channel.PAPER,
    ]


def test_codes_are_generated_and_printed_with_qr_codes(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    response = client.post(reverse("quality:period_codes", args=[period.pk]), {"count": "6"})
    assert response.status_code == 302
    sheet = client.get(response["Location"]).content.decode()
    assert sheet.count('data-testid="slip"') == 6
    assert sheet.count("<svg") == 6
    code = OneTimeCode.objects.first()
    assert f"?kode={code.code}" in sheet or code.code in sheet
    poster = client.get(reverse("quality:centre_poster", args=[centre_a.pk]))
    assert poster.status_code == 200
    assert f"/survei/{centre_a.code}/" in poster.content.decode()


def test_the_report_and_publication(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a, population=20)
    earlier = make_period(
        centre_a,
        status=PeriodStatus.CLOSED,
        year=period.year - 1,
        starts_on=period.starts_on.replace(year=period.year - 1),
        ends_on=period.ends_on.replace(year=period.year - 1),
    )
    add_responses(earlier, [answers(2)])
    add_responses(period, [answers(4, waktu=2), answers(3, waktu=1, pengaduan=2)])
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    client = client_for(head)
    page = client.get(reverse("quality:period_report", args=[period.pk])).content.decode()
    # NRR: waktu 1.5, pengaduan 3, the other seven 3.5 -> (1.5 + 3 + 24.5) / 9 = 29/9 -> 80.56, B.
    assert 'data-testid="ikm-value">80.56<' in page
    assert 'data-testid="ikm-grade">B<' in page
    assert page.index("Completion time") < page.index("Handling of complaints")
    weakest = page.split('data-testid="weakest"')[1].split("</ol>")[0]
    assert weakest.index("Completion time") < weakest.index("Handling of complaints")
    assert "50.00" in page.split('data-testid="history-table"')[1]  # the earlier period
    response = client.post(reverse("quality:period_publish", args=[period.pk]))
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.published_result["ikm"] == "80.56"
    public = client.get(reverse("quality:survey_results", args=[centre_a.code])).content.decode()
    assert "80.56" in public


def test_the_xlsx_export_of_raw_responses(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    add_responses(period, [answers(4), answers(3, biaya=None)])
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    response = client.get(reverse("quality:period_export", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][5:14] == ELEMENT_NAMES
    assert rows[2][8] is None  # biaya left empty
    summary = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row and row[0]}
    assert summary["IKM (25-100)"] == 88.89  # biaya 4 from one answer, the rest 3.5: 32/9 x 25
    worker = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    assert worker.get(reverse("quality:period_export", args=[period.pk])).status_code == 403


def test_improvement_actions_from_the_report(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    owner = make_user(role=Role.INTAKE, centres=(centre_a,))
    client = client_for(head)
    assert (
        client.get(reverse("quality:action_create", args=[period.pk]) + "?element=waktu").status_code == 200
    )
    response = client.post(
        reverse("quality:action_create", args=[period.pk]),
        {
            "element": "waktu",
            "title": "Tambah loket",
            "owner": owner.pk,
            "due_on": "2026-12-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    owner_client = client_for(owner)
    response = owner_client.post(
        reverse("quality:action_edit", args=[action.pk]),
        {
            "element": "waktu",
            "title": "Tambah loket",
            "owner": owner.pk,
            "due_on": "2026-12-31",
            "status": "done",
            "completed_on": "2026-11-20",
            "outcome": "Loket 3 dibuka",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert (
        "Tambah loket"
        in owner_client.get(reverse("quality:period_report", args=[period.pk])).content.decode()
    )
    assert (
        client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
        .get(reverse("quality:action_edit", args=[action.pk]))
        .status_code
        == 403
    )
