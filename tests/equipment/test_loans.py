"""Assistive-device loans: issue, fitting, return, loss, the waiting list, and never more than the stock."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from sentra.assessments.models import DeviceNeed, DeviceNeedStatus
from sentra.assessments.services import assessment_record
from sentra.core.models import AccessLogEntry, Role, User
from sentra.equipment.models import Condition, DeviceRequest, Item, ItemType, Loan, LoanStatus, RequestStatus
from sentra.equipment.selectors import equipment_readiness
from sentra.equipment.services import loans
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

TODAY = datetime.date.today()  # noqa: DTZ011 - dates in the centre's calendar


@pytest.fixture
def chair(db: None) -> ItemType:
    return f.item_type("test-chair", 2_000_000, device_code="wheelchair", category="assistive")


@pytest.fixture
def therapist(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.PROFESSIONAL, centres=(centre_a,), profession="fisioterapis")


def _need(centre: Sentra, name: str, actor: User | None = None) -> DeviceRequest:
    return loans.request_create(
        actor=actor, sentra=centre, beneficiary=person(centre, name), device_code="wheelchair"
    )


@pytest.mark.django_db
def test_loans_never_exceed_stock_and_the_rest_wait(
    centre_a: Sentra, chair: ItemType, therapist: User
) -> None:
    f.item(centre_a, chair)
    f.item(centre_a, chair)
    f.item(centre_a, chair, condition=Condition.BROKEN)  # not lendable
    needs = [_need(centre_a, name, therapist) for name in ("Ani", "Budi", "Citra")]
    loans.loan_issue(actor=therapist, request=needs[0])
    loans.loan_issue(actor=therapist, request=needs[1])
    with pytest.raises(ValidationError) as error:
        loans.loan_issue(actor=therapist, request=needs[2])
    assert "request" in error.value.message_dict
    needs[2].refresh_from_db()
    assert needs[2].status == RequestStatus.WAITING
    assert Loan.objects.filter(status=LoanStatus.ACTIVE).count() == 2
    assert Item.objects.filter(on_loan=True).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_loan_of_one_item(centre_a: Sentra, chair: ItemType) -> None:
    item = f.item(centre_a, chair)
    first = _need(centre_a, "Ani")
    loans.loan_issue(actor=None, request=first, item_id=item.pk)
    second = _need(centre_a, "Budi")
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(
            request=second, item=item, beneficiary=second.beneficiary, sentra=centre_a, issued_on=TODAY
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the file)"
)
def test_two_staff_lending_the_last_device_at_once(centre_a: Sentra, chair: ItemType) -> None:
    """Two threads, two connections: SELECT ... FOR UPDATE lets exactly one of them lend it."""
    f.item(centre_a, chair)
    needs = [_need(centre_a, "Ani"), _need(centre_a, "Budi")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def lend(need: DeviceRequest) -> None:
        try:
            barrier.wait()
            loans.loan_issue(actor=None, request=need)
            outcomes.append("lent")
        except ValidationError:
            outcomes.append("waiting")
        finally:
            connection.close()

    threads = [threading.Thread(target=lend, args=(need,)) for need in needs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lent", "waiting"]
    assert Loan.objects.filter(status=LoanStatus.ACTIVE).count() == 1


@pytest.mark.django_db
def test_issue_uses_select_for_update(
    centre_a: Sentra, chair: ItemType, django_assert_num_queries: object
) -> None:
    from django.test.utils import CaptureQueriesContext

    f.item(centre_a, chair)
    need = _need(centre_a, "Ani")
    with CaptureQueriesContext(connection) as queries:
        loans.loan_issue(actor=None, request=need)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql
    assert Loan.objects.count() == 1


@pytest.mark.django_db
def test_fitting_return_and_loss(centre_a: Sentra, chair: ItemType, therapist: User) -> None:
    item = f.item(centre_a, chair)
    need = _need(centre_a, "Ani", therapist)
    loan = loans.loan_issue(actor=therapist, request=need, issued_on=TODAY)
    loans.loan_fit(actor=therapist, loan=loan, fitted_on=TODAY, fitting_notes="Seat height lowered")
    loans.loan_return(actor=therapist, loan=loan, returned_on=TODAY, condition=Condition.NEEDS_REPAIR)
    item.refresh_from_db()
    need.refresh_from_db()
    loan.refresh_from_db()
    assert (loan.status, loan.fitted_on, item.on_loan, item.condition) == (
        LoanStatus.RETURNED,
        TODAY,
        False,
        Condition.NEEDS_REPAIR,
    )
    assert need.status == RequestStatus.CLOSED
    with pytest.raises(ValidationError):
        loans.loan_return(actor=therapist, loan=loan, returned_on=TODAY, condition=Condition.GOOD)

    second = _need(centre_a, "Budi", therapist)
    lost = loans.loan_issue(actor=therapist, request=second)
    loans.loan_lost(actor=therapist, loan=lost, lost_on=TODAY)
    item.refresh_from_db()
    second.refresh_from_db()
    assert item.condition == Condition.WRITTEN_OFF
    assert second.status == RequestStatus.WAITING  # the person still needs a device


@pytest.mark.django_db
def test_bad_dates_are_refused_with_the_field_named(
    centre_a: Sentra, chair: ItemType, therapist: User
) -> None:
    f.item(centre_a, chair)
    need = _need(centre_a, "Ani", therapist)
    with pytest.raises(ValidationError) as error:
        loans.loan_issue(actor=therapist, request=need, issued_on=TODAY + datetime.timedelta(days=3))
    assert "issued_on" in error.value.message_dict
    loan = loans.loan_issue(actor=therapist, request=need)
    with pytest.raises(ValidationError) as error:
        loans.loan_fit(actor=therapist, loan=loan, fitted_on=TODAY - datetime.timedelta(days=5))
    assert "fitted_on" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.INTAKE, Role.HR, Role.CENTRE_HEAD, Role.NATIONAL_ANALYST])
def test_only_therapists_and_case_managers_record_loans(
    centre_a: Sentra, chair: ItemType, make_user: Callable[..., User], role: str
) -> None:
    actor = make_user(role=role, centres=() if role == Role.NATIONAL_ANALYST else (centre_a,))
    with pytest.raises(PermissionDenied):
        _need(centre_a, "Ani", actor)


@pytest.mark.django_db
def test_a_therapist_of_another_centre_cannot_record_for_this_one(
    centre_a: Sentra, centre_b: Sentra, chair: ItemType, make_user: Callable[..., User]
) -> None:
    other = make_user(role=Role.PROFESSIONAL, centres=(centre_b,), profession="fisioterapis")
    with pytest.raises(PermissionDenied):
        _need(centre_a, "Ani", other)
    # Their own centre, but a person of centre A: refused by name.
    with pytest.raises(ValidationError) as error:
        loans.request_create(
            actor=other, sentra=centre_b, beneficiary=person(centre_a, "Ani"), device_code="walker"
        )
    assert "beneficiary" in error.value.message_dict


@pytest.mark.django_db
def test_a_wheelchair_need_from_an_assessment_is_lent_and_closed(
    centre_a: Sentra, chair: ItemType, therapist: User
) -> None:
    beneficiary = person(centre_a, "Dewi")
    answers = {"1": 1, "2": 1, "3": 4, "4": 1, "5": 1, "6": 1}  # cannot walk at all
    assessment_record(actor=therapist, beneficiary=beneficiary, instrument="wgss", answers=answers)
    device_need = DeviceNeed.objects.get(beneficiary=beneficiary, device="wheelchair")
    before = equipment_readiness(centre_a.pk)
    assert before is not None
    assert before.unmet_device_needs == 1  # counted before anyone put it on the list
    need = loans.request_from_assessment(actor=therapist, device_need_id=device_need.pk)
    assert need.assessment_need_id == device_need.pk
    with pytest.raises(ValidationError):
        loans.request_from_assessment(actor=therapist, device_need_id=device_need.pk)
    f.item(centre_a, chair)
    loans.loan_issue(actor=therapist, request=need)
    device_need.refresh_from_db()
    assert device_need.status == DeviceNeedStatus.MET
    after = equipment_readiness(centre_a.pk)
    assert after is not None
    assert (after.unmet_device_needs, after.device_needs_total) == (0, 1)


@pytest.mark.django_db
def test_opening_a_loan_or_a_need_is_written_to_the_access_log(
    centre_a: Sentra, chair: ItemType, therapist: User, client_for: Callable[[User], Client]
) -> None:
    f.item(centre_a, chair)
    need = _need(centre_a, "Ani", therapist)
    loan = loans.loan_issue(actor=therapist, request=need)
    client = client_for(therapist)
    assert client.get(reverse("equipment:loan_detail", args=[loan.pk])).status_code == 200
    assert client.get(reverse("equipment:need_loan", args=[need.pk])).status_code == 200
    logged = AccessLogEntry.objects.filter(actor=therapist, category="health")
    assert {(entry.object_type, entry.object_id) for entry in logged} == {
        ("equipment.loan", str(loan.pk)),
        ("equipment.devicerequest", str(need.pk)),
    }
