"""Who sees what: every quality page and endpoint, per role, for a record of another centre."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role
from sentra.quality import services
from tests.quality.factories import add_responses, answers, file_complaint, make_period

pytestmark = pytest.mark.django_db
CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]


@pytest.fixture
def records_of_b(centre_b, make_user):
    period = make_period(centre_b)
    add_responses(period, [answers(3)])
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    action = services.action_create(
        actor=head_b,
        period=period,
        data=services.ActionInput(element="waktu", title="x", owner_id=head_b.pk, due_on=period.ends_on),
    )
    complaint = file_complaint(centre_b)
    return {"period": period.pk, "action": action.pk, "complaint": complaint.pk, "centre": centre_b.pk}


def staff_urls(ids: dict[str, int]) -> list[str]:
    period = ids["period"]
    return [
        reverse("quality:period_detail", args=[period]),
        reverse("quality:period_edit", args=[period]),
        reverse("quality:period_entry", args=[period]),
        reverse("quality:period_codes", args=[period]),
        reverse("quality:period_codes_print", args=[period]),
        reverse("quality:period_report", args=[period]),
        reverse("quality:period_report_pdf", args=[period]),
        reverse("quality:period_export", args=[period]),
        reverse("quality:action_create", args=[period]),
        reverse("quality:action_edit", args=[ids["action"]]),
        reverse("quality:complaint_detail", args=[ids["complaint"]]),
        reverse("quality:complaint_attachment", args=[ids["complaint"], 1]),
        f"/api/v1/survey-periods/{period}",
        f"/api/v1/survey-periods/{period}/result",
        f"/api/v1/survey-periods/{period}/responses",
        f"/api/v1/complaints/{ids['complaint']}",
    ]


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_centre_a_gets_404_for_centre_b(client_for, personas, records_of_b, role) -> None:
    client = client_for(personas[role])
    for url in staff_urls(records_of_b):
        assert client.get(url).status_code == 404, (role, url)
    for name in ("period_status", "period_publish", "period_population"):
        url = reverse(f"quality:{name}", args=[records_of_b["period"]])
        assert client.post(url, {"status": "closed"}).status_code == 404, (role, url)
    for name in ("complaint_triage", "complaint_assign", "complaint_respond", "complaint_note"):
        url = reverse(f"quality:{name}", args=[records_of_b["complaint"]])
        assert client.post(url, {"text": "x"}).status_code == 404, (role, url)


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_lists_of_centre_a_never_show_centre_b(client_for, personas, records_of_b, centre_b, role) -> None:
    client = client_for(personas[role])
    assert centre_b.name not in client.get(reverse("quality:period_list")).content.decode()
    assert centre_b.name not in client.get(reverse("quality:complaint_list")).content.decode()
    assert client.get("/api/v1/survey-periods").json()["items"] == []
    assert client.get("/api/v1/complaints").json()["items"] == []


def test_the_national_analyst_reads_aggregates_and_changes_nothing(
    client_for, personas, records_of_b
) -> None:
    client = client_for(personas[Role.NATIONAL_ANALYST])
    period = records_of_b["period"]
    for url in (
        reverse("quality:period_detail", args=[period]),
        reverse("quality:period_report", args=[period]),
        f"/api/v1/survey-periods/{period}/result",
    ):
        assert client.get(url).status_code == 200, url
    # the raw questionnaires and the complaints themselves stay with the centre (aggregates only)
    assert client.get(reverse("quality:period_export", args=[period])).status_code == 403
    assert client.get(f"/api/v1/survey-periods/{period}/responses").status_code == 403
    assert (
        client.get(reverse("quality:complaint_detail", args=[records_of_b["complaint"]])).status_code == 404
    )
    for url in (
        reverse("quality:period_edit", args=[period]),
        reverse("quality:period_entry", args=[period]),
        reverse("quality:period_codes", args=[period]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("quality:period_publish", args=[period])).status_code == 403
    assert (
        client.post(reverse("quality:period_status", args=[period]), {"status": "closed"}).status_code == 403
    )


def test_the_administrator_reaches_every_record(client_for, personas, records_of_b) -> None:
    client = client_for(personas[Role.SYSADMIN])
    for url in staff_urls(records_of_b):
        if "attachments" in url:
            continue
        assert client.get(url).status_code == 200, url


STAFF_PAGES = [
    "/quality/",
    "/quality/periods/new/",
    "/quality/actions/",
    "/quality/holidays/",
    "/complaints/",
    "/complaints/new/",
    "/complaints/alerts/",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_anonymous_visitors_go_to_the_login_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_public_pages_need_no_account(client: Client, centre_a) -> None:
    make_period(centre_a)
    for path in (
        f"/survei/{centre_a.code}/",
        f"/survei/{centre_a.code}/terima-kasih/",
        f"/survei/{centre_a.code}/hasil/",
        "/pengaduan/",
        f"/pengaduan/{centre_a.code}/",
        "/pengaduan/lacak/",
    ):
        assert client.get(path).status_code == 200, path
    complaint = file_complaint(centre_a)
    assert client.get(f"/pengaduan/lacak/{complaint.tracking_code}/").status_code == 200
