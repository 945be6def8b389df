"""The insights API: the same figures, scoping and suppression as the pages, role by role."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sentra.insights.models import BreakGlassGrant, ReportFile
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_centre_dashboard_figures_match_the_fixture(world: World) -> None:
    response = sign_in(Client(), world.head_a).get(
        f"/api/v1/insights/centres/{world.a.pk}/dashboard", {"months": 1}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["open_cases"] == 3
    assert data["intake"] == 3
    assert data["waiting"] == 2
    assert data["occupancy_percent"] == 20
    assert data["assessment_mean_days"] == pytest.approx(5.0)
    assert data["plan_mean_days"] == pytest.approx(10.0)
    assert data["referrals_received"] == 2
    assert data["overdue_tasks"] == 1
    assert data["ikm"]["value"] == "82.50"
    assert data["complaints_on_time_percent"] == 100
    assert data["open_cases_by_cluster_and_stage"]["lansia"]["asesmen"] >= 1


@pytest.mark.parametrize("who", ["cm_a", "intake_a", "analyst"])
def test_other_roles_cannot_read_the_centre_dashboard(world: World, who: str) -> None:
    client = sign_in(Client(), getattr(world, who))
    assert client.get(f"/api/v1/insights/centres/{world.a.pk}/dashboard").status_code == 403


def test_another_centre_is_not_found(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    assert client.get(f"/api/v1/insights/centres/{world.b.pk}/dashboard").status_code == 404
    admin = sign_in(Client(), world.admin)
    assert admin.get(f"/api/v1/insights/centres/{world.b.pk}/dashboard").status_code == 200


def test_national_view_is_suppressed_and_free_of_people(world: World) -> None:
    response = sign_in(Client(), world.analyst).get("/api/v1/insights/national", {"months": 1})
    assert response.status_code == 200
    data = response.json()
    assert data["threshold"] == 5
    counts = [value for row in data["rows"] for value in row["counts"].values()]
    assert None in counts  # small cells are hidden
    assert all(value is None or value >= 5 for value in counts)
    text = json.dumps(data)
    for person, nik in zip(world.people, world.niks, strict=False):
        assert person.full_name not in text
        assert nik not in text
    for who in ("head_a", "cm_a", "intake_a"):
        assert sign_in(Client(), getattr(world, who)).get("/api/v1/insights/national").status_code == 403


def test_report_inbox_request_list_and_download(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    created = client.post(
        "/api/v1/insights/reports",
        {"kind": "centre_monthly", "format": "pdf", "centre_id": world.a.pk, "month": f"{world.m0:%Y-%m}"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    listing = client.get("/api/v1/insights/reports").json()
    assert [item["id"] for item in listing["items"]] == [pk]
    assert _body(client.get(f"/api/v1/insights/reports/{pk}/file")).startswith(b"%PDF")
    assert ReportFile.objects.get(pk=pk).read_at is not None
    other = sign_in(Client(), world.head_b)
    assert other.get(f"/api/v1/insights/reports/{pk}/file").status_code == 404
    assert other.get("/api/v1/insights/reports").json()["items"] == []
    for who in ("cm_a", "intake_a"):
        assert sign_in(Client(), getattr(world, who)).get("/api/v1/insights/reports").status_code == 403


def test_bad_report_requests_name_the_field(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    response = client.post(
        "/api/v1/insights/reports",
        {"kind": "centre_monthly", "format": "pdf", "centre_id": world.b.pk, "month": "2026-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "centre_id"
    response = client.post(
        "/api/v1/insights/reports",
        {"kind": "nonsense", "format": "pdf", "centre_id": world.a.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    assert not ReportFile.objects.exists()


def test_break_glass_request_list_and_end(world: World) -> None:
    analyst = sign_in(Client(), world.analyst)
    short = analyst.post(
        "/api/v1/insights/break-glass",
        {"centre_id": world.a.pk, "reason": "because", "hours": 2},
        content_type="application/json",
    )
    assert short.status_code == 422
    assert {error["field"] for error in short.json()["errors"]} == {"reason"}
    assert not BreakGlassGrant.objects.exists()
    created = analyst.post(
        "/api/v1/insights/break-glass",
        {"centre_id": world.a.pk, "reason": "Audit of a complaint about this centre, ref 2026/9", "hours": 2},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert [item["id"] for item in analyst.get("/api/v1/insights/break-glass").json()["items"]] == [pk]
    head_b = sign_in(Client(), world.head_b)
    assert head_b.post(f"/api/v1/insights/break-glass/{pk}/end").status_code == 404
    head_a = sign_in(Client(), world.head_a)
    assert head_a.post(f"/api/v1/insights/break-glass/{pk}/end").json()["revoked_at"] is not None
    for who in ("head_a", "cm_a", "admin"):
        response = sign_in(Client(), getattr(world, who)).post(
            "/api/v1/insights/break-glass",
            {"centre_id": world.a.pk, "reason": "x" * 30, "hours": 1},
            content_type="application/json",
        )
        assert response.status_code == 403
