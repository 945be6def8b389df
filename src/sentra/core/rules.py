"""Pure rules of sign-in: lockout arithmetic and TOTP steps. No Django here."""

from __future__ import annotations

import datetime
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
