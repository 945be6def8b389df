"""Pins, exclusions and capacity changes re-run the waiting list and are compared with the base run."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sentra.placement import selectors, services
from sentra.placement.models import PlacementRun, ProposalKind
from tests.placement.conftest import Waiting, World, execute

pytestmark = pytest.mark.django_db


def test_a_pin_places_the_person_there_and_the_comparison_shows_the_change(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    base = run_of()
    person = waiting_list["low"].person
    assert base.proposals.get(beneficiary=person).centre == world.b
    what_if = execute(services.run_what_if(actor=world.head_a, base=base, pin=(person.pk, world.a.pk)))
    pinned = what_if.proposals.get(beneficiary=person)
    assert pinned.kind == ProposalKind.PINNED
    assert pinned.centre == world.a
    assert what_if.previous == base
    assert what_if.adjustments["pins"] == {str(person.pk): world.a.pk}
    comparison = selectors.compare(run=what_if)
    assert comparison is not None
    changed = {proposal.beneficiary_id: before for proposal, before in comparison.changed}
    assert changed[person.pk] == world.b
    # A's single place went to the pinned person: nobody else is at A now.
    assert what_if.proposals.filter(centre=world.a).count() == 1


def test_a_pin_beyond_the_free_places_is_honoured_and_said(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    base = run_of()
    urgent_at = base.proposals.get(beneficiary=waiting_list["urgent"].person).centre
    other = waiting_list["normal"] if urgent_at == world.a else waiting_list["urgent"]
    first = execute(services.run_what_if(actor=world.head_a, base=base, pin=(other.person.pk, world.a.pk)))
    second = execute(
        services.run_what_if(actor=world.head_a, base=first, pin=(waiting_list["low"].person.pk, world.a.pk))
    )
    low = second.proposals.get(beneficiary=waiting_list["low"].person)
    assert low.centre == world.a
    assert low.reasons["over_capacity"] is True


def test_excluding_a_centre_sends_nobody_there_and_says_so(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    base = run_of()
    what_if = execute(services.run_what_if(actor=world.head_a, base=base, exclude=world.a.pk))
    assert not what_if.proposals.filter(centre=world.a).exists()
    assert what_if.placed == base.placed  # B has room for everyone waiting for a place
    someone = what_if.proposals.get(beneficiary=waiting_list["urgent"].person)
    assert someone.reasons["excluded_nearer"] == [str(world.a.pk)]
    back = execute(services.run_what_if(actor=world.head_a, base=what_if, include=world.a.pk))
    assert back.adjustments["excluded"] == []


def test_more_places_change_who_waits(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    world.b.capacities.all().delete()
    wait("One", urgency="emergency")
    wait("Two", urgency="high")
    base = run_of()
    assert base.placed == 1
    assert base.urgent_unplaced == 1
    what_if = execute(
        services.run_what_if(actor=world.head_a, base=base, capacity=(world.a.pk, "residential", 1))
    )
    assert what_if.placed == 2
    assert what_if.urgent_unplaced == 0
    comparison = selectors.compare(run=what_if)
    assert comparison is not None
    assert comparison.placed == 1
    assert comparison.urgent_unplaced == -1


@pytest.mark.parametrize(
    ("adjustments", "field"),
    [
        ({"capacity": [{"centre": 1, "service": "nonsense", "delta": 1}]}, "capacity"),
        ({"capacity": [{"centre": 1, "service": "residential", "delta": 0}]}, "capacity"),
        ({"excluded": [999999]}, "excluded"),
        ({"pins": {"1": 999999}}, "pins"),
        ({"pins": {"x": 1}}, "pins"),
    ],
)
def test_bad_changes_are_refused_with_the_field_named(
    world: World, adjustments: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.run_create(actor=world.head_a, sentra=world.a, adjustments=adjustments)
    assert field in refused.value.message_dict
    assert not PlacementRun.objects.exists()


def test_the_pages_pin_and_rerun(
    world: World,
    waiting_list: dict[str, Waiting],
    run_of: Callable[..., PlacementRun],
    client_for: Callable[..., Client],
) -> None:
    base = run_of()
    client = client_for(world.head_a)
    proposal = base.proposals.get(beneficiary=waiting_list["low"].person)
    page = client.get(reverse("placement:proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert 'data-testid="reasons"' in page.content.decode()
    response = client.post(
        reverse("placement:run_what_if", args=[base.pk]),
        {"action": "pin", "proposal": proposal.pk, "pin-centre": world.a.pk},
    )
    assert response.status_code == 302
    what_if = PlacementRun.objects.exclude(pk=base.pk).get()
    assert what_if.previous == base
    assert what_if.adjustments["pins"] == {str(waiting_list["low"].person.pk): world.a.pk}
    bad = client.post(
        reverse("placement:run_what_if", args=[base.pk]),
        {"action": "capacity", "centre": world.a.pk, "delta": 0},
    )
    assert bad.status_code == 302
    assert PlacementRun.objects.count() == 2


def test_reason_sentences_name_the_centres_and_use_the_readers_number_format(world: World) -> None:
    from django.utils import translation

    from sentra.placement import explain

    reason = {
        "kind": "placed",
        "distance_km": 120.5,
        "services": ["residential"],
        "nearer": [
            {"centre": str(world.a.pk), "distance_km": 1.5, "why": "full", "services": ["residential"]}
        ],
        "excluded_nearer": [],
    }
    with translation.override("id"):
        lines = explain.sentences(reason, explain.centre_names([reason]), explain.service_labels())
    assert len(lines) == 2
    assert "120,5" in lines[0]
    assert world.a.name in lines[1]
    assert "1,5" in lines[1]
