"""Suite-wide fixtures: personas per role in two centres, and signed-in clients."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sentra.core.models import Profession, Role, User
from sentra.network.models import Sentra
from tests.factories import SentraFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is the production hasher (tested in tests/core/test_passwords.py); MD5 keeps the suite fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client: Client, user: User) -> Client:
    """Sign a test client in as if the user had completed every factor."""
    client.force_login(user)
    session = client.session
    session["sentra_login_at"] = time.time()
    session["sentra_2fa_ok"] = True
    session.save()
    return client


@pytest.fixture
def centre_a(db: None) -> Sentra:
    return SentraFactory(name="Sentra A", code="sentra-a")


@pytest.fixture
def centre_b(db: None) -> Sentra:
    return SentraFactory(name="Sentra B", code="sentra-b")


ROLE_EXTRAS: dict[str, dict[str, Any]] = {Role.PROFESSIONAL: {"profession": Profession.PSIKOLOG}}


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: str = Role.CASE_MANAGER, centres: tuple[Sentra, ...] = (), **extra: Any) -> User:
        return UserFactory(role=role, centres=list(centres), **{**ROLE_EXTRAS.get(role, {}), **extra})

    return make


@pytest.fixture
def personas(make_user: Callable[..., User], centre_a: Sentra) -> dict[str, User]:
    """One account per role; centre roles belong to centre A, national roles to none."""
    national = {Role.NATIONAL_ANALYST, Role.SYSADMIN}
    return {
        role: make_user(role=role, centres=() if role in national else (centre_a,), username=f"{role}_a")
        for role in Role.values
    }


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return lambda user: sign_in(Client(), user)


# Reference data loaded by data migrations, in dependency order: (a model it fills, module, loader).
REFERENCE_DATA = (
    ("network.ServiceComponent", "sentra.network.migrations.0002_atensi_catalogue", "load_catalogue"),
    ("quality.ComplaintCategory", "sentra.quality.migrations.0002_reference_data", "load"),
    ("workforce.Competency", "sentra.workforce.migrations.0002_competency_framework", "load_framework"),
    ("equipment.ItemType", "sentra.equipment.catalogue", "load_catalogue"),
)


@pytest.fixture(autouse=True)
def _atensi_catalogue(request: pytest.FixtureRequest) -> None:
    """Reference data from data migrations (the ATENSI catalogue, complaint categories and holidays,
    the competency framework, the equipment catalogue) is wiped when a transactional test (browser,
    Celery) flushes the database; put it back before any test that uses the database."""
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames) and not any(
        marker.name == "django_db" for marker in request.node.iter_markers()
    ):
        return
    request.getfixturevalue("transactional_db" if "live_server" in request.fixturenames else "db")
    from django.apps import apps

    for model_label, module, loader in REFERENCE_DATA:
        if not apps.get_model(model_label).objects.exists():
            getattr(importlib.import_module(module), loader)(apps, None)
