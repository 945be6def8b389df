"""The access matrix: every role, pages and API alike.

A user of centre A gets 404 for centre B's records; anonymous visitors get nothing but the login page
and the public pages; every page and endpoint is found by walking the URL configuration and the
OpenAPI document, so a new page is covered the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db

# Pages anyone may open without signing in.
PUBLIC_PAGES = {
    "/login/",
    "/logout/",
    "/healthz",
    "/i18n/setlang/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/sitemap.xml",
    "/robots.txt",
}
# Public pages for the public (satisfaction survey, complaints): open, and never a sign-in redirect. With a
# made-up centre or tracking code they answer 404.
PUBLIC_PREFIXES = ("/survei/", "/pengaduan/", "/layanan/")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<(?:str|slug|path):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "1", path)
    return "/" + path.lstrip("^").rstrip("$")


def page_paths() -> list[str]:
    return sorted(
        {_concrete(route) for route in _walk(get_resolver().url_patterns) if not route.startswith("api/")}
    )


def test_the_walk_finds_the_pages() -> None:
    paths = page_paths()
    assert "/login/" in paths
    assert "/centres/1/" in paths
    assert "/audit/" in paths


@pytest.mark.parametrize("path", page_paths())
def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, path: str) -> None:
    response = client.get(path)
    if path.startswith(PUBLIC_PREFIXES):
        assert response.status_code in (200, 302, 404), path
        if response.status_code == 302:
            assert not response["Location"].startswith("/login/"), path
        return
    if path in PUBLIC_PAGES:
        assert response.status_code in (200, 302, 405)
        if response.status_code == 302:
            assert not response["Location"].startswith("/login/?next")
        return
    assert response.status_code == 302, path
    assert response["Location"].startswith("/login/"), path
    post = client.post(path, {})
    assert post.status_code in (302, 403, 405), path
    if post.status_code == 302:
        assert post["Location"].startswith("/login/"), path


def api_operations(client: Client) -> list[tuple[str, str]]:
    """Every operation that requires authentication (public ones declare no security in OpenAPI)."""
    spec = client.get("/api/v1/openapi.json").json()
    operations = []
    for path, methods in spec["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        operations.extend(
            (method.upper(), concrete) for method, operation in methods.items() if operation.get("security")
        )
    return operations


def test_only_public_endpoints_skip_authentication(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    open_paths = {
        path
        for path, methods in spec["paths"].items()
        for operation in methods.values()
        if not operation.get("security")
    }
    assert all(path.startswith("/api/v1/public/") for path in open_paths), open_paths


def test_anonymous_api_calls_get_401(client: Client) -> None:
    operations = api_operations(client)
    assert len(operations) >= 5
    for method, path in operations:
        response = client.generic(method, path)
        assert response.status_code == 401, (method, path, response.status_code)
        assert set(response.json()) == {"detail", "errors"}


@pytest.fixture
def records_of_b(make_user: Callable[..., User], centre_b: Sentra) -> dict[str, int]:
    """Records that belong to centre B."""
    colleague = make_user(role=Role.CASE_MANAGER, centres=(centre_b,), username="peksos_b")
    event = audit.record(
        actor=colleague,
        action=AuditAction.UPDATE,
        object_type="network.sentra",
        object_id=str(centre_b.pk),
        sentra_id=centre_b.pk,
    )
    return {"centre": centre_b.pk, "user": colleague.pk, "event": event.pk}


def record_urls(ids: dict[str, int]) -> list[str]:
    return [
        f"/centres/{ids['centre']}/",
        f"/centres/{ids['centre']}/edit/",
        f"/users/{ids['user']}/",
        f"/users/{ids['user']}/edit/",
        f"/audit/{ids['event']}/",
        f"/api/v1/centres/{ids['centre']}",
        f"/api/v1/audit-events/{ids['event']}",
    ]


CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_a_centre_a_user_gets_404_for_centre_b_records(
    client_for: Callable[[User], Client],
    personas: dict[str, User],
    records_of_b: dict[str, int],
    role: str,
) -> None:
    client = client_for(personas[role])
    for url in record_urls(records_of_b):
        assert client.get(url).status_code == 404, (role, url)
    for url in (f"/users/{records_of_b['user']}/unlock/", f"/users/{records_of_b['user']}/reset-two-factor/"):
        assert client.post(url).status_code in (403, 404), (role, url)


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_centre_b_never_appears_in_centre_a_lists(
    client_for: Callable[[User], Client],
    personas: dict[str, User],
    records_of_b: dict[str, int],
    centre_a: Sentra,
    role: str,
) -> None:
    client = client_for(personas[role])
    api_centres = client.get("/api/v1/centres").json()["items"]
    assert [item["id"] for item in api_centres] == [centre_a.pk]
    assert "Sentra B" not in client.get("/centres/").content.decode()
    users_page = client.get("/users/")
    if users_page.status_code == 200:
        assert "peksos_b" not in users_page.content.decode()


def test_national_analyst_reads_every_centre_but_no_other_person(
    client_for: Callable[[User], Client], personas: dict[str, User], records_of_b: dict[str, int]
) -> None:
    client = client_for(personas[Role.NATIONAL_ANALYST])
    assert client.get(f"/centres/{records_of_b['centre']}/").status_code == 200
    assert client.get(f"/api/v1/centres/{records_of_b['centre']}").status_code == 200
    assert client.get(f"/users/{records_of_b['user']}/").status_code == 404
    assert client.get(f"/audit/{records_of_b['event']}/").status_code == 404
    assert client.get(f"/centres/{records_of_b['centre']}/edit/").status_code == 403


def test_administrator_reaches_every_record(
    client_for: Callable[[User], Client], personas: dict[str, User], records_of_b: dict[str, int]
) -> None:
    client = client_for(personas[Role.SYSADMIN])
    for url in record_urls(records_of_b):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reaches_its_own_home_and_centre(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra, role: str
) -> None:
    client = client_for(personas[role])
    assert client.get("/").status_code == 200
    assert client.get(f"/centres/{centre_a.pk}/").status_code == 200
    assert client.get(f"/api/v1/centres/{centre_a.pk}").status_code == 200
    assert client.get("/api/v1/me").json()["role"] == role
