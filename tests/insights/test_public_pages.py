"""The public directory: no sign-in, search by need and province, the centre page, sitemap."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def test_directory_opens_without_sign_in_and_lists_active_centres(client: Client, world: World) -> None:
    response = client.get("/layanan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="centre-sentra-alpha"' in html
    assert 'data-testid="centre-sentra-beta"' in html
    assert '<meta name="description"' in html
    assert 'rel="canonical"' in html
    assert "<svg" in html
    assert 'data-province="33"' in html


def test_search_by_need_and_province_in_indonesian(client: Client, world: World) -> None:
    html = client.get("/layanan/", {"q": "layanan untuk lansia di Jawa Tengah"}).content.decode()
    assert 'data-testid="centre-sentra-alpha"' in html
    assert 'data-testid="centre-sentra-beta"' not in html
    assert 'data-testid="understood"' in html


def test_search_in_english_and_by_select(client: Client, world: World) -> None:
    html = client.get("/layanan/", {"q": "drug addiction"}).content.decode()
    assert 'data-testid="centre-sentra-beta"' in html
    assert 'data-testid="centre-sentra-alpha"' not in html
    html = client.get("/layanan/", {"provinsi": "31", "klaster": "lansia"}).content.decode()
    assert 'data-testid="no-results"' in html


def test_bad_filters_are_ignored_not_errors(client: Client, world: World) -> None:
    response = client.get("/layanan/", {"provinsi": "99", "klaster": "<script>", "q": "x" * 5000})
    assert response.status_code == 200


def test_centre_page_shows_how_to_get_help_ikm_and_links(client: Client, world: World) -> None:
    response = client.get("/layanan/sentra-alpha/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "0800-123-456" in html
    assert "Senin-Jumat 08.00-16.00 WIB" in html
    assert 'data-testid="ikm"' in html
    assert "82.50" in html
    assert 'href="/survei/sentra-alpha/"' in html
    assert 'href="/pengaduan/sentra-alpha/"' in html
    assert "<h1>" in html


def test_unknown_or_inactive_centre_is_404(client: Client, world: World) -> None:
    assert client.get("/layanan/no-such-centre/").status_code == 404
    world.b.is_active = False
    world.b.save()
    assert client.get("/layanan/sentra-beta/").status_code == 404


def test_english_page(client: Client, world: World) -> None:
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = client.get("/layanan/sentra-alpha/").content.decode()
    assert 'lang="en"' in html


def test_sitemap_and_robots(client: Client, world: World) -> None:
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert sitemap["Content-Type"].startswith("application/xml")
    body = sitemap.content.decode()
    assert "/layanan/sentra-alpha/" in body
    assert "/layanan/sentra-beta/" in body
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap:" in robots


def test_directory_queries_do_not_grow_with_centres(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get("/layanan/")
