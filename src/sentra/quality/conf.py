"""Settings of the quality app, each with a default and an environment variable of the same name.

A value in Django settings wins (tests override them there); otherwise the environment is read with
the project's strict parsers, so a malformed value stops with a message naming the variable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from sentra.env import env_bool, env_int, env_str


def _int(name: str, default: int, minimum: int = 0) -> int:
    value = getattr(settings, name, None)
    if value is not None:
        return int(value)
    return env_int(name, default, minimum=minimum)


def survey_rate_limit() -> int:
    """Open-link submissions (without a valid one-time code) accepted per address and window."""
    return _int("SENTRA_SURVEY_RATE_LIMIT", 10, minimum=1)


def survey_rate_window_seconds() -> int:
    return _int("SENTRA_SURVEY_RATE_WINDOW_MINUTES", 60, minimum=1) * 60


def survey_duplicate_window_seconds() -> int:
    """The same answers and profile from the same address within this window count once."""
    return _int("SENTRA_SURVEY_DUPLICATE_WINDOW_MINUTES", 24 * 60, minimum=1) * 60


def complaint_rate_limit() -> int:
    """Complaints filed on the web form per address and window."""
    return _int("SENTRA_COMPLAINT_RATE_LIMIT", 5, minimum=1)


def tracking_rate_limit() -> int:
    """Tracking-code look-ups per address and window (wrong codes included)."""
    return _int("SENTRA_TRACKING_RATE_LIMIT", 30, minimum=1)


def complaint_rate_window_seconds() -> int:
    return _int("SENTRA_COMPLAINT_RATE_WINDOW_MINUTES", 60, minimum=1) * 60


def complaint_max_files() -> int:
    return _int("SENTRA_COMPLAINT_MAX_FILES", 3, minimum=0)


def complaint_max_file_bytes() -> int:
    return _int("SENTRA_COMPLAINT_MAX_FILE_MB", 5, minimum=1) * 1024 * 1024


def national_escalation_after_days() -> int:
    """Working days past a deadline, beyond the first, before an overdue complaint goes to the ministry."""
    return _int("SENTRA_COMPLAINT_NATIONAL_AFTER_DAYS", 5, minimum=0)


def collective_leave_is_holiday() -> bool:
    """Whether cuti bersama counts as a day off for deadlines (government offices close on it)."""
    value = getattr(settings, "SENTRA_COLLECTIVE_LEAVE_IS_HOLIDAY", None)
    if value is not None:
        return bool(value)
    return env_bool("SENTRA_COLLECTIVE_LEAVE_IS_HOLIDAY", default=True)


PopulationProvider = Callable[[Any, Any, Any], int | None]


def population_provider() -> PopulationProvider | None:
    """A function ``(sentra, starts_on, ends_on) -> int | None`` counting the people a centre served.

    The beneficiary registry provides it; set ``SENTRA_SURVEY_POPULATION_PROVIDER`` to its dotted path.
    """
    path = getattr(settings, "SENTRA_SURVEY_POPULATION_PROVIDER", None) or env_str(
        "SENTRA_SURVEY_POPULATION_PROVIDER"
    )
    if not path:
        return None
    provider: PopulationProvider = import_string(path)
    return provider
