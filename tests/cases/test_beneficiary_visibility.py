"""A centre sees the persons it holds a case for, or whose referral to it it accepted."""

from __future__ import annotations

import pytest

from sentra.beneficiaries.models import Beneficiary
from sentra.cases import services
from sentra.core.models import User
from tests.cases.conftest import World, give_consent, make_person, open_case

pytestmark = pytest.mark.django_db


def visible(user: User, person: Beneficiary) -> bool:
    return Beneficiary.objects.visible_to(user).filter(pk=person.pk).exists()


def test_an_accepted_referral_makes_the_person_visible_to_the_receiving_centre(world: World) -> None:
    person = make_person(world.a, "Siti Aminah")
    case = open_case(world, person)
    give_consent(person)
    assert not visible(world.cm_b, person)
    referral = services.referral_send(
        actor=world.cm_a,
        case=case,
        target_kind="sentra",
        to_sentra=world.b,
        reason="Needs a residential place",
    )
    assert not visible(world.cm_b, person)  # pending: the receiver reads the shared summary only
    services.referral_accept(actor=world.head_b, referral=referral)
    for user in (world.head_b, world.cm_b, world.prof_b):
        assert visible(user, person)
    assert Beneficiary.objects.visible_to(world.head_b).filter(pk=person.pk).count() == 1
    assert not visible(world.analyst, person)
    assert visible(world.admin, person)


def test_a_declined_referral_shows_nothing_and_a_transfer_moves_the_person_along(world: World) -> None:
    declined = make_person(world.a, "Budi")
    give_consent(declined)
    referral = services.referral_send(
        actor=world.cm_a, case=open_case(world, declined), target_kind="sentra", to_sentra=world.b, reason="x"
    )
    services.referral_decline(actor=world.cm_b, referral=referral, reason="no_capacity")
    assert not visible(world.cm_b, declined)
    moved = make_person(world.a, "Citra")
    give_consent(moved)
    transfer = services.transfer_request(
        actor=world.cm_a, case=open_case(world, moved), to_sentra=world.b, reason="Family moved"
    )
    assert not visible(world.cm_b, moved)
    services.transfer_accept(actor=world.head_b, transfer=transfer, case_manager=world.cm_b)
    assert visible(world.cm_b, moved)
    assert visible(world.cm_a, moved)  # still registered at centre A: the registry's own rule
