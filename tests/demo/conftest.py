from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

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
