"""Completing an erasure request erases in the same step (UU PDP Pasal 8, 42-44): the chosen categories
are cleared in one transaction, files go after commit, one audit event names fields without values."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentra.beneficiaries import matching
from sentra.beneficiaries.models import Beneficiary, Consent, DuplicateReview, Relationship, SubjectRequest
from sentra.beneficiaries.rules.subject_requests import (
    ERASURE_CATEGORIES,
    erased_fields,
    erasure_category_problems,
)
from sentra.beneficiaries.services.merges import duplicate_merge, duplicate_unmerge
from sentra.beneficiaries.services.registration import existing_by_nik
from sentra.beneficiaries.services.subject_requests import (
    SubjectRequestInput,
    subject_request_answer,
    subject_request_record,
)
from sentra.cases.models import Task
from sentra.cases.services.documentation import documentation_key
from sentra.core.models import AuditEvent, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import consent, guardian_of, nik_for, person
from tests.factories import SentraFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1968, 3, 9)
NIK = nik_for(BORN, serial=4321)
KK = "3275010101090042"
PHONE = "0812 5555 0199"
ADDRESS = "Jl. Melati Gang Tujuh 12"
HEALTH = "Hipertensi berat"
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64
JSON_TYPE = "application/json"
ALL = list(ERASURE_CATEGORIES)


@pytest.fixture
def subject(centre_a: Sentra) -> Beneficiary:
    beneficiary = person(
        centre_a,
        "Kartini Lestari",
        nik=NIK,
        kk_number=KK,
        birth_date=BORN,
        sex="F",
        phone=PHONE,
        address=ADDRESS,
        health_notes=HEALTH,
    )
    beneficiary.photo.save("face.jpg", ContentFile(JPEG), save=True)
    return beneficiary


def _erasure(actor: User, beneficiary: Beneficiary) -> SubjectRequest:
    return subject_request_record(
        actor=actor,
        beneficiary=beneficiary,
        data=SubjectRequestInput(kind="erasure", requested_by="self", details="Everything you can"),
    )


def test_the_rule_lists_categories_and_checks_the_answer() -> None:
    assert erased_fields(["contact", "identity_numbers"]) == [
        "phone",
        "address",
        "nik",
        "nik_hash",
        "kk_number",
        "kk_hash",
    ]
    assert "full_name" not in erased_fields(ALL)
    assert "registration_number" not in erased_fields(ALL)
    assert erasure_category_problems("erasure", "completed", ["contact"], "") == []
    assert erasure_category_problems("erasure", "completed", [], "archive_schedule") == []
    assert erasure_category_problems("erasure", "completed", [], "") == ["category_required"]
    assert erasure_category_problems("erasure", "completed", ["nope"], "") == ["unknown_category"]
    assert erasure_category_problems("erasure", "refused", ["contact"], "x") == ["categories_not_allowed"]
    assert erasure_category_problems("access", "completed", ["photo"], "") == ["categories_not_allowed"]


def test_every_category_is_erased_and_read_back_empty(
    personas: dict[str, User],
    subject: Beneficiary,
    centre_a: Sentra,
    django_capture_on_commit_callbacks: Any,
) -> None:
    head = personas[Role.CENTRE_HEAD]
    mother = guardian_of(subject, "Siti Aminah")
    Relationship.objects.filter(pk=mother.pk).update(person_phone="0811 2222 3333")
    uncle = guardian_of(subject, "Paman Joko", kind="uncle_aunt")
    evidence_link = guardian_of(subject, "Wali Hukum", kind="legal_guardian")
    Relationship.objects.filter(pk=evidence_link.pk).update(
        person_phone="0813 0000 1111", person_address="Jl. Wali 1", notes="Pengadilan"
    )
    consent(subject, "services", given_by="guardian", guardian=evidence_link)
    consent(subject, "research")
    old = consent(subject, "photo_publication", withdrawn_on=datetime.date(2026, 2, 1))
    photo_name = subject.photo.name
    assert default_storage.exists(photo_name)
    item = _erasure(head, subject)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answered = subject_request_answer(
            actor=head,
            request=item,
            status="completed",
            outcome="All erasable data deleted; name kept for the case file",
            erase_categories=[
                "photo",
                "contact",
                "identity_numbers",
                "health_notes",
                "family_links",
                "consents",
            ],
        )
    assert callbacks
    assert answered.erased_categories == ALL
    item.refresh_from_db()
    assert (item.status, item.erased_categories) == ("completed", ALL)

    fresh = Beneficiary.objects.get(pk=subject.pk)
    assert (fresh.phone, fresh.address) == ("", "")
    assert (fresh.nik, fresh.nik_hash, fresh.kk_number, fresh.kk_hash) == ("", "", "", "")
    assert fresh.no_nik_reason == "other"
    assert "no_nik" in fresh.quality_flags
    assert fresh.health_notes == ""
    assert not fresh.photo
    assert not default_storage.exists(photo_name)
    # Name and registration number stay.
    assert (fresh.full_name, fresh.registration_number) == ("Kartini Lestari", subject.registration_number)
    # The NIK no longer finds the person, and duplicate detection no longer matches the KK.
    assert existing_by_nik(NIK) is None
    assert not Beneficiary.objects.filter(kk_hash=subject.kk_hash).exists()
    facts = matching.facts_of(subject)
    found = matching.duplicate_candidates(facts, Beneficiary.objects.filter(pk=fresh.pk))
    assert all("kk_same" not in [reason.code for reason in c.match.reasons] for c in found)

    # Links: plain ones deleted, the one named by a consent kept with contacts cleared.
    assert not Relationship.objects.filter(pk__in=[mother.pk, uncle.pk]).exists()
    kept = Relationship.objects.get(pk=evidence_link.pk)
    assert (kept.person_phone, kept.person_address, kept.notes) == ("", "", "")
    # Consents: all in force withdrawn today, the old withdrawal untouched.
    today = timezone.localdate()
    assert set(
        Consent.objects.filter(beneficiary=subject).exclude(pk=old.pk).values_list("withdrawn_on", flat=True)
    ) == {today}
    assert Consent.objects.get(pk=old.pk).withdrawn_on == datetime.date(2026, 2, 1)
    withdrawals = AuditEvent.objects.filter(object_type="beneficiaries.consent", action="update")
    assert withdrawals.count() == 2

    # No "pursue documentation" task is opened by erasing the NIK.
    assert not Task.objects.filter(rule_key=documentation_key(subject.pk)).exists()


def test_one_audit_event_names_the_fields_without_their_values(
    personas: dict[str, User], subject: Beneficiary, django_capture_on_commit_callbacks: Any
) -> None:
    head = personas[Role.CENTRE_HEAD]
    nik_hash, kk_hash, photo_name = subject.nik_hash, subject.kk_hash, subject.photo.name
    item = _erasure(head, subject)
    with django_capture_on_commit_callbacks(execute=True):
        subject_request_answer(
            actor=head,
            request=item,
            status="completed",
            outcome="Contact, numbers, notes, photo",
            erase_categories=["contact", "identity_numbers", "health_notes", "photo"],
        )
    events = AuditEvent.objects.filter(object_type="beneficiaries.beneficiary", object_id=str(subject.pk))
    erasure_events = [event for event in events if "erasure" in event.changes]
    assert len(erasure_events) == 1
    changes = erasure_events[0].changes
    assert {"phone", "address", "nik", "nik_hash", "kk_number", "kk_hash", "health_notes", "photo"} <= set(
        changes
    )
    assert changes["erasure"][1]["request"] == item.pk
    dumped = json.dumps(changes)
    for value in (NIK, KK, PHONE, ADDRESS, HEALTH, nik_hash, kk_hash, photo_name, "0812"):
        assert value not in dumped
    # Nothing in the whole audit trail of this erasure holds an erased value.
    everything = json.dumps(list(AuditEvent.objects.filter(at__gte=item.created_at).values("changes")))
    for value in (PHONE, ADDRESS, nik_hash, kk_hash):
        assert value not in everything


def test_bad_answers_are_refused_and_nothing_is_saved(
    personas: dict[str, User], subject: Beneficiary, django_capture_on_commit_callbacks: Any
) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = _erasure(head, subject)
    bad_cases: list[dict[str, Any]] = [
        {"status": "completed", "outcome": "x", "erase_categories": ["contact", "nope"]},
        {"status": "completed", "outcome": "x"},  # no category and no ground
        {
            "status": "refused",
            "outcome": "x",
            "retention_ground": "law_enforcement",
            "erase_categories": ["photo"],
        },
    ]
    for kwargs in bad_cases:
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(ValidationError) as excinfo,
        ):
            subject_request_answer(actor=head, request=item, **kwargs)
        assert "erase_categories" in excinfo.value.message_dict, kwargs
        assert not callbacks
    access = subject_request_record(
        actor=head, beneficiary=subject, data=SubjectRequestInput(kind="access", requested_by="self")
    )
    with pytest.raises(ValidationError) as excinfo:
        subject_request_answer(
            actor=head, request=access, status="completed", outcome="Copy", erase_categories=["contact"]
        )
    assert "erase_categories" in excinfo.value.message_dict
    fresh = Beneficiary.objects.get(pk=subject.pk)
    assert (fresh.phone, fresh.nik_hash, fresh.photo.name) == (PHONE, subject.nik_hash, subject.photo.name)
    assert default_storage.exists(subject.photo.name)
    assert SubjectRequest.objects.filter(status="received").count() == 2


def test_everything_kept_on_a_ground_needs_no_category(
    personas: dict[str, User], subject: Beneficiary
) -> None:
    head = personas[Role.CENTRE_HEAD]
    item = subject_request_answer(
        actor=head,
        request=_erasure(head, subject),
        status="completed",
        outcome="Nothing deleted: assistance accounts",
        retention_ground="public_administration",
    )
    assert (item.status, item.erased_categories) == ("completed", [])
    assert Beneficiary.objects.get(pk=subject.pk).phone == PHONE


def test_a_failure_while_erasing_rolls_everything_back(
    personas: dict[str, User],
    subject: Beneficiary,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    head = personas[Role.CENTRE_HEAD]
    consent(subject, "research")
    item = _erasure(head, subject)

    def boom(**kwargs: Any) -> None:
        raise RuntimeError("storage down")

    monkeypatch.setattr("sentra.beneficiaries.services.subject_erasure.record_withdrawal", boom)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        subject_request_answer(
            actor=head, request=item, status="completed", outcome="All", erase_categories=ALL
        )
    assert not callbacks
    fresh = Beneficiary.objects.get(pk=subject.pk)
    assert (fresh.phone, fresh.nik_hash) == (PHONE, subject.nik_hash)
    assert default_storage.exists(subject.photo.name)
    assert SubjectRequest.objects.get(pk=item.pk).status == "received"


def test_only_the_centre_head_and_the_administrator_erase(
    personas: dict[str, User],
    subject: Beneficiary,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    item = _erasure(personas[Role.CENTRE_HEAD], subject)
    page_url = reverse("beneficiaries:subject_request_answer", args=[subject.pk, item.pk])
    api_url = f"/api/v1/beneficiaries/{subject.pk}/subject-requests/{item.pk}/answer"
    body = {"status": "completed", "outcome": "All", "erase_categories": ["contact"]}
    other_head = make_user(role=Role.CENTRE_HEAD, centres=(SentraFactory(code="lain"),), username="head_x")
    outsiders = [u for role, u in personas.items() if role not in (Role.CENTRE_HEAD, Role.SYSADMIN)]
    for user in [*outsiders, other_head]:
        client = client_for(user)
        expected = 403 if user.role in (Role.NATIONAL_ANALYST, Role.HR) else 404
        assert client.post(page_url, body).status_code == expected, user.role
        assert client.post(api_url, body, content_type=JSON_TYPE).status_code == expected, user.role
    fresh = Beneficiary.objects.get(pk=subject.pk)
    assert fresh.phone == PHONE
    assert SubjectRequest.objects.get(pk=item.pk).status == "received"


def test_the_page_erases_for_the_centre_head(
    personas: dict[str, User],
    subject: Beneficiary,
    client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(personas[Role.CENTRE_HEAD])
    item = _erasure(personas[Role.CENTRE_HEAD], subject)
    page = client.get(reverse("beneficiaries:subject_requests", args=[subject.pk]))
    assert b'data-testid="erase-categories"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            reverse("beneficiaries:subject_request_answer", args=[subject.pk, item.pk]),
            {
                "status": "completed",
                "outcome": "Phone and photo deleted",
                "erase_categories": ["contact", "photo"],
            },
        )
    assert answered.status_code == 302
    fresh = Beneficiary.objects.get(pk=subject.pk)
    assert (fresh.phone, fresh.address, fresh.photo.name) == ("", "", "")
    assert fresh.nik_hash == subject.nik_hash
    assert not default_storage.exists(subject.photo.name)
    shown = client.get(reverse("beneficiaries:subject_requests", args=[subject.pk]))
    assert b'data-categories="contact photo"' in shown.content
    bad = client.post(
        reverse("beneficiaries:subject_request_answer", args=[subject.pk, item.pk]),
        {"status": "completed", "outcome": "x", "erase_categories": ["nope"]},
    )
    assert bad.status_code == 302


def test_the_api_erases_and_names_bad_fields(
    personas: dict[str, User],
    subject: Beneficiary,
    client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(personas[Role.SYSADMIN])
    item = _erasure(personas[Role.CENTRE_HEAD], subject)
    url = f"/api/v1/beneficiaries/{subject.pk}/subject-requests/{item.pk}/answer"
    unknown = client.post(
        url,
        {"status": "completed", "outcome": "x", "erase_categories": ["everything"]},
        content_type=JSON_TYPE,
    )
    assert unknown.status_code == 422
    assert "erase_categories" in {error["field"] for error in unknown.json()["errors"]}
    refused = client.post(
        url,
        {
            "status": "refused",
            "outcome": "x",
            "retention_ground": "law_enforcement",
            "erase_categories": ["photo"],
        },
        content_type=JSON_TYPE,
    )
    assert refused.status_code == 422
    assert "erase_categories" in {error["field"] for error in refused.json()["errors"]}
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            {"status": "completed", "outcome": "Numbers deleted", "erase_categories": ["identity_numbers"]},
            content_type=JSON_TYPE,
        )
    assert done.status_code == 200, done.json()
    assert done.json()["erased_categories"] == ["identity_numbers"]
    fresh = Beneficiary.objects.get(pk=subject.pk)
    assert (fresh.nik, fresh.nik_hash, fresh.kk_number, fresh.kk_hash) == ("", "", "", "")
    assert fresh.phone == PHONE
    assert default_storage.exists(subject.photo.name)


def test_records_merged_into_the_person_lose_the_same_fields(
    personas: dict[str, User], subject: Beneficiary, centre_a: Sentra
) -> None:
    head = personas[Role.CENTRE_HEAD]
    copy = person(
        centre_a,
        "Kartini L.",
        kk_number=KK,
        birth_date=BORN,
        sex="F",
        phone="0812 7777 0001",
        address="Jl. Lama 3",
        health_notes="Catatan lama",
    )
    older = person(centre_a, "Kartini", birth_date=BORN, sex="F", phone="0812 7777 0002")
    Beneficiary.objects.filter(pk=copy.pk).update(merged_into=subject, merged_at=timezone.now())
    # A record merged into the merged-away copy earlier is reached through it.
    Beneficiary.objects.filter(pk=older.pk).update(merged_into=copy, merged_at=timezone.now())
    item = _erasure(head, subject)

    subject_request_answer(
        actor=head,
        request=item,
        status="completed",
        outcome="Contact and numbers, here and on the merged records",
        erase_categories=["contact", "identity_numbers"],
    )

    for pk in (copy.pk, older.pk):
        fresh = Beneficiary.objects.get(pk=pk)
        assert (fresh.phone, fresh.address, fresh.kk_number, fresh.kk_hash) == ("", "", "", "")
    # Only the chosen categories: the merged copy's health notes stay.
    assert Beneficiary.objects.get(pk=copy.pk).health_notes == "Catatan lama"
    events = AuditEvent.objects.filter(object_type="beneficiaries.beneficiary", object_id=str(copy.pk))
    merged_events = [event for event in events if "erasure_of_merged_copy" in event.changes]
    assert len(merged_events) == 1
    dumped = json.dumps(merged_events[0].changes)
    for value in ("0812 7777 0001", "Jl. Lama 3", KK):
        assert value not in dumped
    main_event = next(
        event
        for event in AuditEvent.objects.filter(
            object_id=str(subject.pk), object_type="beneficiaries.beneficiary"
        )
        if "erasure" in event.changes
    )
    assert main_event.changes["erasure"][1]["merged_copies_erased"] == 2


def test_an_unmerge_after_the_erasure_brings_nothing_back(
    personas: dict[str, User], centre_a: Sentra
) -> None:
    """A merge keeps what it moved (the NIK, phone, address, KK, health notes) on the review so that an
    unmerge can put it back: the erasure clears it there too."""
    head = personas[Role.CENTRE_HEAD]
    kept = person(centre_a, "Kartini Lestari", birth_date=BORN, sex="F")
    copy = person(
        centre_a,
        "Kartini L.",
        nik=NIK,
        kk_number=KK,
        birth_date=BORN,
        sex="F",
        phone=PHONE,
        address=ADDRESS,
        health_notes=HEALTH,
    )
    pair = DuplicateReview.objects.create(first=kept, second=copy, score=0.9, reasons=[])
    duplicate_merge(actor=head, review=pair, survivor_id=kept.pk)
    assert Beneficiary.objects.get(pk=kept.pk).phone == PHONE

    subject_request_answer(
        actor=head,
        request=_erasure(head, kept),
        status="completed",
        outcome="Contact, numbers and health notes",
        erase_categories=["contact", "identity_numbers", "health_notes"],
    )

    pair.refresh_from_db()
    assert set(pair.merge_state["filled"]) & {"phone", "address"} == set()
    assert pair.merge_state["secret"] == {}
    assert "nik" not in pair.merge_state
    dumped = json.dumps(pair.merge_state)
    for value in (PHONE, ADDRESS):
        assert value not in dumped
    duplicate_unmerge(actor=head, review=pair)
    for pk in (kept.pk, copy.pk):
        fresh = Beneficiary.objects.get(pk=pk)
        held = (fresh.nik, fresh.nik_hash, fresh.kk_number, fresh.phone, fresh.address, fresh.health_notes)
        assert held == ("", "", "", "", "", ""), pk
        assert fresh.no_nik_reason
    assert existing_by_nik(NIK) is None
