"""Registering a person: search-first gates, NIK rules, no-NIK reasons, flags, audit, nothing half-saved."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sentra.beneficiaries import services
from sentra.beneficiaries.models import Beneficiary, DuplicateReview, QualityFlag
from sentra.beneficiaries.services import BeneficiaryInput, PossibleDuplicates
from sentra.core import crypto
from sentra.core.models import AccessLogEntry, AuditEvent, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import nik_for, person
from tests.factories import region

pytestmark = pytest.mark.django_db

BORN = datetime.date(1985, 3, 2)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def data(**fields: object) -> BeneficiaryInput:
    values: dict[str, object] = {
        "full_name": "Siti Aminah",
        "sex": "F",
        "intake_channel": "walk_in",
        "birth_date": BORN,
        "nik": nik_for(BORN, "F"),
    }
    values.update(fields)
    return BeneficiaryInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def intake(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.INTAKE, centres=(centre_a,))


def test_a_person_with_a_nik_is_registered_encrypted_and_audited(intake: User, centre_a: Sentra) -> None:
    region("32.75.01.1001", "Bekasijaya")
    created = services.beneficiary_register(
        actor=intake, sentra=centre_a, data=data(region_code="32.75.01.1001", aliases=["Mak Inah"])
    )
    stored = Beneficiary.objects.get(pk=created.pk)
    assert stored.nik == nik_for(BORN, "F", serial=int(created.nik[-4:]))
    assert stored.nik_hash == crypto.lookup_hash(stored.nik, purpose="nik")
    raw = Beneficiary.objects.filter(pk=created.pk).values_list("nik", flat=True).query
    assert stored.nik not in str(raw)
    assert stored.name_key == "siti aminah"
    assert stored.aliases_key == "mak inah"
    assert stored.registration_number.startswith("PM-")
    assert stored.quality_flags == []
    event = AuditEvent.objects.get(object_type="beneficiaries.beneficiary", object_id=str(created.pk))
    assert (event.action, event.sentra_id, event.actor_id) == ("create", centre_a.pk, intake.pk)
    assert event.changes["nik"] == [None, "[redacted]"]


def test_the_database_holds_no_readable_nik(intake: User, centre_a: Sentra) -> None:
    from django.db import connection

    created = services.beneficiary_register(actor=intake, sentra=centre_a, data=data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, nik_hash FROM beneficiaries_beneficiary WHERE id = %s", [created.pk])
        stored_nik, stored_hash = cursor.fetchone()
    assert created.nik not in stored_nik
    assert created.nik not in stored_hash


def test_every_invalid_field_is_reported_at_once(intake: User, centre_a: Sentra) -> None:
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(
            actor=intake,
            sentra=centre_a,
            data=data(
                nik="3171013205900000",
                full_name="",
                sex="X",
                intake_channel="telepathy",
                kk_number="123",
                region_code="99.99",
                phone="call me",
                clusters=["anak", "aliens"],
                disability_types=["flying"],
                dtks_reference="DTKS-1",
                birth_date=datetime.date(2999, 1, 1),
            ),
        )
    assert set(caught.value.message_dict) == {
        "nik",
        "full_name",
        "sex",
        "intake_channel",
        "kk_number",
        "region",
        "phone",
        "clusters",
        "disability_types",
        "dtks_snapshot_date",
        "birth_date",
    }
    assert len(caught.value.message_dict["nik"]) == 2  # day 32 and serial 0000
    assert not Beneficiary.objects.exists()


def test_no_nik_needs_a_stated_reason(intake: User, centre_a: Sentra) -> None:
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(actor=intake, sentra=centre_a, data=data(nik=""))
    assert "no_nik_reason" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(actor=intake, sentra=centre_a, data=data(nik="", no_nik_reason="other"))
    assert "no_nik_note" in caught.value.message_dict
    created = services.beneficiary_register(
        actor=intake, sentra=centre_a, data=data(nik="", no_nik_reason="identity_unknown")
    )
    assert created.no_nik_reason == "identity_unknown"
    assert QualityFlag.NO_NIK in created.quality_flags


def test_an_estimated_age_sets_a_flagged_mid_year_birth_date(intake: User, centre_a: Sentra) -> None:
    created = services.beneficiary_register(
        actor=intake,
        sentra=centre_a,
        data=data(nik="", no_nik_reason="identity_unknown", birth_date=None, estimated_age=70),
    )
    assert created.birth_date_estimated
    assert created.estimated_age == 70
    assert (created.birth_date.month, created.birth_date.day) == (7, 1)
    assert QualityFlag.BIRTH_DATE_ESTIMATED in created.quality_flags
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(actor=intake, sentra=centre_a, data=data(birth_date=None))
    assert "birth_date" in caught.value.message_dict


def test_a_nik_that_disagrees_with_sex_and_birth_date_is_flagged_not_refused(
    intake: User, centre_a: Sentra
) -> None:
    created = services.beneficiary_register(
        actor=intake, sentra=centre_a, data=data(sex="M", birth_date=datetime.date(1985, 3, 3))
    )
    assert QualityFlag.NIK_SEX_MISMATCH in created.quality_flags
    assert QualityFlag.NIK_BIRTH_DATE_MISMATCH in created.quality_flags


def test_a_nik_already_visible_blocks_with_its_registration_number(intake: User, centre_a: Sentra) -> None:
    first = services.beneficiary_register(actor=intake, sentra=centre_a, data=data())
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(
            actor=intake,
            sentra=centre_a,
            data=data(full_name="Someone Else", nik=first.nik),
            confirm_new_person=True,
        )
    assert first.registration_number in caught.value.message_dict["nik"][0]
    assert Beneficiary.objects.count() == 1


def test_a_nik_held_at_another_centre_is_blocked_without_revealing_the_person(
    intake: User, centre_a: Sentra, centre_b: Sentra
) -> None:
    elsewhere = person(centre_b, "Rahasia Orang Lain", nik=nik_for(BORN, "F"), sex="F", birth_date=BORN)
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(
            actor=intake, sentra=centre_a, data=data(nik=elsewhere.nik), confirm_new_person=True
        )
    message = caught.value.message_dict["nik"][0]
    assert "another centre" in message
    for secret in (elsewhere.full_name, elsewhere.registration_number, centre_b.name):
        assert secret not in message
    probe = AccessLogEntry.objects.get()
    assert (probe.actor_id, probe.object_id, probe.sentra_id, probe.category) == (
        intake.pk,
        str(elsewhere.pk),
        centre_b.pk,
        "identifiers",
    )


def test_look_alikes_must_be_confirmed_and_then_go_to_review(intake: User, centre_a: Sentra) -> None:
    existing = person(centre_a, "Siti Aminah", sex="F", birth_date=BORN)
    with pytest.raises(PossibleDuplicates) as caught:
        services.beneficiary_register(actor=intake, sentra=centre_a, data=data(full_name="St. Aminah"))
    assert [candidate.pk for candidate in caught.value.candidates] == [existing.pk]
    assert "confirm_new_person" in caught.value.message_dict
    created = services.beneficiary_register(
        actor=intake, sentra=centre_a, data=data(full_name="St. Aminah"), confirm_new_person=True
    )
    review = DuplicateReview.objects.get()
    assert {review.first_id, review.second_id} == {existing.pk, created.pk}
    assert review.status == "open"
    # The finder never merges on its own.
    assert not Beneficiary.objects.filter(merged_into__isnull=False).exists()


def test_roles_without_registration_rights_are_refused(
    make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra, intake: User
) -> None:
    for role in (Role.PROFESSIONAL, Role.HR, Role.NATIONAL_ANALYST):
        with pytest.raises(PermissionDenied):
            services.beneficiary_register(
                actor=make_user(role=role, centres=(centre_a,)), sentra=centre_a, data=data()
            )
    with pytest.raises(PermissionDenied):
        services.beneficiary_register(actor=intake, sentra=centre_b, data=data())
    assert not Beneficiary.objects.exists()


def test_a_bad_photo_saves_nothing(intake: User, centre_a: Sentra) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_register(actor=intake, sentra=centre_a, data=data(), photo=fake)
    assert "photo" in caught.value.message_dict
    assert not Beneficiary.objects.exists()
    assert not AuditEvent.objects.filter(object_type="beneficiaries.beneficiary").exists()
    good = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    created = services.beneficiary_register(actor=intake, sentra=centre_a, data=data(), photo=good)
    assert created.photo.name.endswith(".png")


def test_editing_keeps_rules_and_records_what_changed(intake: User, centre_a: Sentra) -> None:
    created = services.beneficiary_register(actor=intake, sentra=centre_a, data=data())
    services.beneficiary_update(
        actor=intake, beneficiary=created, data=data(nik=created.nik, phone="0812 1111 2222")
    )
    event = AuditEvent.objects.filter(object_id=str(created.pk), action="update").get()
    assert set(event.changes) == {"phone"}
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_update(actor=intake, beneficiary=created, data=data(nik="1234", phone="021"))
    assert "nik" in caught.value.message_dict
    created.refresh_from_db()
    assert created.phone == "0812 1111 2222"


def test_editing_to_a_nik_held_by_someone_else_is_refused(intake: User, centre_a: Sentra) -> None:
    first = services.beneficiary_register(actor=intake, sentra=centre_a, data=data())
    second = person(
        centre_a, "Joko", nik=nik_for(datetime.date(1970, 1, 1)), birth_date=datetime.date(1970, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.beneficiary_update(
            actor=intake,
            beneficiary=second,
            data=data(full_name="Joko", sex="M", birth_date=datetime.date(1970, 1, 1), nik=first.nik),
        )
    assert first.registration_number in caught.value.message_dict["nik"][0]
    second.refresh_from_db()
    assert second.nik != first.nik


def test_family_links(intake: User, centre_a: Sentra, centre_b: Sentra) -> None:
    adult = person(centre_a, "Bapak Joko")
    other = person(centre_a, "Ibu Sri", sex="F")
    hidden = person(centre_b, "Tetangga")
    link = services.relationship_add(
        actor=intake,
        beneficiary=adult,
        data=services.RelationshipInput(relationship_type="spouse", related_beneficiary_id=other.pk),
    )
    assert link.display_name == "Ibu Sri"
    with pytest.raises(ValidationError) as caught:
        services.relationship_add(
            actor=intake,
            beneficiary=adult,
            data=services.RelationshipInput(relationship_type="sibling", related_beneficiary_id=hidden.pk),
        )
    assert "related_beneficiary" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.relationship_add(
            actor=intake, beneficiary=adult, data=services.RelationshipInput(relationship_type="cousin")
        )
    assert {"relationship_type", "person_name"} <= set(caught.value.message_dict)
    services.relationship_remove(actor=intake, relationship=link)
    assert not adult.relationships.exists()
