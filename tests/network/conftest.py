"""Fixtures of the centre network tests: two real-looking centres and people in them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from sentra.core.models import User
from sentra.network.models import Region, Sentra
from tests.network.factories import SentraFactory, load_region_subset, make_user, region


@pytest.fixture
def region_subset(db: None) -> None:
    load_region_subset()


@pytest.fixture
def bekasi(db: None) -> Sentra:
    centre: Sentra = SentraFactory(
        code="pangudi-luhur-bekasi",
        name="Sentra Terpadu Pangudi Luhur Bekasi",
        region=region("32.75", "Kota Bekasi"),
    )
    return centre


@pytest.fixture
def handayani(db: None) -> Sentra:
    centre: Sentra = SentraFactory(
        code="handayani-jakarta",
        name="Sentra Handayani Jakarta",
        city="Jakarta Timur",
        region=region("31.75", "Kota Administrasi Jakarta Timur"),
        latitude=Decimal("-6.311000"),
        longitude=Decimal("106.896000"),
    )
    return centre


@pytest.fixture
def person(db: None) -> Callable[..., User]:
    """``person(role, centre, ...)``: an account with that role in that centre (or none)."""

    def make(role: str, *centres: Sentra, **extra: Any) -> User:
        return make_user(role=role, centres=centres, **extra)

    return make


@pytest.fixture
def west_java(db: None) -> Region:
    return region("32", "Jawa Barat")


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """Assertions read the English source strings; pages and commands default to Indonesian."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
