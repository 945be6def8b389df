"""The search-first registration page, live validation (htmx) and edit page."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentra.beneficiaries.models import Beneficiary, DuplicateReview
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import nik_for, person
from tests.factories import region

pytestmark = pytest.mark.django_db

BORN = datetime.date(1992, 4, 21)


@pytest.fixture
def client(client_for: Callable[[User], Client], personas: dict[str, User]) -> Client:
    return client_for(personas[Role.INTAKE])


def form(**fields: str) -> dict[str, str]:
    values = {
        "full_name": "Ani Suryani",
        "sex": "F",
        "birth_date": BORN.isoformat(),
        "intake_channel": "walk_in",
        "nik": nik_for(BORN, "F"),
    }
    values.update(fields)
    return values


def test_the_page_opens_for_registrars_only(
    client_for: Callable[[User], Client], personas: dict[str, User]
) -> None:
    for role in (Role.INTAKE, Role.CASE_MANAGER, Role.CENTRE_HEAD, Role.SYSADMIN):
        assert client_for(personas[role]).get("/beneficiaries/register/").status_code == 200, role
    for role in (Role.PROFESSIONAL, Role.HR, Role.NATIONAL_ANALYST):
        assert client_for(personas[role]).get("/beneficiaries/register/").status_code == 403, role


def test_register_and_land_on_the_profile(client: Client, centre_a: Sentra) -> None:
    response = client.post("/beneficiaries/register/", form())
    assert response.status_code == 302
    created = Beneficiary.objects.get()
    assert response["Location"] == f"/beneficiaries/{created.pk}/"
    assert created.registered_sentra == centre_a


def test_bad_input_comes_back_with_field_errors_and_nothing_saved(client: Client) -> None:
    response = client.post(
        "/beneficiaries/register/",
        form(
            nik="3171014005900000",
            sex="Z",
            birth_date="1990-02-30",
            estimated_age="-3",
            intake_channel="x",
            clusters="aliens",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"sex", "birth_date", "estimated_age", "intake_channel", "clusters"} <= set(errors)
    assert not Beneficiary.objects.exists()
    response = client.post("/beneficiaries/register/", form(nik="3171014005900000"))
    assert len(response.context["form"].errors["nik"]) == 2
    response = client.post("/beneficiaries/register/", form(nik=""))
    assert "no_nik_reason" in response.context["form"].errors
    html = response.content.decode()
    assert 'data-field="no_nik_reason"' in html


def test_the_page_lists_look_alikes_and_needs_confirmation(client: Client, centre_a: Sentra) -> None:
    existing = person(centre_a, "Ani Suryani", sex="F", birth_date=BORN)
    first = client.post("/beneficiaries/register/", form(full_name="Anni Suryani"))
    assert first.status_code == 200
    assert "confirm_new_person" in first.context["form"].errors
    html = first.content.decode()
    assert 'data-testid="candidate"' in html
    assert existing.registration_number in html
    second = client.post("/beneficiaries/register/", form(full_name="Anni Suryani", confirm_new_person="on"))
    assert second.status_code == 302
    assert DuplicateReview.objects.filter(status="open").count() == 1


def test_a_known_nik_links_to_the_record(client: Client, centre_a: Sentra) -> None:
    existing = person(centre_a, "Ani Suryani", sex="F", birth_date=BORN, nik=nik_for(BORN, "F"))
    check = client.get("/beneficiaries/register/check/", {"nik": existing.nik, "full_name": "Ani"})
    html = check.content.decode()
    assert 'data-testid="nik-holder"' in html
    assert f"/beneficiaries/{existing.pk}/" in html


def test_the_check_finds_nothing_for_a_new_person(client: Client) -> None:
    html = client.get(
        "/beneficiaries/register/check/", {"full_name": "Orang Baru Sekali", "sex": "M"}
    ).content.decode()
    assert 'data-testid="no-candidates"' in html


def test_live_nik_validation_shows_what_the_nik_says(client: Client) -> None:
    region("36.02.04", "Kecamatan Contoh")
    good = client.get(
        "/beneficiaries/validate/", {"field": "nik", "nik": "3602045211870001"}
    ).content.decode()
    assert 'data-valid="true"' in good
    assert "12 November 1987" in good
    assert "female" in good
    assert "Kecamatan Contoh" in good
    bad = client.get("/beneficiaries/validate/", {"field": "nik", "nik": "3602043211870001"}).content.decode()
    assert 'data-valid="false"' in bad
    assert "41-71 for women" in bad
    warned = client.get(
        "/beneficiaries/validate/", {"field": "nik", "nik": "3602055211870001"}
    ).content.decode()
    assert "pemekaran" in warned
    assert client.get("/beneficiaries/validate/", {"field": "nik", "nik": ""}).status_code == 200
    region_hint = client.get(
        "/beneficiaries/validate/", {"field": "region", "region": "36.02.04"}
    ).content.decode()
    assert "Kecamatan Contoh" in region_hint
    unknown = client.get("/beneficiaries/validate/", {"field": "region", "region": "99.99"}).content.decode()
    assert 'data-field="region"' in unknown
    assert client.get("/beneficiaries/validate/", {"field": "password"}).status_code == 404


def test_a_photo_is_checked_by_its_bytes(client: Client) -> None:
    fake = SimpleUploadedFile("me.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post("/beneficiaries/register/", {**form(), "photo": fake})
    assert "photo" in response.context["form"].errors
    assert not Beneficiary.objects.exists()


def test_edit_hides_sensitive_fields_from_intake_and_keeps_them(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    record = person(
        centre_a, "Ani Suryani", sex="F", birth_date=BORN, health_notes="asma", disability_types=["hearing"]
    )
    intake = client_for(personas[Role.INTAKE])
    page = intake.get(f"/beneficiaries/{record.pk}/edit/")
    assert "health_notes" not in page.context["form"].fields
    assert "asma" not in page.content.decode()
    saved = intake.post(
        f"/beneficiaries/{record.pk}/edit/",
        form(nik="", no_nik_reason="never_registered", phone="0812 5555 6666"),
    )
    assert saved.status_code == 302
    record.refresh_from_db()
    assert (record.phone, record.health_notes, record.disability_types) == (
        "0812 5555 6666",
        "asma",
        ["hearing"],
    )
    worker = client_for(personas[Role.CASE_MANAGER])
    assert "health_notes" in worker.get(f"/beneficiaries/{record.pk}/edit/").context["form"].fields
    assert client_for(personas[Role.HR]).get(f"/beneficiaries/{record.pk}/edit/").status_code == 403


def test_family_page(client: Client, centre_a: Sentra) -> None:
    record = person(centre_a, "Ani Suryani", sex="F", birth_date=BORN)
    relative = person(centre_a, "Budi Suryana")
    url = f"/beneficiaries/{record.pk}/family/new/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"relationship_type": "cousin", "registered_person": "PM-0000-0000"})
    assert {"relationship_type", "registered_person"} <= set(bad.context["form"].errors)
    empty = client.post(url, {"relationship_type": "sibling"})
    assert "person_name" in empty.context["form"].errors
    assert (
        client.post(
            url, {"relationship_type": "sibling", "registered_person": relative.registration_number}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"relationship_type": "mother", "person_name": "Ibu Ani", "is_guardian": "on"}
        ).status_code
        == 302
    )
    assert record.relationships.count() == 2
    link = record.relationships.get(person_name="Ibu Ani")
    assert client.post(f"/beneficiaries/{record.pk}/family/{link.pk}/remove/").status_code == 302
    assert record.relationships.count() == 1
