"""Duplicate review decisions: merge keeps all history and is reversible; distinct; who may decide."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from sentra.beneficiaries import services
from sentra.beneficiaries.models import Beneficiary, Consent, DuplicateReview, Relationship
from sentra.beneficiaries.signals import beneficiary_merged, beneficiary_unmerged
from sentra.core.models import AuditEvent, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import consent, guardian_of, nik_for, person

pytestmark = pytest.mark.django_db

BORN = datetime.date(1979, 9, 9)


@pytest.fixture
def head(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))


@pytest.fixture
def pair(centre_a: Sentra) -> DuplicateReview:
    with_nik = person(
        centre_a, "Muhammad Yusuf", nik=nik_for(BORN), birth_date=BORN, aliases=["Ucup"], clusters=["napza"]
    )
    without = person(
        centre_a,
        "Moh. Jusuf",
        birth_date=BORN,
        phone="0812 7777 8888",
        kk_number="3275010101090099",
        region_code="32.75.01.1001",
        clusters=["tuna_sosial"],
    )
    consent(without, purpose="research")
    guardian_of(without, "Ibu Yusuf", kind="mother")
    first, second = sorted((with_nik, without), key=lambda record: record.pk)
    return DuplicateReview.objects.create(first=first, second=second, score=92, reasons=[])


def records(review: DuplicateReview) -> tuple[Beneficiary, Beneficiary]:
    with_nik = Beneficiary.objects.get(full_name="Muhammad Yusuf")
    without = Beneficiary.objects.get(full_name="Moh. Jusuf")
    return with_nik, without


def test_merge_fills_blanks_moves_consents_and_links_and_keeps_the_other_record(
    head: User, pair: DuplicateReview
) -> None:
    keep, other = records(pair)
    services.duplicate_merge(actor=head, review=pair, survivor_id=keep.pk, note="same KTP photo")
    keep.refresh_from_db()
    other.refresh_from_db()
    assert other.merged_into_id == keep.pk
    assert (keep.phone, keep.kk_number, keep.region_id) == (
        "0812 7777 8888",
        "3275010101090099",
        "32.75.01.1001",
    )
    assert set(keep.aliases) == {"Ucup", "Moh. Jusuf"}
    assert keep.clusters == ["napza", "tuna_sosial"]
    assert Consent.objects.filter(beneficiary=keep, purpose="research").exists()
    assert Relationship.objects.filter(beneficiary=keep, person_name="Ibu Yusuf").exists()
    assert services.consent_check(beneficiary=keep, purpose="research")
    pair.refresh_from_db()
    assert (pair.status, pair.survivor_id, pair.decided_by_id) == ("merged", keep.pk, head.pk)
    assert "kk_number" in pair.merge_state["secret"]
    assert "3275010101090099" not in str(pair.merge_state)  # identifiers stay encrypted
    audited = set(AuditEvent.objects.filter(action="update").values_list("object_type", "object_id"))
    assert {
        ("beneficiaries.beneficiary", str(keep.pk)),
        ("beneficiaries.beneficiary", str(other.pk)),
    } <= audited
    assert ("beneficiaries.duplicatereview", str(pair.pk)) in audited


def test_unmerge_restores_both_records(head: User, pair: DuplicateReview) -> None:
    keep, other = records(pair)
    before_keep = (keep.phone, keep.kk_number, keep.region_id, list(keep.aliases), list(keep.clusters))
    services.duplicate_merge(actor=head, review=pair, survivor_id=keep.pk)
    services.duplicate_unmerge(actor=head, review=pair, note="different fathers' names")
    keep.refresh_from_db()
    other.refresh_from_db()
    assert (keep.phone, keep.kk_number, keep.region_id, keep.aliases, keep.clusters) == (
        before_keep[0],
        before_keep[1],
        before_keep[2],
        before_keep[3],
        before_keep[4],
    )
    assert other.merged_into_id is None
    assert Consent.objects.filter(beneficiary=other, purpose="research").exists()
    assert Relationship.objects.filter(beneficiary=other, person_name="Ibu Yusuf").exists()
    pair.refresh_from_db()
    assert (pair.status, pair.unmerged_by_id) == ("open", head.pk)


def test_a_nik_moves_to_the_kept_record_and_back(head: User, pair: DuplicateReview) -> None:
    with_nik, without = records(pair)
    nik = with_nik.nik
    services.duplicate_merge(actor=head, review=pair, survivor_id=without.pk)
    without.refresh_from_db()
    with_nik.refresh_from_db()
    assert (without.nik, with_nik.nik) == (nik, "")
    assert with_nik.no_nik_reason == "other"
    services.duplicate_unmerge(actor=head, review=pair)
    without.refresh_from_db()
    with_nik.refresh_from_db()
    assert (without.nik, with_nik.nik, with_nik.no_nik_reason) == ("", nik, "")
    assert without.no_nik_reason == "never_registered"


def test_other_apps_follow_merges_through_signals(head: User, pair: DuplicateReview) -> None:
    seen: list[tuple[str, int, int]] = []

    def moved(
        sender: object, survivor: Beneficiary, merged: Beneficiary, **kwargs: object
    ) -> dict[str, list[int]]:
        seen.append(("merged", survivor.pk, merged.pk))
        return {"cases": [41, 42]}

    def moved_back(
        sender: object, survivor: Beneficiary, merged: Beneficiary, state: dict, **kwargs: object
    ) -> None:
        seen.append(("unmerged", survivor.pk, merged.pk))
        assert list(state.values()) == [{"cases": [41, 42]}]

    keep, other = records(pair)
    beneficiary_merged.connect(moved, weak=False)
    beneficiary_unmerged.connect(moved_back, weak=False)
    try:
        services.duplicate_merge(actor=head, review=pair, survivor_id=keep.pk)
        services.duplicate_unmerge(actor=head, review=pair)
    finally:
        beneficiary_merged.disconnect(moved)
        beneficiary_unmerged.disconnect(moved_back)
    assert seen == [("merged", keep.pk, other.pk), ("unmerged", keep.pk, other.pk)]


def test_refusals(
    head: User, pair: DuplicateReview, make_user: Callable[..., User], centre_a: Sentra
) -> None:
    keep, _other = records(pair)
    for role in (Role.CASE_MANAGER, Role.INTAKE):
        with pytest.raises(PermissionDenied):
            services.duplicate_merge(
                actor=make_user(role=role, centres=(centre_a,)), review=pair, survivor_id=keep.pk
            )
    with pytest.raises(ValidationError) as caught:
        services.duplicate_merge(actor=head, review=pair, survivor_id=999_999)
    assert "survivor" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.duplicate_unmerge(actor=head, review=pair)
    services.duplicate_mark_distinct(actor=head, review=pair, note="twins")
    with pytest.raises(ValidationError):
        services.duplicate_merge(actor=head, review=pair, survivor_id=keep.pk)
    assert not Beneficiary.objects.filter(merged_into__isnull=False).exists()


def test_different_niks_or_sexes_are_never_merged(head: User, centre_a: Sentra) -> None:
    one = person(centre_a, "Ani", nik=nik_for(BORN, "F"), sex="F", birth_date=BORN)
    two = person(centre_a, "Ani", nik=nik_for(BORN, "F"), sex="F", birth_date=BORN)
    review = DuplicateReview.objects.create(first=one, second=two, score=95, reasons=[])
    with pytest.raises(ValidationError) as caught:
        services.duplicate_merge(actor=head, review=review, survivor_id=one.pk)
    assert "different NIKs" in caught.value.messages[0]


def test_a_centre_head_decides_only_pairs_of_own_centre(
    head: User, centre_a: Sentra, centre_b: Sentra, make_user: Callable[..., User]
) -> None:
    mine = person(centre_a, "Lintas Sentra")
    theirs = person(centre_b, "Lintas Sentra")
    low, high = sorted((mine, theirs), key=lambda record: record.pk)
    review = DuplicateReview.objects.create(first=low, second=high, score=90, reasons=[])
    with pytest.raises(PermissionDenied):
        services.duplicate_mark_distinct(actor=head, review=review)
    admin = make_user(role=Role.SYSADMIN)
    services.duplicate_mark_distinct(actor=admin, review=review)


def test_the_review_pages(
    client_for: Callable[[User], Client], personas: dict[str, User], pair: DuplicateReview
) -> None:
    keep, other = records(pair)
    head = client_for(personas[Role.CENTRE_HEAD])
    assert "Moh. Jusuf" in head.get("/beneficiaries/reviews/").content.decode()
    assert head.get(f"/beneficiaries/reviews/{pair.pk}/").status_code == 200
    bad = head.post(f"/beneficiaries/reviews/{pair.pk}/merge/", {"survivor": "nobody"})
    assert bad.status_code == 422
    assert "survivor" in bad.context["merge_form"].errors
    assert head.post(f"/beneficiaries/reviews/{pair.pk}/merge/", {"survivor": keep.pk}).status_code == 302
    assert 'data-testid="merged-notice"' in head.get(f"/beneficiaries/{other.pk}/").content.decode()
    assert head.post(f"/beneficiaries/reviews/{pair.pk}/unmerge/", {"note": "wrong"}).status_code == 302
    assert head.post(f"/beneficiaries/reviews/{pair.pk}/distinct/", {"note": "twins"}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == "distinct"
    worker = client_for(personas[Role.CASE_MANAGER])
    assert worker.get("/beneficiaries/reviews/").status_code == 403
    assert worker.post(f"/beneficiaries/reviews/{pair.pk}/merge/", {"survivor": keep.pk}).status_code == 403


def test_candidates_page_flags_a_pair_for_review(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    one = person(centre_a, "Siti Nurhaliza", sex="F", birth_date=BORN)
    two = person(centre_a, "St. Nur Haliza", sex="F", birth_date=BORN)
    client = client_for(personas[Role.INTAKE])
    html = client.get(f"/beneficiaries/{one.pk}/duplicates/").content.decode()
    assert "St. Nur Haliza" in html
    assert client.post(f"/beneficiaries/{one.pk}/duplicates/{two.pk}/flag/").status_code == 302
    review = DuplicateReview.objects.get()
    assert review.status == "open"
    assert review.score >= 90
    api = client.get(f"/api/v1/beneficiaries/{one.pk}/duplicates").json()
    assert api[0]["id"] == two.pk
    assert api[0]["reasons"][0]["text"]
