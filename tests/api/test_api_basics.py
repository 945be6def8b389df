"""The API skeleton: OpenAPI document, authentication, one error format, pagination."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate

from sentra.core import audit
from sentra.core.models import ApiToken, AuditAction, Role, User

pytestmark = pytest.mark.django_db


def test_openapi_document_validates(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["info"]["title"] == "Sentra API"
    assert "/api/v1/me" in spec["paths"]


def test_interactive_docs_use_vendored_assets(client: Client) -> None:
    response = client.get(reverse("api-1.0.0:openapi-view"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body


def test_anonymous_requests_get_401_in_the_error_format(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == []


def test_personal_token_authenticates_and_is_stored_hashed(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(role=Role.INTAKE)
    from sentra.core import services

    new = services.api_token_create(actor=user, name="ekspor bulanan")
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert new.value not in (stored.token_hash, stored.prefix)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {new.value}")
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    services.api_token_revoke(actor=user, token=stored)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {new.value}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer sentra_wrong").status_code == 401


def test_token_page_creates_lists_and_revokes(client_for, make_user: Callable[..., User]) -> None:
    user = make_user()
    client: Client = client_for(user)
    response = client.post(reverse("core:account"), {"name": "skrip laporan"})
    value = response.context["new_token"].value
    assert value in response.content.decode()
    page = client.get(reverse("core:account")).content.decode()
    assert "skrip laporan" in page
    assert value not in page
    token = ApiToken.objects.get(user=user)
    assert client.post(reverse("core:api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert not token.is_active


def test_token_name_is_required(client_for, make_user: Callable[..., User]) -> None:
    client: Client = client_for(make_user())
    response = client.post(reverse("core:account"), {"name": ""})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    assert response.context["form"].errors["name"]


def test_someone_elses_token_cannot_be_revoked(client_for, make_user: Callable[..., User]) -> None:
    from sentra.core import services

    owner = make_user()
    token = services.api_token_create(actor=owner, name="milik orang").token
    client: Client = client_for(make_user())
    assert client.post(reverse("core:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_validation_errors_name_the_field(client_for, make_user: Callable[..., User]) -> None:
    client: Client = client_for(make_user(role=Role.SYSADMIN))
    response = client.get("/api/v1/audit-events", {"page": 0, "date_from": "kemarin"})
    assert response.status_code == 422
    body = response.json()
    fields = {error["field"] for error in body["errors"]}
    assert {"page", "date_from"} <= fields
    assert all(error["message"] for error in body["errors"])


def test_lists_are_paginated(client_for, make_user: Callable[..., User]) -> None:
    admin = make_user(role=Role.SYSADMIN)
    for number in range(7):
        audit.record(actor=admin, action=AuditAction.UPDATE, object_type="t", object_id=str(number))
    client: Client = client_for(admin)
    body = client.get("/api/v1/audit-events", {"page_size": 3, "page": 2, "object_type": "t"}).json()
    assert body["count"] == 7
    assert body["page"] == 2
    assert body["pages"] == 3
    assert len(body["items"]) == 3


def test_session_writes_need_csrf(make_user: Callable[..., User]) -> None:
    from tests.fixtures import sign_in

    client = sign_in(Client(enforce_csrf_checks=True), make_user())
    assert client.get("/api/v1/me").status_code == 200


def test_not_found_uses_the_error_format(client_for, make_user: Callable[..., User]) -> None:
    client: Client = client_for(make_user(role=Role.SYSADMIN))
    response = client.get("/api/v1/audit-events/987654")
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan.", "errors": []}
    english = client.get("/api/v1/audit-events/987654", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found.", "errors": []}
