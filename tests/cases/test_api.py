"""The case API: the same services and scoping as the pages; 4xx answers name the field."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from sentra.cases.models import Case, Referral, Stage
from sentra.core.models import User
from tests.cases.conftest import World, give_consent
from tests.fixtures import sign_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def api(user: User) -> Client:
    return sign_in(Client(enforce_csrf_checks=False), user)


def post(client: Client, path: str, body: dict) -> object:
    return client.post(f"/api/v1{path}", body, content_type="application/json")


def fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def test_open_move_plan_approve_and_log_through_the_api(world: World, person) -> None:
    cm = api(world.cm_a)
    bad = post(
        cm,
        "/cases",
        {"beneficiary_id": person.pk, "sentra_id": world.a.pk, "setting": "boarding", "cluster": "x"},
    )
    assert bad.status_code == 422
    assert fields(bad) == {"case_manager", "setting", "cluster"}
    hidden = post(
        cm,
        "/cases",
        {"beneficiary_id": 999999, "sentra_id": world.a.pk, "setting": "family", "cluster": "lansia"},
    )
    assert (hidden.status_code, fields(hidden)) == (422, {"beneficiary_id"})
    created = post(
        cm,
        "/cases",
        {
            "beneficiary_id": person.pk,
            "sentra_id": world.a.pk,
            "case_manager_id": world.cm_a.pk,
            "setting": "family",
            "cluster": "lansia",
        },
    )
    assert created.status_code == 201
    case_id = created.json()["id"]
    assert created.json()["stage"] == "pendekatan_awal"
    assert post(cm, f"/cases/{case_id}/transitions", {"to_stage": "asesmen"}).status_code == 201
    refused = post(cm, f"/cases/{case_id}/transitions", {"to_stage": "perencanaan"})
    assert (refused.status_code, fields(refused)) == (422, {"assessment_summary"})
    post(
        cm,
        f"/cases/{case_id}/transitions",
        {"to_stage": "perencanaan", "assessment_summary": "Needs support"},
    )
    plan_body = {
        "goals": [
            {
                "description": "Safe at home",
                "indicator": "Visit",
                "target_date": (TODAY() + datetime.timedelta(days=30)).isoformat(),
            }
        ],
        "services": [
            {
                "component": "terapi",
                "subtype": "",
                "description": "Counselling",
                "responsible_id": world.prof_a.pk,
                "frequency": "weekly",
            }
        ],
    }
    bad_plan = post(cm, f"/cases/{case_id}/plans", plan_body)
    assert (bad_plan.status_code, fields(bad_plan)) == (422, {"services.0.subtype"})
    plan_body["services"][0]["subtype"] = "psikososial"
    plan = post(cm, f"/cases/{case_id}/plans", plan_body)
    assert plan.status_code == 201
    plan_id = plan.json()["id"]
    assert post(cm, f"/plans/{plan_id}/approve", {}).status_code == 403
    approved = post(api(world.head_a), f"/plans/{plan_id}/approve", {})
    assert approved.json()["status"] == "approved"
    versions = cm.get(f"/api/v1/cases/{case_id}/plans").json()
    assert [v["version"] for v in versions] == [1]
    assert versions[0]["services"][0]["subtype"] == "psikososial"
    post(cm, f"/cases/{case_id}/transitions", {"to_stage": "intervensi"})
    logged = post(
        cm,
        f"/cases/{case_id}/services",
        {
            "delivered_on": TODAY().isoformat(),
            "component": "dukungan_keluarga",
            "attendance": "attended",
            "duration_minutes": 30,
        },
    )
    assert logged.status_code == 201
    listed = cm.get(f"/api/v1/cases/{case_id}/services").json()
    assert listed["count"] == 1
    assert listed["items"][0]["component"] == "dukungan_keluarga"
    detail = cm.get(f"/api/v1/cases/{case_id}").json()
    assert detail["approved_plan_version"] == 1
    assert [t["to_stage"] for t in detail["transitions"]] == [
        "pendekatan_awal",
        "asesmen",
        "perencanaan",
        "intervensi",
    ]
    wrong = post(cm, f"/cases/{case_id}/services", {"delivered_on": "yesterday", "attendance": "attended"})
    assert wrong.status_code == 422
    assert "delivered_on" in fields(wrong)


def test_tasks_through_the_api(world: World, case_factory) -> None:
    case = case_factory()
    cm = api(world.cm_a)
    mine = cm.get("/api/v1/tasks").json()
    assert [t["kind"] for t in mine["items"]] == ["initial_assessment"]
    created = post(
        cm,
        "/tasks",
        {"title": "Call", "due_on": (TODAY() - datetime.timedelta(days=1)).isoformat(), "case_id": case.pk},
    )
    assert created.status_code == 201
    assert created.json()["overdue"] is True
    assert [
        t["title"] for t in api(world.head_a).get("/api/v1/tasks?scope=centre&overdue=true").json()["items"]
    ] == ["Call"]
    missing = post(cm, "/tasks", {"title": ""})
    assert (missing.status_code, fields(missing)) == (422, {"case_id"})
    done = post(cm, f"/tasks/{created.json()['id']}/complete", {"note": "ok"})
    assert done.json()["status"] == "done"
    assert cm.get("/api/v1/tasks?scope=everything").status_code == 422
    assert (
        api(world.cm_b)
        .post(f"/api/v1/tasks/{created.json()['id']}/complete", {}, content_type="application/json")
        .status_code
        == 404
    )


def test_referrals_through_the_api_receiver_sees_only_the_summary(world: World, case_factory) -> None:
    case = case_factory(Stage.ASESMEN)
    cm = api(world.cm_a)
    body = {
        "target_kind": "sentra",
        "to_sentra_id": world.b.pk,
        "reason": "Residential therapy",
        "components": ["terapi"],
        "urgency": "high",
    }
    no_consent = post(cm, f"/cases/{case.pk}/referrals", body)
    assert (no_consent.status_code, fields(no_consent)) == (422, {"consent"})
    give_consent(case.beneficiary)
    unknown = post(cm, f"/cases/{case.pk}/referrals", {**body, "components": ["magic"]})
    assert (unknown.status_code, fields(unknown)) == (422, {"components"})
    sent = post(cm, f"/cases/{case.pk}/referrals", body)
    assert sent.status_code == 201
    assert sent.json()["case_id"] == case.pk
    referral_id = sent.json()["id"]
    receiver = api(world.head_b)
    inbox = receiver.get("/api/v1/referrals").json()
    assert [r["id"] for r in inbox["items"]] == [referral_id]
    seen = receiver.get(f"/api/v1/referrals/{referral_id}").json()
    assert seen["case_id"] is None
    assert seen["shared_summary"]["full_name"] == "Siti Aminah"
    assert "nik" not in seen["shared_summary"]
    assert receiver.get(f"/api/v1/cases/{case.pk}").status_code == 404
    bad = post(receiver, f"/referrals/{referral_id}/decline", {"decline_reason": "because"})
    assert (bad.status_code, fields(bad)) == (422, {"decline_reason"})
    assert post(api(world.prof_b), f"/referrals/{referral_id}/accept", {}).status_code == 404
    accepted = post(
        receiver,
        f"/referrals/{referral_id}/accept",
        {"open_case": True, "case_manager_id": world.cm_b.pk, "setting": "residential"},
    )
    assert accepted.json()["status"] == "accepted"
    assert Case.objects.filter(sentra=world.b, referral_source_id=referral_id).exists()
    outbox = cm.get("/api/v1/referrals?box=out").json()
    assert [(r["id"], r["status"]) for r in outbox["items"]] == [(referral_id, "accepted")]
    assert cm.get("/api/v1/referrals?box=sideways").status_code == 422
    assert Referral.objects.count() == 1
