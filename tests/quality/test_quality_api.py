"""The quality API: staff endpoints scoped like the pages; public ones for results, survey, complaints."""

from __future__ import annotations

import pytest
from django.test import Client

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import Complaint, SurveyResponse
from sentra.quality.rules.ikm import ELEMENT_NAMES
from tests.quality.factories import add_responses, answers, file_complaint, make_period

pytestmark = pytest.mark.django_db


def test_periods_and_results_are_scoped(client_for, make_user, centre_a, centre_b) -> None:
    period_a = make_period(centre_a, population=20)
    period_b = make_period(centre_b)
    add_responses(period_a, [answers(4), answers(3)])
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    listing = client.get("/api/v1/survey-periods").json()
    assert [item["id"] for item in listing["items"]] == [period_a.pk]
    assert listing["items"][0]["respondents"] == 2
    assert client.get(f"/api/v1/survey-periods/{period_b.pk}").status_code == 404
    assert client.get(f"/api/v1/survey-periods/{period_b.pk}/result").status_code == 404
    result = client.get(f"/api/v1/survey-periods/{period_a.pk}/result").json()
    assert result["ikm"] == 87.5
    assert result["grade"] == "B"
    assert result["label"] == "Baik"
    assert result["elements"]["waktu"] == {"answered": 2, "nrr": 3.5}
    assert (result["sample_min"], result["sample_ok"]) == (19, False)
    analyst = client_for(make_user(role=Role.NATIONAL_ANALYST))
    assert len(analyst.get("/api/v1/survey-periods").json()["items"]) == 2
    bad = client.get("/api/v1/survey-periods?status=nope")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "status"


def test_individual_responses_for_readers_only(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    add_responses(period, [answers(4, biaya=None)])
    desk = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    items = desk.get(f"/api/v1/survey-periods/{period.pk}/responses").json()["items"]
    assert items[0]["answers"]["biaya"] is None
    assert items[0]["answers"]["sarana"] == 4
    worker = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    assert worker.get(f"/api/v1/survey-periods/{period.pk}/responses").status_code == 403


def test_complaints_are_scoped_and_identity_protected(client_for, make_user, centre_a, centre_b) -> None:
    named = make_user(role=Role.INTAKE, centres=(centre_a,))
    complaint = file_complaint(centre_a, about="staff", subject_staff_id=named.pk)
    other = file_complaint(centre_b)
    desk = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    assert [item["id"] for item in desk.get("/api/v1/complaints").json()["items"]] == [complaint.pk]
    assert desk.get(f"/api/v1/complaints/{other.pk}").status_code == 404
    assert desk.get(f"/api/v1/complaints/{complaint.pk}").json()["complainant"]["name"] == "Sari Wulandari"
    hidden = client_for(named).get(f"/api/v1/complaints/{complaint.pk}").json()["complainant"]
    assert hidden == {"anonymous": False, "name": None, "phone": None, "email": None}
    analyst = client_for(make_user(role=Role.NATIONAL_ANALYST))
    assert analyst.get(f"/api/v1/complaints/{complaint.pk}").status_code == 404  # aggregates only
    assert analyst.get("/api/v1/complaints").json()["items"] == []
    worker = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    assert worker.get("/api/v1/complaints").json()["items"] == []


def test_public_survey_submission_and_refusals(centre_a) -> None:
    make_period(centre_a)
    client = Client(REMOTE_ADDR="192.0.2.50")
    url = f"/api/v1/public/centres/{centre_a.code}/survey-responses"
    body = {"answers": dict.fromkeys(ELEMENT_NAMES, 3), "sex": "M"}
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 422
    assert "counts once" in again.json()["errors"][0]["message"]
    bad = client.post(url, {"answers": {"waktu": 5}}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "waktu"
    unknown = client.post(url, {**body, "code": "ZZZZ-ZZZZ", "sex": "F"}, content_type="application/json")
    assert unknown.json()["errors"][0]["field"] == "code"
    assert (
        client.post(
            "/api/v1/public/centres/nope/survey-responses", body, content_type="application/json"
        ).status_code
        == 404
    )
    assert SurveyResponse.objects.count() == 1


def test_public_results(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    add_responses(period, [answers(4)])
    services.period_publish(actor=make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)), period=period)
    results = Client().get(f"/api/v1/public/centres/{centre_a.code}/results").json()
    assert results[0]["ikm"] == "100.00"
    assert results[0]["grade"] == "A"
    assert results[0]["label"] == "Sangat Baik"


def test_public_complaint_and_tracking(centre_a, settings) -> None:
    client = Client(REMOTE_ADDR="192.0.2.60")
    response = client.post(
        f"/api/v1/public/centres/{centre_a.code}/complaints",
        {
            "category": "layanan",
            "about": "centre",
            "description": "Tidak ada informasi jadwal.",
            "anonymous": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.anonymous
    status = client.get(f"/api/v1/public/complaints/{code}").json()
    assert status["status"] == "received"
    assert [event["kind"] for event in status["events"]] == ["received"]
    assert "complainant" not in status
    assert client.get("/api/v1/public/complaints/BCDF-BCDF-BCDF").status_code == 404
    bad = client.post(
        f"/api/v1/public/centres/{centre_a.code}/complaints",
        {"category": "x", "about": "staff", "description": "?"},
        content_type="application/json",
    )
    assert {error["field"] for error in bad.json()["errors"]} >= {"category", "description", "name"}
    settings.SENTRA_TRACKING_RATE_LIMIT = 1
    assert client.get(f"/api/v1/public/complaints/{code}").status_code == 429
