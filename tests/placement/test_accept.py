"""Accepting proposals: the referral is sent through the cases services and reaches the target centre."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sentra.cases import selectors as case_selectors
from sentra.cases.models import Referral, ReferralStatus
from sentra.core.models import AuditEvent
from sentra.placement import services
from sentra.placement.models import Decision, PlacementProposal, PlacementRun, ProposalKind
from tests.placement.conftest import Waiting, World

pytestmark = pytest.mark.django_db


def proposal_for(run: PlacementRun, waiting: Waiting) -> PlacementProposal:
    return run.proposals.get(beneficiary=waiting.person)


def test_accepting_sends_the_referral_to_the_proposed_centre(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of()
    proposal = proposal_for(run, waiting_list["low"])
    accepted = services.proposal_accept(actor=world.head_a, proposal=proposal)
    referral = Referral.objects.get(case=waiting_list["low"].case)
    assert accepted.referral == referral
    assert accepted.decision == Decision.ACCEPTED
    assert accepted.decided_by == world.head_a
    assert referral.to_sentra == world.b
    assert referral.status == ReferralStatus.SENT
    assert referral.urgency == "low"
    assert list(referral.requested_components.all()) == []
    # The receiving centre sees it in its inbox.
    assert referral in case_selectors.referrals_in(user=world.head_b, status="")
    assert AuditEvent.objects.filter(
        object_type="placement.placementproposal", object_id=str(proposal.pk)
    ).exists()


def test_a_partner_lks_gets_an_lks_referral(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of()
    proposal = proposal_for(run, waiting_list["therapy"])
    services.proposal_accept(actor=world.head_a, proposal=proposal)
    referral = Referral.objects.get(case=waiting_list["therapy"].case)
    assert referral.target_kind == "lks"
    assert referral.to_sentra == world.lks
    assert [c.code for c in referral.requested_components.all()] == ["terapi"]


def test_accepting_a_place_at_the_own_centre_records_the_decision_without_a_referral(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of()
    own = run.proposals.get(centre=world.a)
    accepted = services.proposal_accept(actor=world.head_a, proposal=own)
    assert accepted.decision == Decision.ACCEPTED
    assert accepted.referral is None
    assert not Referral.objects.exists()


def test_without_sharing_consent_the_referral_is_refused_and_nothing_is_saved(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    wait("Takes A", urgency="emergency")
    no_consent = wait("No Consent", home="32.73.01.1001", with_consent=False)
    run = run_of()
    proposal = proposal_for(run, no_consent)
    assert proposal.centre == world.b
    with pytest.raises(ValidationError) as refused:
        services.proposal_accept(actor=world.head_a, proposal=proposal)
    assert "consent" in refused.value.message_dict
    proposal.refresh_from_db()
    assert proposal.decision == Decision.PROPOSED
    assert not Referral.objects.exists()


def test_only_the_head_of_the_waiting_centre_accepts(
    world: World, waiting_list: dict[str, Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    run = run_of(actor=world.admin)
    proposal = proposal_for(run, waiting_list["low"])
    for user in (world.admin, world.head_b, world.cm_a):
        with pytest.raises(PermissionDenied):
            services.proposal_accept(actor=user, proposal=proposal)


def test_a_proposal_is_accepted_once_and_an_unplaced_one_never(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    world.b.capacities.all().delete()
    first = wait("First", urgency="emergency")
    second = wait("Second")
    run = run_of()
    placed = proposal_for(run, first)
    services.proposal_accept(actor=world.head_a, proposal=placed)
    with pytest.raises(ValidationError):
        services.proposal_accept(actor=world.head_a, proposal=placed)
    unplaced = proposal_for(run, second)
    assert unplaced.kind == ProposalKind.UNPLACED
    with pytest.raises(PermissionDenied):
        services.proposal_accept(actor=world.head_a, proposal=unplaced)


def test_the_page_accepts_the_chosen_proposals_and_reports_refusals(
    world: World,
    wait: Callable[..., Waiting],
    run_of: Callable[..., PlacementRun],
    client_for: Callable[..., Client],
) -> None:
    wait("Takes A", urgency="emergency")
    good = wait("Good", home="32.73.01.1001")
    bad = wait("Bad", home="32.73.01.1001", with_consent=False)
    run = run_of()
    chosen = [proposal_for(run, good).pk, proposal_for(run, bad).pk]
    response = client_for(world.head_a).post(
        reverse("placement:run_accept", args=[run.pk]), {"proposal": chosen}
    )
    assert response.status_code == 302
    assert Referral.objects.filter(case=good.case, to_sentra=world.b).exists()
    assert not Referral.objects.filter(case=bad.case).exists()


def test_a_person_without_an_open_case_cannot_be_referred(
    world: World, wait: Callable[..., Waiting], run_of: Callable[..., PlacementRun]
) -> None:
    from sentra.cases.models import WaitingListEntry

    wait("Takes A", urgency="emergency")
    caseless = wait("No Case", home="32.73.01.1001")
    WaitingListEntry.objects.filter(pk=caseless.entry.pk).update(case=None)
    run = run_of()
    proposal = proposal_for(run, caseless)
    assert proposal.centre == world.b
    with pytest.raises(ValidationError) as refused:
        services.proposal_accept(actor=world.head_a, proposal=proposal)
    assert "case" in refused.value.message_dict
    assert not Referral.objects.exists()
