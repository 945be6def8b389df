"""Pure rules of core: sign-in lockout, TOTP steps, masking a personal identifier. No Django here."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

TOTP_PERIOD_SECONDS = 30


@dataclass(frozen=True)
class LockoutDecision:
    failed_count: int
    locked_until: datetime.datetime | None


def after_failed_login(
    *, failed_count: int, now: datetime.datetime, max_failures: int, lockout_minutes: int
) -> LockoutDecision:
    """Count one more failure; reaching ``max_failures`` locks the account and restarts the count."""
    count = failed_count + 1
    if count >= max_failures:
        return LockoutDecision(failed_count=0, locked_until=now + datetime.timedelta(minutes=lockout_minutes))
    return LockoutDecision(failed_count=count, locked_until=None)


def totp_step(moment: datetime.datetime) -> int:
    return int(moment.timestamp()) // TOTP_PERIOD_SECONDS


IDENTIFIER_SEPARATORS_RE = re.compile(r"[\s.\-_/]+")


def mask_identifier(value: str) -> str:
    """``3171••••••••0001``: the first four and the last four characters; the rest hidden.

    The NIK's mask (``sentra.beneficiaries.rules.nik.mask`` is this function): the province and regency,
    then the serial. Spaces, dots, dashes, slashes and underscores are dropped first.
    """
    digits = IDENTIFIER_SEPARATORS_RE.sub("", value or "")
    if len(digits) < 8:
        return "•" * len(digits)
    return digits[:4] + "•" * (len(digits) - 8) + digits[-4:]
