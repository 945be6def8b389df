"""The case-manager rule (UU 14/2019 Ps 1, 28, 29) where cases are assigned, and expiry alerts."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sentra.cases.services import case_assign
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce import services
from sentra.workforce.models import CredentialAlert, CredentialKind
from sentra.workforce.rules import credentials as rules
from tests.cases.conftest import World, make_person, open_case
from tests.factories import UserFactory
from tests.workforce.factories import add_credential, certified_peksos, make_staff

TODAY = datetime.date(2026, 11, 29)


def _facts(kind: str, expires: datetime.date | None) -> rules.CredentialFacts:
    return rules.CredentialFacts(1, kind, datetime.date(2024, 1, 1), expires)


@pytest.mark.parametrize(
    ("profession", "credentials", "expected"),
    [
        ("pekerja_sosial", [_facts("sertifikat_kompetensi", None), _facts("str", TODAY)], None),
        (
            "pekerja_sosial",
            [_facts("sertifikat_kompetensi", None), _facts("str", TODAY - datetime.timedelta(days=1))],
            rules.NO_VALID_STR,
        ),
        ("pekerja_sosial", [_facts("str", TODAY + datetime.timedelta(days=300))], rules.NO_CERTIFICATE),
        ("psikolog", [_facts("sertifikat_kompetensi", None), _facts("str", TODAY)], rules.NOT_PEKSOS),
    ],
)
def test_case_manager_rule(
    profession: str, credentials: list[rules.CredentialFacts], expected: str | None
) -> None:
    problem = rules.case_manager_problem(
        has_staff_record=True, active=True, profession=profession, credentials=credentials, on=TODAY
    )
    assert problem == expected


@pytest.mark.parametrize(
    ("days_left", "window"),
    [(120, None), (91, None), (90, 90), (31, 90), (30, 30), (0, 30), (-1, None)],
)
def test_alert_windows(days_left: int, window: int | None) -> None:
    assert rules.alert_threshold(TODAY + datetime.timedelta(days=days_left), TODAY, (90, 30)) == window


def test_assigning_a_case_manager_without_a_valid_str_is_refused_naming_the_rule(world: World) -> None:
    case = open_case(world, make_person(world.a))
    # cm_a2 has a staff record from the shared factory; let their STR lapse yesterday
    str_ = world.cm_a2.staff_record.credentials.get(kind=CredentialKind.STR)
    str_.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    str_.save()
    with pytest.raises(ValidationError) as caught:
        case_assign(actor=world.head_a, case=case, case_manager=world.cm_a2)
    (message,) = caught.value.message_dict["case_manager"]
    assert "STR" in message
    assert "UU 14/2019" in message
    case.refresh_from_db()
    assert case.case_manager_id == world.cm_a.pk


def test_a_psychologist_account_with_the_case_manager_role_is_refused(world: World) -> None:
    case = open_case(world, make_person(world.a))
    newcomer = UserFactory(role=Role.CASE_MANAGER, centres=[world.a], staff_record=False)
    make_staff(world.a, user=newcomer, profession="psikolog")
    with pytest.raises(ValidationError) as caught:
        case_assign(actor=world.head_a, case=case, case_manager=newcomer)
    assert "UU 14/2019" in caught.value.message_dict["case_manager"][0]


def test_opening_a_case_with_a_case_manager_without_staff_record_is_refused(world: World) -> None:
    newcomer = UserFactory(role=Role.CASE_MANAGER, centres=[world.a], staff_record=False)
    with pytest.raises(ValidationError) as caught:
        open_case(world, make_person(world.a), case_manager=newcomer)
    assert "case_manager" in caught.value.message_dict


def test_a_certified_peksos_with_valid_str_is_accepted(world: World) -> None:
    case = open_case(world, make_person(world.a))
    newcomer = UserFactory(role=Role.CASE_MANAGER, centres=[world.a], staff_record=False)
    certified_peksos(world.a, user=newcomer)
    case_assign(actor=world.head_a, case=case, case_manager=newcomer)
    case.refresh_from_db()
    assert case.case_manager_id == newcomer.pk


def test_expiry_alerts_go_to_the_person_and_the_head_once_per_window(
    centre_a: Sentra, make_user: Callable[..., User]
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    other_head = make_user(role=Role.CENTRE_HEAD, centres=())
    person = make_user(role=Role.PROFESSIONAL, centres=(centre_a,))
    staff = make_staff(centre_a, user=person, profession="psikolog")
    today = timezone.localdate()
    licence = add_credential(staff, CredentialKind.OTHER, name="SIPP", expires_in=80)
    add_credential(staff, CredentialKind.OTHER, name="STR Nakes", expires_in=200)
    assert services.send_credential_alerts(today=today) == 2
    assert services.send_credential_alerts(today=today) == 0  # idempotent
    alerts = CredentialAlert.objects.filter(credential=licence)
    assert {(a.recipient_id, a.days_ahead) for a in alerts} == {(head.pk, 90), (person.pk, 90)}
    assert not CredentialAlert.objects.filter(recipient=other_head).exists()
    # fifty days later it is inside the 30-day window: one more alert each
    assert services.send_credential_alerts(today=today + datetime.timedelta(days=50)) == 2
    # renewed: a new expiry date alerts again when its time comes, not before
    services.credential_renew(actor=None, credential=licence, expires_on=today + datetime.timedelta(days=800))
    assert services.send_credential_alerts(today=today + datetime.timedelta(days=51)) == 0
    assert services.send_credential_alerts(today=today + datetime.timedelta(days=720)) == 2


def test_alerts_are_read_only_by_their_recipient(centre_a: Sentra, make_user: Callable[..., User]) -> None:
    from sentra.workforce import selectors

    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    hr = make_user(role=Role.HR, centres=(centre_a,))
    staff = make_staff(centre_a, profession="psikolog")
    add_credential(staff, CredentialKind.OTHER, name="SIPP", expires_in=10)
    services.send_credential_alerts()
    assert selectors.alerts_for(head).count() == 1
    assert selectors.alerts_for(hr).count() == 0


def test_no_alert_for_a_credential_already_replaced_by_a_newer_one(
    centre_a: Sentra, make_user: Callable[..., User]
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    staff = make_staff(centre_a)
    add_credential(staff, CredentialKind.STR, expires_in=20)
    add_credential(staff, CredentialKind.STR, expires_in=1800, issued_days_ago=3)
    assert services.send_credential_alerts() == 0
    assert not CredentialAlert.objects.filter(recipient=head).exists()
