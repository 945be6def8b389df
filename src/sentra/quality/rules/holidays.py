"""The public-holiday file (``quality/data/holidays_id.json``): parsed and checked as a whole.

Shape: ``{"years": {"2026": {"status": ..., "reference": ..., "source": ..., "days": [{"date":
"2026-01-01", "name": ..., "kind": "national" | "collective_leave"}, ...]}, ...}}``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from enum import StrEnum

KINDS = ("national", "collective_leave")


class HolidayProblemKind(StrEnum):
    NOT_JSON = "not_json"
    NO_YEARS = "no_years"
    BAD_YEAR = "bad_year"
    BAD_DATE = "bad_date"
    WRONG_YEAR = "wrong_year"
    BAD_KIND = "bad_kind"
    NO_NAME = "no_name"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class HolidayProblem:
    where: str  # "2026" or "2026, day 3"
    kind: HolidayProblemKind
    value: str = ""


@dataclass(frozen=True)
class HolidayRow:
    date: datetime.date
    name: str
    kind: str


@dataclass
class ParsedHolidays:
    years: dict[int, list[HolidayRow]] = field(default_factory=dict)
    references: dict[int, str] = field(default_factory=dict)
    problems: list[HolidayProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_holiday_json(text: str) -> ParsedHolidays:
    result = ParsedHolidays()
    try:
        data = json.loads(text)
    except ValueError:
        result.problems.append(HolidayProblem("", HolidayProblemKind.NOT_JSON))
        return result
    years = data.get("years") if isinstance(data, dict) else None
    if not isinstance(years, dict) or not years:
        result.problems.append(HolidayProblem("", HolidayProblemKind.NO_YEARS))
        return result
    seen: set[datetime.date] = set()
    for key, entry in years.items():
        if not (str(key).isdigit() and len(str(key)) == 4) or not isinstance(entry, dict):
            result.problems.append(HolidayProblem(str(key), HolidayProblemKind.BAD_YEAR, str(key)))
            continue
        year = int(key)
        rows: list[HolidayRow] = []
        for index, day in enumerate(entry.get("days") or [], start=1):
            where = f"{year}, day {index}"
            day = day if isinstance(day, dict) else {}
            try:
                date = datetime.date.fromisoformat(str(day.get("date", "")))
            except ValueError:
                result.problems.append(
                    HolidayProblem(where, HolidayProblemKind.BAD_DATE, str(day.get("date")))
                )
                continue
            name = str(day.get("name") or "").strip()
            kind = str(day.get("kind") or "")
            if date.year != year:
                result.problems.append(HolidayProblem(where, HolidayProblemKind.WRONG_YEAR, date.isoformat()))
            elif kind not in KINDS:
                result.problems.append(HolidayProblem(where, HolidayProblemKind.BAD_KIND, kind))
            elif not name:
                result.problems.append(HolidayProblem(where, HolidayProblemKind.NO_NAME, date.isoformat()))
            elif date in seen:
                result.problems.append(HolidayProblem(where, HolidayProblemKind.DUPLICATE, date.isoformat()))
            else:
                seen.add(date)
                rows.append(HolidayRow(date=date, name=name[:150], kind=kind))
        result.years[year] = rows
        result.references[year] = str(entry.get("reference") or entry.get("source") or "")[:300]
    return result
