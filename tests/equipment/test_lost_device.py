"""A lost device: the item is written off and the person goes back on the waiting list at its head
(ahead of people not yet served), the need counting as unmet again; the change is audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from sentra.core.models import AuditEvent, Role, User
from sentra.equipment.models import DeviceRequest, ItemType, RequestStatus
from sentra.equipment.selectors import loans as loan_selectors
from sentra.equipment.services import loans
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()  # noqa: DTZ011 - dates in the centre's calendar


def _need(centre: Sentra, name: str, actor: User, days_ago: int) -> DeviceRequest:
    return loans.request_create(
        actor=actor,
        sentra=centre,
        beneficiary=person(centre, name),
        device_code="wheelchair",
        requested_on=TODAY - datetime.timedelta(days=days_ago),
    )


def test_the_person_whose_device_was_lost_is_first_on_the_waiting_list(
    make_user: Callable[..., User], centre_a: Sentra
) -> None:
    therapist = make_user(role=Role.PROFESSIONAL, centres=(centre_a,), profession="fisioterapis")
    chair = f.item_type("test-chair", 2_000_000, device_code="wheelchair", category="assistive")
    assert isinstance(chair, ItemType)
    f.item(centre_a, chair)
    served = _need(centre_a, "Ani", therapist, days_ago=3)
    loan = loans.loan_issue(actor=therapist, request=served, issued_on=TODAY - datetime.timedelta(days=2))
    # Two people recorded before and after Ani are still waiting (no chair left).
    earlier = _need(centre_a, "Budi", therapist, days_ago=30)
    later = _need(centre_a, "Citra", therapist, days_ago=1)
    order = [r.pk for r in loan_selectors.waiting_list(user=therapist, sentra=centre_a)]
    assert order == [earlier.pk, later.pk]
    loans.loan_lost(actor=therapist, loan=loan, lost_on=TODAY)
    served.refresh_from_db()
    assert (served.status, served.reinstated_on) == (RequestStatus.WAITING, TODAY)
    order = [r.pk for r in loan_selectors.waiting_list(user=therapist, sentra=centre_a)]
    assert order == [served.pk, earlier.pk, later.pk]
    change = AuditEvent.objects.filter(
        object_type="equipment.devicerequest", object_id=str(served.pk), changes__has_key="reinstated_on"
    )
    assert change.exists()
    # The next chair goes to Ani: loaned again, she leaves the list.
    f.item(centre_a, chair)
    loans.loan_issue(actor=therapist, request=served)
    order = [r.pk for r in loan_selectors.waiting_list(user=therapist, sentra=centre_a)]
    assert order == [earlier.pk, later.pk]
