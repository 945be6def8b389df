from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "pending_migrations": 0}


@pytest.mark.django_db
def test_healthz_fails_when_migrations_are_pending(client: Client) -> None:
    with mock.patch("sentra.core.views.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = [("core", "0099")]
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == 1
