"""Who may coordinate: centre heads for their own centres' waiting lists, system administrators for
any. Everyone else — national analysts included, who never see a person — gets 404 for a run, a
proposal or a caseload review, and 403 for the lists and the actions of a role that may not act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import AccessLogEntry
from sentra.placement.models import PlacementRun
from tests.placement.conftest import Waiting, World

pytestmark = pytest.mark.django_db

SEES_A = {"head_a", "admin"}


@pytest.fixture
def run(world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]) -> PlacementRun:
    return run_of()


@pytest.mark.parametrize(
    "username",
    ["head_a", "cm_a", "cm_a2", "intake_a", "prof_a", "hr_a", "head_b", "cm_b", "analyst", "admin"],
)
def test_runs_and_proposals_role_by_role(
    world: World, run: PlacementRun, client_for: Callable[..., Client], username: str
) -> None:
    user = world.users()[username]
    client = client_for(user)
    proposal = run.proposals.first()
    assert proposal is not None
    expected = 200 if username in SEES_A else 404
    assert client.get(reverse("placement:run_detail", args=[run.pk])).status_code == expected
    assert client.get(reverse("placement:proposal_detail", args=[proposal.pk])).status_code == expected
    assert client.get(f"/api/v1/placement/runs/{run.pk}").status_code == expected
    assert client.get(f"/api/v1/placement/runs/{run.pk}/proposals").status_code == expected
    assert client.get(f"/api/v1/placement/proposals/{proposal.pk}").status_code == expected
    what_if = client.post(reverse("placement:run_what_if", args=[run.pk]), {"action": "include", "id": "1"})
    assert what_if.status_code == (302 if username in SEES_A else 404)
    accept = client.post(reverse("placement:proposal_accept", args=[proposal.pk]))
    assert accept.status_code == (302 if username in SEES_A else 404)
    coordinator = username in SEES_A or username == "head_b"
    assert client.get(reverse("placement:run_list")).status_code == (200 if coordinator else 403)
    assert client.get("/api/v1/placement/runs").status_code == (200 if coordinator else 403)


def test_a_coordinator_lists_only_the_runs_of_their_centres(
    world: World, run: PlacementRun, client_for: Callable[..., Client]
) -> None:
    body = client_for(world.head_b).get("/api/v1/placement/runs").json()
    assert body["count"] == 0
    body = client_for(world.admin).get("/api/v1/placement/runs").json()
    assert [row["id"] for row in body["items"]] == [run.pk]


def test_opening_a_proposal_is_logged_as_a_read_of_personal_data(
    world: World, run: PlacementRun, client_for: Callable[..., Client]
) -> None:
    proposal = run.proposals.first()
    assert proposal is not None
    client_for(world.head_a).get(reverse("placement:proposal_detail", args=[proposal.pk]))
    entry = AccessLogEntry.objects.get(category="placement_proposal")
    assert entry.actor == world.head_a
    assert entry.object_id == str(proposal.beneficiary_id)


@pytest.mark.parametrize(
    "username", ["head_a", "cm_a", "intake_a", "prof_a", "hr_a", "head_b", "cm_b", "analyst", "admin"]
)
def test_caseload_review_role_by_role(world: World, client_for: Callable[..., Client], username: str) -> None:
    client = client_for(world.users()[username])
    expected = 200 if username == "head_a" else 404
    assert client.get(reverse("placement:caseload_review", args=[world.a.pk])).status_code == expected
    assert client.get(f"/api/v1/placement/caseload/{world.a.pk}").status_code == expected
    assert client.post(reverse("placement:caseload_review", args=[world.a.pk]), {}).status_code == (
        422 if username == "head_a" else 404
    )


def test_the_api_runs_and_accepts(
    world: World,
    waiting_list: dict[str, Waiting],
    client_for: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.head_a)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/placement/runs", {"centre_id": world.a.pk}, content_type="application/json"
        )
    assert created.status_code == 201
    run_id = created.json()["id"]
    detail = client.get(f"/api/v1/placement/runs/{run_id}").json()
    assert detail["status"] == "done"
    assert detail["gap"] == pytest.approx(0.0, abs=1e-9)
    assert detail["greedy"]["placed"] == 4
    rows = client.get(f"/api/v1/placement/runs/{run_id}/proposals?kind=placed").json()["items"]
    low = next(row for row in rows if row["beneficiary_id"] == waiting_list["low"].person.pk)
    one = client.get(f"/api/v1/placement/proposals/{low['id']}").json()
    assert one["explanation"]
    accepted = client.post(
        f"/api/v1/placement/runs/{run_id}/accept",
        {"proposal_ids": [low["id"]]},
        content_type="application/json",
    ).json()
    assert accepted == {"accepted": [low["id"]], "refused": {}}
    bad = client.post(
        f"/api/v1/placement/runs/{run_id}/what-if",
        {"pin_centre_id": world.a.pk},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "pin_centre_id"
    forbidden = client_for(world.analyst).post(
        "/api/v1/placement/runs", {"centre_id": world.a.pk}, content_type="application/json"
    )
    assert forbidden.status_code == 403


def test_the_api_shapes_a_run_and_a_proposal(
    world: World, run: PlacementRun, client_for: Callable[..., Client]
) -> None:
    client = client_for(world.head_a)
    body = client.get(f"/api/v1/placement/runs/{run.pk}").json()
    assert body["centre_id"] == world.a.pk
    assert body["previous_id"] is None
    assert body["greedy"]["placed"] == run.greedy["placed"]
    proposal = run.proposals.first()
    assert proposal is not None
    one = client.get(f"/api/v1/placement/proposals/{proposal.pk}").json()
    assert one["beneficiary_id"] == proposal.beneficiary_id
    assert one["waiting_at_id"] == world.a.pk
    assert one["full_name"] == proposal.beneficiary.full_name
