"""National analysts read quality aggregates only: counts, IKM and grades, suppressed small cells.

Role by role over one centre's records: who reads the raw questionnaires (XLSX, API, suggestions,
"who served you") and the complaints themselves, and what a national analyst gets instead.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sentra.core.models import Role
from sentra.quality.models import SurveyPeriod, SurveyResponse
from sentra.quality.rules.suppression import suppress_breakdown
from sentra.quality.selectors import survey
from tests.quality.factories import add_responses, answers, file_complaint, make_period, named

pytestmark = pytest.mark.django_db

SUGGESTION = "Ruang tunggu perlu kipas angin"
RAW_READERS = {Role.CENTRE_HEAD, Role.INTAKE, Role.SYSADMIN}


@pytest.fixture
def records_of_a(centre_a, personas):
    """A period of centre A: 6 women and 1 man answered, one names a staff member and suggests."""
    period = make_period(centre_a)
    add_responses(period, [answers(3) for _ in range(7)])
    staff = named(personas[Role.PROFESSIONAL])
    responses = list(SurveyResponse.objects.filter(period=period).order_by("pk"))
    SurveyResponse.objects.filter(pk__in=[r.pk for r in responses[:6]]).update(sex="F", age_group="31-45")
    SurveyResponse.objects.filter(pk=responses[6].pk).update(
        sex="M", age_group="gt60", suggestions=SUGGESTION, served_by=staff
    )
    complaint = file_complaint(centre_a)
    return {"period": period.pk, "complaint": complaint.pk, "tracking": complaint.tracking_code}


@pytest.mark.parametrize("role", Role.values)
def test_the_raw_questionnaires_reach_the_centre_staff_who_read_them_only(
    client_for, personas, records_of_a, role
) -> None:
    client = client_for(personas[role])
    period = records_of_a["period"]
    export = client.get(reverse("quality:period_export", args=[period]))
    api = client.get(f"/api/v1/survey-periods/{period}/responses")
    if role in RAW_READERS:
        assert export.status_code == 200, role
        assert api.status_code == 200, role
        assert len(api.json()["items"]) == 7
    else:
        assert export.status_code in (403, 404), role
        assert api.status_code in (403, 404), role


@pytest.mark.parametrize("role", Role.values)
def test_complaints_are_read_at_the_centre_never_by_the_national_analyst(
    client_for, personas, records_of_a, role
) -> None:
    client = client_for(personas[role])
    detail = client.get(reverse("quality:complaint_detail", args=[records_of_a["complaint"]]))
    api_detail = client.get(f"/api/v1/complaints/{records_of_a['complaint']}")
    listed = client.get("/api/v1/complaints")
    page = client.get(reverse("quality:complaint_list"))
    if role in (Role.CENTRE_HEAD, Role.INTAKE, Role.SYSADMIN):
        assert detail.status_code == 200, role
        assert api_detail.status_code == 200, role
        assert [item["id"] for item in listed.json()["items"]] == [records_of_a["complaint"]]
    else:
        assert detail.status_code == 404, role
        assert api_detail.status_code == 404, role
        assert listed.status_code == 403 or listed.json()["items"] == [], role
    if role == Role.NATIONAL_ANALYST:
        assert page.status_code == 200
        body = page.content.decode()
        assert 'data-testid="complaint-counts"' in body
        assert records_of_a["tracking"] not in body
        assert "Antrean layanan" not in body


def test_the_national_analyst_gets_counts_per_centre(client_for, personas, records_of_a, centre_a) -> None:
    body = client_for(personas[Role.NATIONAL_ANALYST]).get(reverse("quality:complaint_list")).content.decode()
    assert f'data-testid="received-{centre_a.pk}">1<' in body


@pytest.mark.parametrize("role", Role.values)
def test_the_report_shows_suggestions_and_staff_to_the_centre_and_counts_nationally(
    client_for, personas, records_of_a, role
) -> None:
    client = client_for(personas[role])
    response = client.get(reverse("quality:period_report", args=[records_of_a["period"]]))
    if role in (Role.CENTRE_HEAD, Role.SYSADMIN):
        body = response.content.decode()
        assert SUGGESTION in body
        assert "Budi" in body
    elif role == Role.NATIONAL_ANALYST:
        assert response.status_code == 200
        body = response.content.decode()
        assert SUGGESTION not in body
        assert "Budi" not in body
        assert 'data-testid="suggestions-hidden"' in body
        assert 'data-testid="ikm-value"' in body
        # the lone man over 60 is a small cell: shown as "<5", with a second cell hidden beside it
        assert "&lt;5" in body
    elif response.status_code == 200:  # other centre staff: suggestions, not who served whom
        assert "Budi" not in response.content.decode()
    else:
        assert response.status_code == 404, role


def test_the_national_pdf_report_leaves_out_the_suggestions(client_for, personas, records_of_a) -> None:
    client = client_for(personas[Role.NATIONAL_ANALYST])
    response = client.get(reverse("quality:period_report_pdf", args=[records_of_a["period"]]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/pdf")


def test_the_national_profile_suppresses_small_cells(records_of_a) -> None:
    period = SurveyPeriod.objects.get(pk=records_of_a["period"])
    sexes = survey.period_profile(period=period)[0]  # sex: male, female
    assert [count for _label, count in sexes.rows] == [1, 6]
    assert [count for _label, count in sexes.suppressed().rows] == ["<5", "<5"]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([10, 12], [10, 12]),
        ([0, 12], [0, 12]),
        ([3, 12, 20], [None, None, 20]),  # one small cell: the next smallest hides it
        ([3, 4, 20], [None, None, 20]),
        ([1, 0], [None, 0]),  # nothing else to hide: the total equals the cell, both show 1 person
        ([5, 9], [5, 9]),
    ],
)
def test_suppression_rule(counts: list[int], expected: list[int | None]) -> None:
    assert suppress_breakdown(counts) == expected
