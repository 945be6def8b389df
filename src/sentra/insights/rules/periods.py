"""Months and quarters as the rollups and reports count them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month that ``month`` starts."""
    return add_months(month, 1) - datetime.timedelta(days=1)


def months_between(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """Every month start from ``first``'s month to ``last``'s month, both included."""
    month, stop = month_start(first), month_start(last)
    while month <= stop:
        yield month
        month = add_months(month, 1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last month start of a quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1 to 4")
    first = datetime.date(year, 3 * quarter - 2, 1)
    return first, add_months(first, 2)


def previous_quarter(day: datetime.date) -> tuple[int, int]:
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def mean(total: float, count: int) -> float | None:
    return round(total / count, 1) if count else None


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None
