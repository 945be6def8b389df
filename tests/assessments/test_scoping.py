"""Role by role: who can reach a person's assessment data, and who gets 404.

Centre A's case manager records an assessment for Siti (centre A). Centre B's staff, intake and HR
staff and national analysts must not reach it through any page or endpoint; the holders of the
sensitive-data permission in centre A and system administrators may.
"""

from __future__ import annotations

import pytest

from sentra.assessments.models import Alert, Need
from tests.assessments.factories import PHQ9_ITEM9, record

pytestmark = pytest.mark.django_db

DENIED = ["intake", "hr", "case_manager_b", "professional_b", "national_analyst"]
ALLOWED = ["case_manager", "professional", "centre_head", "sysadmin"]


@pytest.fixture
def urls(staff, siti, siti_case) -> dict[str, str]:
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9, case=siti_case)
    need = Need.objects.filter(assessment=assessment).first()
    assert need is not None
    return {
        "person": f"/beneficiaries/{siti.pk}/assessments/",
        "history": f"/beneficiaries/{siti.pk}/assessments/history/phq9/",
        "detail": f"/assessments/{assessment.pk}/",
        "api_list": f"/api/v1/beneficiaries/{siti.pk}/assessments",
        "api_detail": f"/api/v1/assessments/{assessment.pk}",
        "api_needs": f"/api/v1/beneficiaries/{siti.pk}/needs",
        "need": str(need.pk),
    }


@pytest.mark.parametrize("role", DENIED)
def test_others_get_404_for_the_assessment_pages_and_endpoints(client_for, staff, urls, role):
    client = client_for(staff[role])
    for name in ("person", "history", "detail", "api_list", "api_detail", "api_needs"):
        assert client.get(urls[name]).status_code == 404, (role, name)
    assert client.post(f"/needs/{urls['need']}/decide/", {"decision": "accept"}).status_code == 404
    assert (
        client.post(f"/api/v1/needs/{urls['need']}/accept", {}, content_type="application/json").status_code
        == 404
    )


@pytest.mark.parametrize("role", DENIED)
def test_others_cannot_record_for_the_person(client_for, staff, siti, role):
    client = client_for(staff[role])
    assert client.get(f"/beneficiaries/{siti.pk}/assessments/new/phq9/").status_code == 404
    response = client.post(
        f"/api/v1/beneficiaries/{siti.pk}/assessments",
        {"instrument": "phq9", "answers": {}},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", DENIED)
def test_others_see_no_alert_about_the_person(client_for, staff, urls, role):
    assert Alert.objects.exists()
    page = client_for(staff[role]).get("/assessments/")
    assert page.status_code in (200, 404)
    assert b"phq9-item9-urgent" not in page.content


@pytest.mark.parametrize("role", ALLOWED)
def test_the_sensitive_data_holders_and_administrators_may_read(client_for, staff, urls, role):
    client = client_for(staff[role])
    for name in ("person", "history", "detail", "api_list", "api_detail", "api_needs"):
        assert client.get(urls[name]).status_code == 200, (role, name)
