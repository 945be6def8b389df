"""Working days: Monday to Friday except the holidays given (national holidays, optionally cuti bersama).

A deadline of N working days is the N-th working day after the day of receipt: a complaint received
on a Friday with 1 working day is due on the Monday (or the next working day after it). Receipt on a
weekend or holiday counts from the next working day in the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

SATURDAY = 5


def is_working_day(day: datetime.date, holidays: Collection[datetime.date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: datetime.date, days: int, holidays: Collection[datetime.date]) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    if days < 0:
        raise ValueError("days cannot be negative")
    current = start
    remaining = days
    while remaining:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(
    start: datetime.date, end: datetime.date, holidays: Collection[datetime.date]
) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -working_days_between(end, start, holidays)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count
