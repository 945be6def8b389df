"""The consent ledger: who may consent, children through a parent or guardian, withdrawal, the check."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentra.beneficiaries import services
from sentra.beneficiaries.models import Consent, ConsentPurpose
from sentra.beneficiaries.services import ConsentInput
from sentra.core.models import AuditEvent, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import child, guardian_of, person

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()  # noqa: DTZ011


def given(**fields: object) -> ConsentInput:
    values: dict[str, object] = {
        "purpose": "services",
        "given_by": "self",
        "method": "written",
        "given_on": TODAY,
    }
    values.update(fields)
    return ConsentInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def worker(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.CASE_MANAGER, centres=(centre_a,))


def test_an_adult_consents_for_a_purpose_and_it_is_audited(worker: User, centre_a: Sentra) -> None:
    adult = person(centre_a)
    assert not services.consent_check(beneficiary=adult, purpose="services")
    entry = services.consent_record(
        actor=worker, beneficiary=adult, data=given(accessible_format="read aloud in Javanese")
    )
    assert services.consent_check(beneficiary=adult, purpose="services")
    assert not services.consent_check(beneficiary=adult, purpose="research")
    assert entry.giver_name == adult.full_name
    event = AuditEvent.objects.get(object_type="beneficiaries.consent")
    assert (event.action, event.sentra_id) == ("create", centre_a.pk)


def test_a_child_needs_a_parent_or_guardian(worker: User, centre_a: Sentra) -> None:
    kid = child(centre_a)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(actor=worker, beneficiary=kid, data=given())
    assert "Article 25" in caught.value.message_dict["given_by"][0]
    with pytest.raises(ValidationError) as caught:
        services.consent_record(actor=worker, beneficiary=kid, data=given(given_by="parent"))
    assert "guardian" in caught.value.message_dict
    uncle = guardian_of(kid, "Paman Budi", kind="uncle_aunt")
    with pytest.raises(ValidationError) as caught:
        services.consent_record(
            actor=worker, beneficiary=kid, data=given(given_by="guardian", guardian_id=uncle.pk)
        )
    assert "guardian" in caught.value.message_dict
    mother = guardian_of(kid, "Sri Wahyuni", kind="mother")
    entry = services.consent_record(
        actor=worker, beneficiary=kid, data=given(given_by="parent", guardian_id=mother.pk)
    )
    assert entry.giver_name == "Sri Wahyuni"
    assert services.consent_check(beneficiary=kid, purpose="services")


def test_a_self_consent_does_not_cover_a_child(centre_a: Sentra) -> None:
    kid = child(centre_a)
    Consent.objects.create(
        beneficiary=kid, purpose="services", given_by="self", method="written", given_on=TODAY
    )
    assert not services.consent_check(beneficiary=kid, purpose="services")
    with pytest.raises(ValidationError) as caught:
        services.require_consent(beneficiary=kid, purpose=ConsentPurpose.SERVICES)
    assert "child" in caught.value.message_dict["consent"][0]


def test_require_consent_names_what_is_missing(worker: User, centre_a: Sentra) -> None:
    adult = person(centre_a, "Dewi Sartika", sex="F")
    with pytest.raises(ValidationError) as caught:
        services.require_consent(beneficiary=adult, purpose="referral_sharing", field="referral")
    message = caught.value.message_dict["referral"][0]
    assert "Sharing data with a referral target" in message
    assert "Dewi Sartika" in message
    recorded = services.consent_record(
        actor=worker, beneficiary=adult, data=given(purpose="referral_sharing")
    )
    assert services.require_consent(beneficiary=adult, purpose="referral_sharing") == recorded
    with pytest.raises(ValueError, match="unknown consent purpose"):
        services.consent_check(beneficiary=adult, purpose="marketing")


def test_withdrawal_ends_the_consent_but_keeps_the_entry(worker: User, centre_a: Sentra) -> None:
    adult = person(centre_a)
    entry = services.consent_record(
        actor=worker, beneficiary=adult, data=given(given_on=TODAY - datetime.timedelta(days=30))
    )
    with pytest.raises(ValidationError) as caught:
        services.consent_withdraw(
            actor=worker, consent=entry, withdrawn_on=TODAY - datetime.timedelta(days=40)
        )
    assert "withdrawn_on" in caught.value.message_dict
    services.consent_withdraw(actor=worker, consent=entry, reason="changed her mind")
    assert not services.consent_check(beneficiary=adult, purpose="services")
    assert services.consent_check(
        beneficiary=adult, purpose="services", on=TODAY - datetime.timedelta(days=1)
    )
    assert Consent.objects.filter(pk=entry.pk, withdrawal_reason="changed her mind").exists()
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=worker, consent=entry)


def test_bad_consents_name_every_field(worker: User, centre_a: Sentra) -> None:
    adult = person(centre_a)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(
            actor=worker,
            beneficiary=adult,
            data=given(
                purpose="x",
                given_by="y",
                method="witnessed_verbal",
                given_on=TODAY + datetime.timedelta(days=2),
            ),
        )
    assert set(caught.value.message_dict) == {"purpose", "given_by", "given_on", "witness_name"}
    fake = SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.consent_record(actor=worker, beneficiary=adult, data=given(), evidence=fake)
    assert "evidence" in caught.value.message_dict
    assert not Consent.objects.exists()


def test_only_registry_roles_of_the_centre_manage_consent(
    make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra
) -> None:
    adult = person(centre_a)
    for actor in (
        make_user(role=Role.HR, centres=(centre_a,)),
        make_user(role=Role.INTAKE, centres=(centre_b,)),
    ):
        with pytest.raises(PermissionDenied):
            services.consent_record(actor=actor, beneficiary=adult, data=given())


def test_the_consent_pages(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    adult = person(centre_a)
    client = client_for(personas[Role.INTAKE])
    assert client.get(f"/beneficiaries/{adult.pk}/consents/new/").status_code == 200
    bad = client.post(f"/beneficiaries/{adult.pk}/consents/new/", {"purpose": "services", "given_by": "self"})
    assert bad.status_code == 200
    assert {"method", "given_on"} <= set(bad.context["form"].errors)
    evidence = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed form", content_type="application/pdf")
    good = client.post(
        f"/beneficiaries/{adult.pk}/consents/new/",
        {
            "purpose": "photo_publication",
            "given_by": "self",
            "method": "written",
            "given_on": TODAY.isoformat(),
            "evidence": evidence,
        },
    )
    assert good.status_code == 302
    entry = Consent.objects.get()
    assert (
        client.get(f"/beneficiaries/{adult.pk}/consents/{entry.pk}/evidence/")["Content-Type"]
        == "application/pdf"
    )
    withdraw = f"/beneficiaries/{adult.pk}/consents/{entry.pk}/withdraw/"
    assert client.post(withdraw, {"withdrawn_on": "yesterday"}).context["form"].errors["withdrawn_on"]
    assert client.post(withdraw, {"withdrawn_on": TODAY.isoformat(), "reason": "asked"}).status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawn_on == TODAY


def test_the_consent_api(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    adult = person(centre_a)
    client = client_for(personas[Role.CASE_MANAGER])
    url = f"/api/v1/beneficiaries/{adult.pk}/consents"
    bad = client.post(
        url,
        {"purpose": "services", "given_by": "self", "method": "smoke", "given_on": "2026-02-30"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["errors"]} == {"given_on"}
    bad = client.post(
        url,
        {"purpose": "services", "given_by": "self", "method": "smoke", "given_on": "2026-01-30"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "method"
    created = client.post(
        url,
        {"purpose": "services", "given_by": "self", "method": "recorded", "given_on": "2026-01-30"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["in_force"] is True
    check = client.get(f"{url}/check", {"purpose": "services"}).json()
    assert check == {"purpose": "services", "in_force": True}
    assert client.get(f"{url}/check", {"purpose": "nope"}).status_code == 422
    withdrawn = client.post(
        f"{url}/{created.json()['id']}/withdraw", {"reason": "asked"}, content_type="application/json"
    )
    assert withdrawn.json()["in_force"] is False
    assert [item["purpose"] for item in client.get(url).json()] == ["services"]
