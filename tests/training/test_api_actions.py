"""The training API does what the pages do, scoped like them, role by role: the catalogue, sessions
(enrol, attendance and completion, evaluation), plans, exchanges, the programme's lifecycle and the
returnees' obligations."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from sentra.core.models import AuditEvent, User
from sentra.training import services
from sentra.training.models import (
    Course,
    Obligation,
    OverseasProgramme,
    ProgrammeStatus,
    TrainingKind,
    TrainingPlan,
)
from sentra.workforce.models import StaffCompetency
from tests.fixtures import sign_in
from tests.training.conftest import Net, programme_input

API = "/api/v1/training"


def _as(user: User) -> Client:
    return sign_in(Client(), user)


def _session_body(net: Net, course: Course, centre_id: int | None = None) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "course_id": course.pk,
        "centre_id": centre_id or net.a.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=1)).isoformat(),
        "trainer": "Dr. Sari",
        "capacity": 5,
    }


def test_catalogue_is_listed_and_extended_by_managers_only(net: Net, course: Course) -> None:
    assert course.code in {c["code"] for c in _as(net.ani).get(f"{API}/courses").json()["items"]}
    body = {
        "code": "konseling-adiksi",
        "title": "Konseling adiksi",
        "kind": TrainingKind.BIMTEK,
        "outcomes": {"elderly-daily-care": 1},
        "centre_id": net.a.pk,
    }
    assert _as(net.ani).post(f"{API}/courses", body, content_type="application/json").status_code == 403
    assert _as(net.hr_b).post(f"{API}/courses", body, content_type="application/json").status_code == 404
    national = {**body, "centre_id": None}
    assert _as(net.hr_a).post(f"{API}/courses", national, content_type="application/json").status_code == 403
    created = _as(net.hr_a).post(f"{API}/courses", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["centre_id"] == net.a.pk
    bad = _as(net.hr_a).post(
        f"{API}/courses", {**body, "code": "x2", "kind": "nonsense"}, content_type="application/json"
    )
    assert bad.status_code in (400, 422)


def test_session_enrol_complete_and_evaluate(net: Net, course: Course) -> None:
    hr = _as(net.hr_a)
    # Only HR, heads and the administrator schedule, and only at a centre of theirs.
    for user, status in ((net.ani, 403), (net.analyst, 403), (net.hr_b, 404)):
        response = _as(user).post(
            f"{API}/sessions", _session_body(net, course), content_type="application/json"
        )
        assert response.status_code == status, user.username
    created = hr.post(f"{API}/sessions", _session_body(net, course), content_type="application/json")
    assert created.status_code == 201
    session_id = created.json()["id"]
    # Enrolment: a manager, of staff they can see.
    assert (
        _as(net.ani)
        .post(
            f"{API}/sessions/{session_id}/participants",
            {"staff_id": net.bayu_staff.pk},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert (
        hr.post(
            f"{API}/sessions/{session_id}/participants",
            {"staff_id": net.citra_staff.pk},
            content_type="application/json",
        ).status_code
        == 404
    )
    enrolled = hr.post(
        f"{API}/sessions/{session_id}/participants",
        {"staff_id": net.ani_staff.pk},
        content_type="application/json",
    )
    assert enrolled.status_code == 201
    participant_id = enrolled.json()["id"]
    # Another centre's session is not there for its HR.
    assert _as(net.hr_b).get(f"{API}/sessions/{session_id}").status_code == 404
    # Ani sees herself only; her colleague Bayu does not see her.
    assert [
        p["staff_id"] for p in _as(net.ani).get(f"{API}/sessions/{session_id}").json()["participants"]
    ] == [net.ani_staff.pk]
    assert _as(net.bayu).get(f"{API}/sessions/{session_id}").json()["participants"] == []
    # Closing: a participant cannot; HR can.
    attendance = {"attendance": {str(participant_id): "completed"}}
    assert (
        _as(net.ani)
        .post(f"{API}/sessions/{session_id}/complete", attendance, content_type="application/json")
        .status_code
        == 403
    )
    closed = hr.post(f"{API}/sessions/{session_id}/complete", attendance, content_type="application/json")
    assert closed.status_code == 200
    assert closed.json()["participants"][0]["status"] == "completed"
    assert StaffCompetency.objects.get(staff=net.ani_staff, competency__code="elderly-daily-care").level >= 2
    # Evaluation: only the participant, 1 to 5.
    url = f"{API}/participants/{participant_id}/evaluation"
    assert hr.post(url, {"rating": 5}, content_type="application/json").status_code == 403
    assert _as(net.bayu).post(url, {"rating": 5}, content_type="application/json").status_code == 404
    assert _as(net.ani).post(url, {"rating": 9}, content_type="application/json").status_code in (400, 422)
    rated = _as(net.ani).post(url, {"rating": 4, "feedback": "Bagus"}, content_type="application/json")
    assert (rated.status_code, rated.json()["rating"]) == (200, 4)


def test_plans_are_proposed_and_approved_by_the_centres_managers(net: Net) -> None:
    year = timezone.localdate().year
    body = {"centre_id": net.a.pk, "year": year}
    assert _as(net.ani).get(f"{API}/plans").status_code == 404
    assert _as(net.ani).post(f"{API}/plans", body, content_type="application/json").status_code == 403
    assert _as(net.hr_b).post(f"{API}/plans", body, content_type="application/json").status_code == 404
    proposed = _as(net.hr_a).post(f"{API}/plans", body, content_type="application/json")
    assert proposed.status_code == 201
    plan_id = proposed.json()["id"]
    assert _as(net.hr_b).get(f"{API}/plans/{plan_id}").status_code == 404
    assert plan_id in {p["id"] for p in _as(net.head_a).get(f"{API}/plans").json()["items"]}
    approved = _as(net.head_a).post(f"{API}/plans/{plan_id}/approve")
    assert approved.status_code == 200
    assert TrainingPlan.objects.get(pk=plan_id).status == approved.json()["status"]
    assert AuditEvent.objects.filter(object_type__icontains="trainingplan").exists()


def test_exchanges_run_by_the_national_level_and_updated_by_either_centre(net: Net) -> None:
    assert _as(net.hr_a).post(f"{API}/exchanges/run").status_code == 403
    run = _as(net.admin).post(f"{API}/exchanges/run")
    assert run.status_code == 200
    assert run.json()["proposed"] == len(run.json()["ids"])
    if not run.json()["ids"]:
        return
    exchange_id = run.json()["ids"][0]
    body = {"status": "agreed", "learnt": "", "follow_up": ""}
    assert _as(net.ani).put(
        f"{API}/exchanges/{exchange_id}", body, content_type="application/json"
    ).status_code in (
        403,
        404,
    )


def test_programme_lifecycle_and_obligations(net: Net) -> None:
    today = timezone.localdate()
    body = {
        "centre_id": net.a.pk,
        "title": "Studi banding Jepang",
        "country": "Jepang",
        "competency": "elderly-daily-care",
        "places": 1,
        "opens_on": (today - datetime.timedelta(days=5)).isoformat(),
        "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
        "departs_on": (today + datetime.timedelta(days=60)).isoformat(),
        "returns_on": (today + datetime.timedelta(days=90)).isoformat(),
        "centre_ids": [net.a.pk, net.b.pk],
    }
    assert _as(net.ani).post(f"{API}/programmes", body, content_type="application/json").status_code == 403
    assert (
        _as(net.analyst).post(f"{API}/programmes", body, content_type="application/json").status_code == 403
    )
    assert _as(net.hr_b).post(f"{API}/programmes", body, content_type="application/json").status_code == 404
    bad = _as(net.hr_a).post(f"{API}/programmes", {**body, "country": " "}, content_type="application/json")
    assert bad.status_code in (400, 422)
    created = _as(net.hr_a).post(f"{API}/programmes", body, content_type="application/json")
    assert (created.status_code, created.json()["status"]) == (201, ProgrammeStatus.DRAFT)
    programme_id = created.json()["id"]
    # Only the organising centre's managers move it along.
    assert _as(net.hr_b).post(f"{API}/programmes/{programme_id}/open").status_code in (403, 404)
    opened = _as(net.hr_a).post(f"{API}/programmes/{programme_id}/open")
    assert opened.json()["status"] == ProgrammeStatus.OPEN
    # Returning before the group is due back is refused with a named field.
    early = _as(net.hr_a).post(f"{API}/programmes/{programme_id}/return")
    assert early.status_code in (400, 422)


def test_obligations_listed_for_oneself_and_completed(net: Net) -> None:
    today = timezone.localdate()
    programme = services.programme_create(
        actor=net.hr_a, sentra=net.a, data=programme_input(net, min_language_level=0)
    )
    services.programme_open(actor=net.hr_a, programme=programme)
    services.application_submit(actor=net.ani, programme=programme, motivation="", language_level=2)
    services.programme_rank(actor=net.hr_a, programme=programme)
    services.programme_decide(actor=net.hr_a, programme=programme)
    # The group has been and come back.
    OverseasProgramme.objects.filter(pk=programme.pk).update(
        departs_on=today - datetime.timedelta(days=40), returns_on=today - datetime.timedelta(days=10)
    )
    returned = _as(net.hr_a).post(f"{API}/programmes/{programme.pk}/return")
    assert (returned.status_code, returned.json()["status"]) == (200, ProgrammeStatus.RETURNED)
    mine = _as(net.ani).get(f"{API}/obligations").json()["items"]
    assert mine
    assert {o["staff_id"] for o in mine} == {net.ani_staff.pk}
    assert _as(net.bayu).get(f"{API}/obligations").json()["items"] == []
    assert _as(net.analyst).get(f"{API}/obligations").json()["items"] == []
    report = Obligation.objects.filter(application__staff=net.ani_staff).order_by("target").first()
    assert report is not None
    url = f"{API}/obligations/{report.pk}"
    assert _as(net.bayu).post(url, {"delivered": 1}, content_type="application/json").status_code == 404
    too_early = {"delivered": 0, "evidence": "x", "done_on": today.isoformat()}
    assert _as(net.ani).post(url, too_early, content_type="application/json").status_code in (400, 422)
    done = {"delivered": report.target, "evidence": "Laporan", "done_on": today.isoformat()}
    response = _as(net.ani).post(url, done, content_type="application/json")
    assert (response.status_code, response.json()["done_on"]) == (200, today.isoformat())
