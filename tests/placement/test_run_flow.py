"""A placement run over the real waiting list: inputs, proposals with reasons, bound, gap, greedy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditEvent
from sentra.placement.models import PlacementProposal, PlacementRun, ProposalKind, RunStatus
from sentra.placement.rules import parse_instance
from tests.placement.conftest import Waiting, World

pytestmark = pytest.mark.django_db


def by_person(run: PlacementRun) -> dict[int, PlacementProposal]:
    return {proposal.beneficiary_id: proposal for proposal in run.proposals.all()}


def test_the_run_places_the_most_urgent_nearest_and_the_rest_where_there_is_room(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    proposals = by_person(run)
    # Both live in Jakarta: one takes A's single place, the other goes to B (equal total travel).
    jakarta = {proposals[waiting_list[name].person.pk].centre_id for name in ("urgent", "normal")}
    assert jakarta == {world.a.pk, world.b.pk}
    assert proposals[waiting_list["low"].person.pk].centre_id == world.b.pk  # lives in Bandung
    assert proposals[waiting_list["therapy"].person.pk].centre_id == world.lks.pk
    assert run.people == 4
    assert run.placed == 4
    assert run.urgent_unplaced == 0


def test_every_run_reports_its_bound_gap_and_the_greedy_baseline(
    waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of()
    assert run.lower_bound is not None
    assert run.objective is not None
    assert run.lower_bound <= run.objective + 1e-6
    assert run.gap == pytest.approx(0.0, abs=1e-9)
    assert run.solver_status == "optimal"
    assert set(run.greedy) >= {"objective", "placed", "urgent_unplaced", "total_distance_km", "improvement"}
    assert run.greedy["objective"] >= run.objective - 1e-6


def test_the_instance_is_stored_and_replayable(
    waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of()
    instance = parse_instance(run.instance)
    assert len(instance.beneficiaries) == 4
    needs = {person.id: set(person.needs) for person in instance.beneficiaries}
    assert needs[str(waiting_list["urgent"].person.pk)] == {"residential"}
    assert needs[str(waiting_list["therapy"].person.pk)] == {"terapi"}


def test_reasons_say_why_not_the_nearer_centre_and_why_unplaced(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    first = wait("Urgent One", urgency="emergency")
    second = wait("Normal Two", urgency="normal")
    # B closes its places: only A's single place is left, so the second person waits.
    world.b.capacities.all().delete()
    run = run_of()
    proposals = by_person(run)
    placed = proposals[first.person.pk]
    assert placed.kind == ProposalKind.PLACED
    assert placed.reasons["services"] == ["residential"]
    waiting = proposals[second.person.pk]
    assert waiting.kind == ProposalKind.UNPLACED
    assert waiting.centre_id is None
    assert waiting.reasons["blocked"][0] == {
        "centre": str(world.a.pk),
        "distance_km": 0.0,
        "why": "full",
        "services": ["residential"],
    }


def test_a_person_already_referred_by_an_accepted_proposal_is_not_proposed_again(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    from sentra.placement import services

    run = run_of()
    proposal = by_person(run)[waiting_list["normal"].person.pk]
    services.proposal_accept(actor=world.head_a, proposal=proposal)
    again = run_of()
    assert waiting_list["normal"].person.pk not in by_person(again)
    assert again.people == 3


def test_the_page_starts_the_run_in_the_background_and_shows_the_results(
    world: World,
    waiting_list: dict[str, Waiting],
    client_for: Callable[..., Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.head_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("placement:run_list"), {"centre": world.a.pk})
    run = PlacementRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placement:run_detail", args=[run.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="run-summary"' in body
    assert f'data-proposal="{run.proposals.first().pk}"' in body
    assert AuditEvent.objects.filter(object_type="placement.placementrun", object_id=str(run.pk)).exists()


def test_progress_is_polled_until_the_run_ends(world: World, client_for: Callable[..., Client]) -> None:
    from sentra.placement import services

    run = services.run_create(actor=world.head_a, sentra=world.a)
    client = client_for(world.head_a)
    polling = client.get(reverse("placement:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert polling.status_code == 200
    assert 'data-status="pending"' in polling.content.decode()
    services.run_execute(run_id=run.pk)
    done = client.get(reverse("placement:run_detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_a_centre_head_cannot_run_another_centres_list_nor_the_national_one(
    world: World, client_for: Callable[..., Client]
) -> None:
    client = client_for(world.head_a)
    response = client.post(reverse("placement:run_list"), {"centre": world.b.pk})
    assert response.status_code == 422
    assert not PlacementRun.objects.exists()
    response = client.post(reverse("placement:run_list"), {"centre": ""})
    assert response.status_code == 422


def test_the_list_page_has_no_n_plus_one(
    world: World,
    waiting_list: dict[str, Waiting],
    run_of: Callable[..., PlacementRun],
    client_for: Callable[..., Client],
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(5):
        run_of()
    client = client_for(world.head_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("placement:run_list")).status_code == 200
    run = PlacementRun.objects.first()
    assert run is not None
    with django_assert_max_num_queries(25):
        assert client.get(reverse("placement:run_detail", args=[run.pk])).status_code == 200


def test_assessed_needs_add_services_and_can_raise_the_urgency(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    from sentra.assessments.models import Assessment, Need

    waiting = wait("Assessed", urgency="low", home="32.73.01.1001")
    assessment = Assessment.objects.create(
        beneficiary=waiting.person,
        sentra=world.a,
        kind="instrument",
        instrument="phq9",
        version="1",
        assessor=world.cm_a,
    )
    Need.objects.create(
        beneficiary=waiting.person,
        sentra=world.a,
        assessment=assessment,
        rule_id="phq9-moderate",
        ruleset="default",
        ruleset_version="1",
        component="terapi",
        urgency="urgent",
    )
    run = run_of()
    proposal = run.proposals.get(beneficiary=waiting.person)
    assert proposal.needs == ["residential", "terapi"]
    assert proposal.urgency == 4
    # Nobody offers a residential place together with therapy: not placed, and the reason says so.
    assert proposal.centre is None
    assert proposal.reasons["no_bundle"] is True


def test_a_failing_run_ends_failed_with_the_error_and_no_proposals(
    world: World, waiting_list: dict[str, Waiting], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sentra.placement import rules, services

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(rules, "place", broken)
    run = services.run_create(actor=world.head_a, sentra=world.a)
    with pytest.raises(RuntimeError):
        services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "solver exploded" in run.failure
    assert not run.proposals.exists()
    # Running it again does nothing: a finished run stays as it ended.
    assert services.run_execute(run_id=run.pk).status == RunStatus.FAILED


def test_a_national_run_takes_every_centres_waiting_list(
    world: World,
    waiting_list: dict[str, Waiting],
    wait: Callable[..., Waiting],
    run_of: Callable[..., PlacementRun],
) -> None:
    from sentra.beneficiaries.models import Beneficiary
    from sentra.cases import services as cases

    person = Beneficiary.objects.create(
        registered_sentra=world.b,
        full_name="Waiting At B",
        sex="M",
        no_nik_reason="identity_unknown",
        intake_channel="walk_in",
        clusters=["lansia"],
    )
    cases.waiting_add(actor=world.head_b, sentra=world.b, beneficiary=person, waiting_for="place")
    national = run_of(actor=world.admin, sentra=None)
    assert national.sentra is None
    assert national.people == 5
    assert national.proposals.filter(beneficiary=person, entry__sentra=world.b).exists()
    with pytest.raises(ValidationError):
        run_of(actor=world.head_a, sentra=None)
