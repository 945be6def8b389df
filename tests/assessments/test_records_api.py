"""The API for recorded assessments and needs: scoped, access-logged, errors naming the item."""

from __future__ import annotations

import pytest

from sentra.assessments.models import Assessment, Need, NeedStatus
from sentra.core.models import AccessLogEntry
from tests.assessments.factories import PHQ9_ITEM9, PHQ9_MILD, PHQ9_SEVERE, record

pytestmark = pytest.mark.django_db


def test_record_and_read_back(client_for, staff, siti, siti_case):
    client = client_for(staff["case_manager"])
    response = client.post(
        f"/api/v1/beneficiaries/{siti.pk}/assessments",
        {"instrument": "phq9", "answers": PHQ9_ITEM9, "case_id": siti_case.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["total"], body["band"], body["flags"], body["version"]) == (
        11,
        "moderate",
        ["phq9_item9"],
        "1",
    )
    listed = client.get(f"/api/v1/beneficiaries/{siti.pk}/assessments").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    detail = client.get(f"/api/v1/assessments/{body['id']}").json()
    assert detail["answers"]["9"] == 1
    assert AccessLogEntry.objects.filter(object_id=str(body["id"]), category="assessment").count() == 2


def test_bad_answers_answer_422_naming_the_item(client_for, staff, siti):
    response = client_for(staff["case_manager"]).post(
        f"/api/v1/beneficiaries/{siti.pk}/assessments",
        {"instrument": "phq9", "answers": {**PHQ9_MILD, "2": 5}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["answers.2"]
    assert not Assessment.objects.exists()


def test_needs_are_listed_and_decided(client_for, staff, siti):
    record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    client = client_for(staff["case_manager"])
    needs = client.get(f"/api/v1/beneficiaries/{siti.pk}/needs?current=true").json()
    ids = {n["rule_id"]: n["id"] for n in needs}
    assert set(ids) == {"psychosocial-distress", "phq9-severe-psychiatry"}
    refused = client.post(
        f"/api/v1/needs/{ids['psychosocial-distress']}/reject", {}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reason"
    accepted = client.post(
        f"/api/v1/needs/{ids['psychosocial-distress']}/accept", {}, content_type="application/json"
    )
    assert accepted.json()["status"] == NeedStatus.ACCEPTED
    assert Need.objects.get(pk=ids["psychosocial-distress"]).status == NeedStatus.ACCEPTED


def test_the_summary_counts_for_a_national_analyst_without_persons(client_for, staff, siti, centre_a):
    record(staff["case_manager"], siti, "wgss", {"1": 1, "2": 1, "3": 4, "4": 1, "5": 1, "6": 1})
    body = client_for(staff["national_analyst"]).get(f"/api/v1/needs/summary?centre={centre_a.pk}").json()
    assert {"code": "wheelchair", "count": 1} in body["devices"]
    assert {"code": "fisioterapis", "count": 1} in body["professions"]
    assert "beneficiary" not in str(body)


def test_history_with_the_pre_post_comparison(client_for, staff, siti):
    record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD)
    body = (
        client_for(staff["professional"])
        .get(f"/api/v1/beneficiaries/{siti.pk}/assessments/history/phq9")
        .json()
    )
    assert [item["total"] for item in body["items"]] == [24, 5]
    assert body["better"] == "lower"
    assert body["comparison"] == {
        "first_total": 24,
        "latest_total": 5,
        "change": -19,
        "outcome": "improved",
        "first_band": "severe",
        "latest_band": "mild",
        "crossed_band": True,
    }


def test_my_alerts_and_acknowledging_one(client_for, staff, siti, siti_case):
    record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9, case=siti_case)
    client = client_for(staff["professional"])
    alerts = client.get("/api/v1/alerts").json()["items"]
    assert [(a["rule_id"], a["addressed_to"]) for a in alerts] == [("phq9-item9-urgent", "psikolog")]
    assert client.post(f"/api/v1/alerts/{alerts[0]['id']}/acknowledge").status_code == 200
    assert client.get("/api/v1/alerts").json()["items"] == []
    assert (
        client_for(staff["case_manager_b"]).post(f"/api/v1/alerts/{alerts[0]['id']}/acknowledge").status_code
        == 404
    )
    assert client_for(staff["intake"]).get("/api/v1/alerts").json()["items"] == []
