"""Fixtures of the assessment tests: the shipped instrument library."""

from __future__ import annotations

import pytest

from sentra.assessments import selectors
from sentra.assessments.rules import Library


@pytest.fixture(scope="session")
def library() -> Library:
    return selectors.library()
