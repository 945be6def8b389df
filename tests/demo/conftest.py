from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from sentra.demo import services as demo
from tests.network.factories import load_region_subset


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def regions(db: None) -> None:
    """Every province and regency/city (all the demo centres need), without loading 91k rows per test."""
    load_region_subset()


@pytest.fixture(autouse=True)
def _network_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The network and accounts only: each app's seeder has its own tests, and the whole demo
    (tens of thousands of records) runs once here, in the test marked ``full_demo``."""
    if request.node.get_closest_marker("full_demo") is None:
        monkeypatch.setattr(demo, "APP_SEEDERS", ())
