"""Fixtures of the quality tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """Assertions read the English source strings; pages and commands default to Indonesian."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
