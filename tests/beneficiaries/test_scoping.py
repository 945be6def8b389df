"""The access matrix of the registry: every role, pages and API, centre A against centre B, anonymous.

Mirrors tests/test_scoping_matrix.py for the registry's records: a centre-A account gets 404 for
centre B's persons and everything hanging off them; lists never show them; anonymous visitors get the
login page (pages) or 401 (API); national analysts see no person at all.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from sentra.beneficiaries.models import Beneficiary, DuplicateReview, ImportJob
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import consent, guardian_of, nik_for, person
from tests.test_scoping_matrix import api_operations, page_paths

pytestmark = pytest.mark.django_db

CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD]


@pytest.fixture
def records_of_b(centre_b: Sentra) -> dict[str, int]:
    born = datetime.date(1975, 4, 4)
    first = person(centre_b, "Rahasia Satu", nik=nik_for(born), birth_date=born)
    first.photo.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32), save=True)
    second = person(centre_b, "Rahasia Satoe", birth_date=born)
    link = guardian_of(first, "Ibu Rahasia")
    given = consent(first)
    given.evidence.save("e.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    review = DuplicateReview.objects.create(first=first, second=second, score=90, reasons=[])
    job = ImportJob.objects.create(sentra=centre_b, original_name="b.csv", file="x.csv")
    return {
        "person": first.pk,
        "other": second.pk,
        "link": link.pk,
        "consent": given.pk,
        "review": review.pk,
        "job": job.pk,
    }


def page_urls(ids: dict[str, int]) -> list[str]:
    p = ids["person"]
    return [
        f"/beneficiaries/{p}/",
        f"/beneficiaries/{p}/edit/",
        f"/beneficiaries/{p}/photo/",
        f"/beneficiaries/{p}/family/new/",
        f"/beneficiaries/{p}/consents/new/",
        f"/beneficiaries/{p}/consents/{ids['consent']}/withdraw/",
        f"/beneficiaries/{p}/consents/{ids['consent']}/evidence/",
        f"/beneficiaries/{p}/duplicates/",
        f"/beneficiaries/reviews/{ids['review']}/",
        f"/beneficiaries/imports/{ids['job']}/",
    ]


def post_urls(ids: dict[str, int]) -> list[str]:
    p, review = ids["person"], ids["review"]
    return [
        f"/beneficiaries/{p}/nik/",
        f"/beneficiaries/{p}/sensitive/health/",
        f"/beneficiaries/{p}/sensitive/child/",
        f"/beneficiaries/{p}/family/{ids['link']}/remove/",
        f"/beneficiaries/{p}/duplicates/{ids['other']}/flag/",
        f"/beneficiaries/reviews/{review}/merge/",
        f"/beneficiaries/reviews/{review}/distinct/",
        f"/beneficiaries/reviews/{review}/unmerge/",
    ]


def api_urls(ids: dict[str, int]) -> list[str]:
    p = ids["person"]
    return [
        f"/api/v1/beneficiaries/{p}",
        f"/api/v1/beneficiaries/{p}/identifiers",
        f"/api/v1/beneficiaries/{p}/sensitive?purpose=case_work",
        f"/api/v1/beneficiaries/{p}/consents",
        f"/api/v1/beneficiaries/{p}/consents/check?purpose=services",
        f"/api/v1/beneficiaries/{p}/duplicates",
        f"/api/v1/beneficiary-imports/{ids['job']}",
    ]


def test_the_suite_walk_finds_the_registry_pages_and_endpoints(client: Client) -> None:
    paths = page_paths()
    assert "/beneficiaries/" in paths
    assert "/beneficiaries/1/" in paths
    operations = {path for _method, path in api_operations(client)}
    assert {"/api/v1/beneficiaries", "/api/v1/beneficiaries/1", "/api/v1/nik/validate"} <= operations


def test_anonymous_visitors_get_nothing(client: Client, records_of_b: dict[str, int]) -> None:
    for url in [*page_urls(records_of_b), "/beneficiaries/", "/beneficiaries/register/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
    for url in post_urls(records_of_b):
        response = client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url
    for url in [*api_urls(records_of_b), "/api/v1/beneficiaries"]:
        assert client.get(url).status_code == 401, url
    assert (
        client.post(
            "/api/v1/nik/validate", {"nik": "3602041211870001"}, content_type="application/json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_a_centre_a_user_gets_404_for_centre_b_records(
    client_for: Callable[[User], Client], personas: dict[str, User], records_of_b: dict[str, int], role: str
) -> None:
    client = client_for(personas[role])
    for url in page_urls(records_of_b):
        status = client.get(url).status_code
        assert status in (403, 404), (role, url, status)
        if url.startswith(f"/beneficiaries/{records_of_b['person']}/"):
            assert status == 404, (role, url)
    for url in post_urls(records_of_b):
        status = client.post(url, {"purpose": "case_work", "survivor": records_of_b["person"]}).status_code
        assert status in (403, 404), (role, url, status)
    for url in api_urls(records_of_b):
        status = client.get(url).status_code
        assert status in (403, 404), (role, url, status)
        if "imports" not in url:
            assert status == 404, (role, url)
    withdraw = f"/api/v1/beneficiaries/{records_of_b['person']}/consents/{records_of_b['consent']}/withdraw"
    assert client.post(withdraw, {}, content_type="application/json").status_code == 404
    assert Beneficiary.objects.filter(merged_into__isnull=False).count() == 0


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_centre_b_people_never_appear_in_centre_a_lists_or_searches(
    client_for: Callable[[User], Client],
    personas: dict[str, User],
    records_of_b: dict[str, int],
    centre_a: Sentra,
    role: str,
) -> None:
    mine = person(centre_a, "Rahasia Tiga")
    hidden = Beneficiary.objects.get(pk=records_of_b["person"])
    client = client_for(personas[role])
    for query in ("", "Rahasia", hidden.nik, "Rahasia Satu", hidden.registration_number):
        page = client.get("/beneficiaries/", {"q": query})
        assert page.status_code == 200
        rows = page.content.decode().split('data-testid="beneficiary-table"')[1]
        assert f"/beneficiaries/{hidden.pk}/" not in rows
        assert "Rahasia Satu" not in rows
        api = client.get("/api/v1/beneficiaries", {"q": query}).json()
        assert records_of_b["person"] not in [item["id"] for item in api["items"]]
    assert mine.pk in [item["id"] for item in client.get("/api/v1/beneficiaries").json()["items"]]
    reviews = client.get("/beneficiaries/reviews/")
    if reviews.status_code == 200:
        assert "Rahasia" not in reviews.content.decode()


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.HR])
def test_national_analysts_and_hr_see_no_person(
    client_for: Callable[[User], Client],
    personas: dict[str, User],
    centre_a: Sentra,
    records_of_b: dict[str, int],
    role: str,
) -> None:
    # HR manages staff, not beneficiaries (issue 5), even at its own centre.
    mine = person(centre_a, "Warga Sendiri")
    client = client_for(personas[role])
    assert client.get(reverse("beneficiaries:detail", args=[mine.pk])).status_code == 403
    assert client.get(f"/api/v1/beneficiaries/{mine.pk}").status_code == 403
    assert client.get("/beneficiaries/").status_code == 403
    assert client.get("/api/v1/beneficiaries").status_code == 403
    for url in page_urls(records_of_b):
        assert client.get(url).status_code in (403, 404), url
    for url in api_urls(records_of_b):
        assert client.get(url).status_code in (403, 404), url


def test_the_administrator_reaches_every_record(
    client_for: Callable[[User], Client], personas: dict[str, User], records_of_b: dict[str, int]
) -> None:
    client = client_for(personas[Role.SYSADMIN])
    for url in page_urls(records_of_b):
        assert client.get(url).status_code == 200, url
    for url in api_urls(records_of_b):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [*CENTRE_ROLES, Role.SYSADMIN])
def test_every_registry_role_reaches_its_own_centre(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra, role: str
) -> None:
    mine = person(centre_a, "Warga Sendiri")
    client = client_for(personas[role])
    assert client.get("/beneficiaries/").status_code == 200
    assert client.get(reverse("beneficiaries:detail", args=[mine.pk])).status_code == 200
    assert client.get(f"/api/v1/beneficiaries/{mine.pk}").json()["id"] == mine.pk
