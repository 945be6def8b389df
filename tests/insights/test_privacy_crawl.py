"""No public page and no national view shows a fixture person's name or NIK."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _crawl(client: Client, start: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < 200:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        seen[url] = body
        for link in re.findall(r'href="(/[^"#]*)"', body):
            link = link.replace("&amp;", "&")
            if link.startswith(allowed) and link not in seen:
                queue.append(link)
    return seen


def _assert_clean(pages: dict[str, str], world: World) -> None:
    for url, body in pages.items():
        for person, nik in zip(world.people, world.niks, strict=True):
            assert person.full_name not in body, (url, person.full_name)
            assert nik not in body, (url, "NIK")
            assert person.registration_number not in body, (url, "registration number")


def test_every_public_url_is_free_of_personal_data(client: Client, world: World) -> None:
    start = ["/layanan/", "/sitemap.xml", "/layanan/?q=lansia+jawa+tengah", "/layanan/?klaster=anak"]
    pages = _crawl(client, start, ("/layanan/", "/survei/", "/pengaduan/"))
    assert "/layanan/sentra-alpha/" in pages
    assert any(url.startswith("/survei/") for url in pages)
    _assert_clean(pages, world)


def test_every_national_page_is_free_of_personal_data(world: World) -> None:
    client = sign_in(Client(), world.analyst)
    start = [
        "/dashboard/national/",
        "/dashboard/national/?province=33",
        "/dashboard/national/?cluster=lansia&months=1",
        "/dashboard/national/?kind=sentra&rank=intake",
        "/dashboard/reports/",
        "/",
    ]
    pages = _crawl(client, start, ("/dashboard/", "/layanan/"))
    assert all(body for url, body in pages.items() if url.startswith("/dashboard/national/"))
    _assert_clean(pages, world)
    # Without break-glass the analyst cannot open a centre's case list.
    assert client.get(f"/dashboard/centres/{world.a.pk}/cases/").status_code == 404


def test_the_admin_national_view_is_aggregates_too(world: World) -> None:
    admin = UserFactory(username="admin_crawl", role="sysadmin")
    client = sign_in(Client(), admin)
    pages = _crawl(client, ["/dashboard/national/"], ("/dashboard/national/",))
    # an empty body (any non-200 answer) would make the privacy check pass on nothing
    assert pages["/dashboard/national/"]
    _assert_clean(pages, world)
