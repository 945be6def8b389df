"""Workforce tests reuse the cases tests' world (two centres, staff in every role) and need the
competency framework, which a transactional test elsewhere may have flushed."""

from __future__ import annotations

import pytest

from tests.cases.conftest import world  # noqa: F401 - shared fixture
from tests.workforce.factories import ensure_framework


@pytest.fixture(autouse=True)
def _framework(request: pytest.FixtureRequest) -> None:
    if {"db", "world", "centre_a", "personas", "make_user"} & set(request.fixturenames):
        request.getfixturevalue("db")
        ensure_framework()
