"""The profile: masked NIK, logged reveals, sensitive sections behind the permission, the timeline."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from sentra.beneficiaries import services
from sentra.core.models import AccessLogEntry, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import child, consent, guardian_of, nik_for, person

pytestmark = pytest.mark.django_db

BORN = datetime.date(1971, 3, 17)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def adult(centre_a: Sentra):
    return person(
        centre_a,
        "Slamet Riyadi",
        nik=nik_for(BORN, district="31.71.01", serial=1),
        birth_date=BORN,
        kk_number="3171010101090001",
        disability_types=["psychosocial"],
        health_notes="Schizophrenia, on medication since 2019",
        phone="0812 0000 1111",
    )


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("role", [Role.INTAKE, Role.CASE_MANAGER, Role.PROFESSIONAL, Role.CENTRE_HEAD])
def test_the_profile_shows_the_nik_masked_and_never_the_health_notes(
    client_for: Callable[[User], Client], personas: dict[str, User], adult, role: str
) -> None:
    html = page(client_for(personas[role]), f"/beneficiaries/{adult.pk}/")
    assert "3171••••••••0001" in html
    assert adult.nik not in html
    assert adult.kk_number not in html
    assert "Schizophrenia" not in html
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.INTAKE, True),
        (Role.CASE_MANAGER, True),
        (Role.CENTRE_HEAD, True),
        (Role.PROFESSIONAL, False),
    ],
)
def test_the_full_nik_is_shown_on_request_to_roles_that_need_it_and_logged(
    client_for: Callable[[User], Client], personas: dict[str, User], adult, role: str, allowed: bool
) -> None:
    client = client_for(personas[role])
    html = page(client, f"/beneficiaries/{adult.pk}/")
    assert ('data-testid="reveal-nik"' in html) is allowed
    response = client.post(f"/beneficiaries/{adult.pk}/nik/")
    if not allowed:
        assert response.status_code == 403
        assert not AccessLogEntry.objects.exists()
        return
    assert response.status_code == 200
    assert adult.nik in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.actor_id, entry.category, entry.object_id) == (
        personas[role].pk,
        "identifiers",
        str(adult.pk),
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CASE_MANAGER, True),
        (Role.PROFESSIONAL, True),
        (Role.CENTRE_HEAD, True),
        (Role.INTAKE, False),
    ],
)
def test_health_details_need_the_sensitive_permission_and_a_purpose(
    client_for: Callable[[User], Client], personas: dict[str, User], adult, role: str, allowed: bool
) -> None:
    client = client_for(personas[role])
    url = f"/beneficiaries/{adult.pk}/sensitive/health/"
    if not allowed:
        assert client.post(url, {"purpose": "case_work"}).status_code == 403
        assert 'data-testid="sensitive-denied"' in page(client, f"/beneficiaries/{adult.pk}/")
        api = client.get(f"/api/v1/beneficiaries/{adult.pk}/sensitive", {"purpose": "case_work"})
        assert api.status_code == 403
        assert not AccessLogEntry.objects.exists()
        return
    missing = client.post(url, {})
    assert missing.status_code == 422
    assert not AccessLogEntry.objects.exists()
    shown = client.post(url, {"purpose": "assessment"})
    assert shown.status_code == 200
    assert "Schizophrenia" in shown.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.category, entry.purpose, entry.sentra_id) == (
        "health",
        "Assessment",
        adult.registered_sentra_id,
    )
    api = client.get(f"/api/v1/beneficiaries/{adult.pk}/sensitive", {"purpose": "case_work"})
    assert api.json()["health_notes"].startswith("Schizophrenia")
    assert AccessLogEntry.objects.count() == 2


def test_a_childs_contact_family_and_photo_are_sensitive(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    kid = child(centre_a, "Rina Putri", address="Jl. Rahasia 7", phone="0813 2222 3333")
    kid.photo.save("kid.png", ContentFile(PNG), save=True)
    guardian_of(kid, "Sri Wahyuni")
    intake = client_for(personas[Role.INTAKE])
    html = page(intake, f"/beneficiaries/{kid.pk}/")
    assert "Jl. Rahasia 7" not in html
    assert "Sri Wahyuni" not in html
    assert "0813 2222 3333" not in html
    assert intake.get(f"/beneficiaries/{kid.pk}/photo/").status_code == 403
    assert (
        intake.post(f"/beneficiaries/{kid.pk}/sensitive/child/", {"purpose": "case_work"}).status_code == 403
    )
    detail = intake.get(f"/api/v1/beneficiaries/{kid.pk}").json()
    assert (detail["address"], detail["phone"], detail["withheld"]) == (None, None, ["health", "child"])
    worker = client_for(personas[Role.CASE_MANAGER])
    shown = worker.post(
        f"/beneficiaries/{kid.pk}/sensitive/child/", {"purpose": "case_work"}
    ).content.decode()
    assert "Jl. Rahasia 7" in shown
    assert "Sri Wahyuni" in shown
    photo = worker.get(f"/beneficiaries/{kid.pk}/photo/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert photo["Cache-Control"] == "private, no-store"
    assert list(AccessLogEntry.objects.values_list("category", flat=True)) == ["child", "child"]


def test_an_adults_photo_is_served_through_the_record_check(
    client_for: Callable[[User], Client], personas: dict[str, User], adult
) -> None:
    adult.photo.save("a.png", ContentFile(PNG), save=True)
    response = client_for(personas[Role.PROFESSIONAL]).get(f"/beneficiaries/{adult.pk}/photo/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_quality_flags_are_visible(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    flagged = person(centre_a, "Tanpa NIK", estimated_age=40)
    html = page(client_for(personas[Role.INTAKE]), f"/beneficiaries/{flagged.pk}/")
    assert 'data-flag="no_nik"' in html
    assert 'data-flag="birth_date_estimated"' in html


def test_the_timeline_shows_registration_edits_consents_and_merges(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    intake = personas[Role.INTAKE]
    created = services.beneficiary_register(
        actor=intake,
        sentra=centre_a,
        data=services.BeneficiaryInput(
            full_name="Agus Salim",
            sex="M",
            intake_channel="walk_in",
            birth_date=BORN,
            no_nik_reason="documents_lost",
        ),
    )
    services.beneficiary_update(
        actor=intake,
        beneficiary=created,
        data=services.BeneficiaryInput(
            full_name="Agus Salim",
            sex="M",
            intake_channel="walk_in",
            birth_date=BORN,
            no_nik_reason="documents_lost",
            phone="0812 3333 4444",
            health_notes="secret diagnosis",
        ),
    )
    consent(created, given_on=datetime.date(2026, 2, 1), withdrawn_on=datetime.date(2026, 3, 1))
    html = page(client_for(intake), f"/beneficiaries/{created.pk}/")
    timeline = html.split('data-testid="timeline"')[1]
    assert timeline.count('data-kind="registered"') == 1
    assert 'data-kind="edited"' in timeline
    assert "phone" in timeline
    assert "secret diagnosis" not in html  # field names, never values
    assert timeline.count('data-kind="consent"') == 2
