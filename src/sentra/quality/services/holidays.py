"""Public holidays and complaint categories: the data deadlines are counted with."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.quality import conf
from sentra.quality.models import ComplaintCategory, HolidayKind, PublicHoliday
from sentra.quality.rules.holidays import parse_holiday_json
from sentra.quality.rules.workdays import add_working_days


def holiday_dates() -> frozenset[datetime.date]:
    """Every day off for deadline counting: national holidays, and cuti bersama unless configured off."""
    queryset = PublicHoliday.objects.all()
    if not conf.collective_leave_is_holiday():
        queryset = queryset.filter(kind=HolidayKind.NATIONAL)
    return frozenset(queryset.values_list("date", flat=True))


def deadline(
    start: datetime.date, working_days: int, holidays: frozenset[datetime.date] | None = None
) -> datetime.date:
    return add_working_days(start, working_days, holiday_dates() if holidays is None else holidays)


def _require_admin(actor: User | None) -> None:
    if actor is not None and actor.role != "sysadmin":
        raise PermissionDenied


@dataclass(frozen=True)
class HolidayLoadResult:
    years: tuple[int, ...]
    created: int
    deleted: int
    unchanged: int


@transaction.atomic
def holidays_load(*, actor: User | None, text: str, actor_label: str | None = None) -> HolidayLoadResult:
    """Make each year in the file exactly as listed there (other years stay as they are)."""
    from sentra.quality.messages import holiday_problem_message

    _require_admin(actor)
    parsed = parse_holiday_json(text)
    if parsed.problems:
        raise ValidationError({"file": [holiday_problem_message(problem) for problem in parsed.problems]})
    created = deleted = unchanged = 0
    for year, rows in sorted(parsed.years.items()):
        wanted = {row.date: row for row in rows}
        current = {holiday.date: holiday for holiday in PublicHoliday.objects.filter(date__year=year)}
        for date, holiday in current.items():
            row = wanted.get(date)
            if row is None or (holiday.name, holiday.kind) != (row.name, row.kind):
                audit.record_delete(actor=actor, instance=holiday, actor_label=actor_label)
                holiday.delete()
                deleted += 1
            else:
                unchanged += 1
        for date, row in wanted.items():
            if date in current and (current[date].name, current[date].kind) == (row.name, row.kind):
                continue
            holiday = PublicHoliday.objects.create(
                date=date, name=row.name, kind=row.kind, source=parsed.references[year]
            )
            audit.record_create(actor=actor, instance=holiday, actor_label=actor_label)
            created += 1
    return HolidayLoadResult(tuple(sorted(parsed.years)), created, deleted, unchanged)


CATEGORY_FIELDS = (
    "name_id",
    "name_en",
    "response_days",
    "resolution_days",
    "reminder_days",
    "order",
    "is_active",
)


@dataclass(frozen=True)
class CategoryLoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def categories_load(*, actor: User | None, text: str, actor_label: str | None = None) -> CategoryLoadResult:
    """Create or update the complaint categories listed in the file (matched on their code)."""
    _require_admin(actor)
    try:
        entries = json.loads(text)["categories"]
    except (ValueError, KeyError, TypeError):
        entries = None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ValidationError({"file": [_('The file must be JSON with a list under "categories".')]})
    errors: list[str] = []
    for index, entry in enumerate(entries, start=1):
        candidate = ComplaintCategory(
            code=str(entry.get("code", "")), **{key: entry[key] for key in CATEGORY_FIELDS if key in entry}
        )
        try:
            candidate.full_clean(exclude=["id"], validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.extend(f"{index}. {name}: {message}" for message in messages)
    if errors:
        raise ValidationError({"file": errors})
    created = updated = unchanged = 0
    for entry in entries:
        defaults = {key: entry[key] for key in CATEGORY_FIELDS if key in entry}
        category = ComplaintCategory.objects.filter(code=entry["code"]).first()
        if category is None:
            new = ComplaintCategory.objects.create(code=entry["code"], **defaults)
            audit.record_create(actor=actor, instance=new, actor_label=actor_label)
            created += 1
            continue
        before = audit.snapshot(category)
        for key, value in defaults.items():
            setattr(category, key, value)
        if audit.diff(before, audit.snapshot(category)):
            category.save()
            audit.record_update(actor=actor, instance=category, before=before, actor_label=actor_label)
            updated += 1
        else:
            unchanged += 1
    return CategoryLoadResult(created, updated, unchanged)


@transaction.atomic
def holiday_add(*, actor: User, date: datetime.date, name: str, kind: str) -> PublicHoliday:
    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    if PublicHoliday.objects.filter(date=date).exists():
        errors["date"] = [_("{date} is already a holiday.").format(date=date.isoformat())]
    if not name.strip():
        errors["name"] = [_("Give the holiday's name.")]
    if kind not in HolidayKind.values:
        errors["kind"] = [_("Unknown kind.")]
    if errors:
        raise ValidationError(errors)
    holiday = PublicHoliday.objects.create(date=date, name=name.strip()[:150], kind=kind, source=_("Entered"))
    audit.record_create(actor=actor, instance=holiday)
    return holiday


@transaction.atomic
def holiday_remove(*, actor: User, holiday: PublicHoliday) -> None:
    _require_admin(actor)
    audit.record(
        actor=actor, action=AuditAction.DELETE, instance=holiday, changes={"date": [str(holiday.date), None]}
    )
    holiday.delete()
