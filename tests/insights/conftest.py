"""Fixtures of the insights tests: the hand-computed world, with its rollups refreshed."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.insights.services.rollups import refresh_rollups
from tests.insights.factories import World, build_world


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db: None) -> World:
    built = build_world()
    refresh_rollups(full=True)
    return built
