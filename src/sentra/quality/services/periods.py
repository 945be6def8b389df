"""Survey periods: create, edit, open and close, count the population, publish the result."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.quality.models import (
    PERIOD_MANAGER_ROLES,
    PeriodKind,
    PeriodStatus,
    PopulationSource,
    SurveyPeriod,
)
from sentra.quality.selectors.population import PopulationCount, population_of
from sentra.quality.services._common import require_centre_role


@dataclass(frozen=True)
class PeriodInput:
    kind: str
    year: int
    half: int
    starts_on: datetime.date
    ends_on: datetime.date
    population: int | None = None
    population_note: str = ""


def _check(sentra: Sentra, data: PeriodInput, period: SurveyPeriod | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind == PeriodKind.SEMESTER and data.half not in (1, 2):
        errors["half"] = [_("Choose semester 1 or 2.")]
    if data.kind == PeriodKind.YEAR and data.half != 0:
        errors["half"] = [_("A yearly survey has no semester; leave it empty.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The period cannot end before it starts.")]
    elif data.starts_on.year != data.year and data.ends_on.year != data.year:
        errors["starts_on"] = [_("The dates must fall in {year}.").format(year=data.year)]
    if data.population is not None and data.population < 1:
        errors["population"] = [_("The population served must be at least 1, or left empty.")]
    clash = SurveyPeriod.objects.filter(sentra=sentra, year=data.year, kind=data.kind, half=data.half)
    if period is not None:
        clash = clash.exclude(pk=period.pk)
    if clash.exists():
        errors["__all__"] = [_("This centre already has a survey for that period.")]
    return errors


def _apply(period: SurveyPeriod, data: PeriodInput) -> None:
    period.kind = data.kind
    period.year = data.year
    period.half = data.half if data.kind == PeriodKind.SEMESTER else 0
    period.starts_on = data.starts_on
    period.ends_on = data.ends_on
    if data.population != period.population or data.population_note != period.population_note:
        period.population_source = PopulationSource.ENTERED
    period.population = data.population
    period.population_note = data.population_note.strip()


def _validate(period: SurveyPeriod, data: PeriodInput) -> None:
    errors = _check(period.sentra, data, period if period.pk else None)
    _apply(period, data)
    try:
        period.full_clean(exclude=[*errors, "sentra"], validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def period_create(*, actor: User, sentra: Sentra, data: PeriodInput) -> SurveyPeriod:
    """A new survey period (draft) for a centre: its head or survey desk, or an administrator."""
    require_centre_role(actor, sentra.pk, PERIOD_MANAGER_ROLES)
    period = SurveyPeriod(sentra=sentra)
    _validate(period, data)
    # The registry's count is the default; the figure typed in stands only where the registry has none.
    _take_registry_count(period)
    period.save()
    audit.record_create(actor=actor, instance=period, sentra_id=sentra.pk)
    return period


@transaction.atomic
def period_update(*, actor: User, period: SurveyPeriod, data: PeriodInput) -> SurveyPeriod:
    require_centre_role(actor, period.sentra_id, PERIOD_MANAGER_ROLES)
    before = audit.snapshot(period)
    try:
        _validate(period, data)
    except ValidationError:
        period.refresh_from_db()
        raise
    period.save()
    audit.record_update(actor=actor, instance=period, before=before, sentra_id=period.sentra_id)
    return period


def _overlapping_open(period: SurveyPeriod) -> SurveyPeriod | None:
    return (
        SurveyPeriod.objects.filter(
            sentra_id=period.sentra_id,
            status=PeriodStatus.OPEN,
            starts_on__lte=period.ends_on,
            ends_on__gte=period.starts_on,
        )
        .exclude(pk=period.pk)
        .first()
    )


@transaction.atomic
def period_set_status(*, actor: User, period: SurveyPeriod, status: str) -> SurveyPeriod:
    """Open a period for responses, close it, or reopen it; two open periods may not overlap."""
    require_centre_role(actor, period.sentra_id, PERIOD_MANAGER_ROLES)
    if status not in PeriodStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    if status == PeriodStatus.DRAFT and period.responses.exists():
        raise ValidationError({"status": [_("A period with responses cannot go back to draft.")]})
    if status == PeriodStatus.OPEN and (other := _overlapping_open(period)) is not None:
        raise ValidationError(
            {
                "status": [
                    _("{other} is open and overlaps these dates: close it first.").format(other=other.label)
                ]
            }
        )
    before = audit.snapshot(period)
    period.status = status
    period.save(update_fields=["status", "updated_at"])
    audit.record_update(actor=actor, instance=period, before=before, sentra_id=period.sentra_id)
    return period


def _registry_note(count: PopulationCount) -> str:
    if count.source == "provider":
        return _("Counted by the configured registry provider on {date}.").format(
            date=timezone.localdate().isoformat()
        )
    return _(
        "Counted from the registry on {date}: {beneficiaries} beneficiaries, {families} relatives and "
        "guardians, {referrers} referrers."
    ).format(
        date=timezone.localdate().isoformat(),
        beneficiaries=count.beneficiaries,
        families=count.families,
        referrers=count.referrers,
    )


def _take_registry_count(period: SurveyPeriod) -> bool:
    """Set the population from the registry when it counts anyone; False (unchanged) otherwise."""
    count = population_of(sentra=period.sentra, starts_on=period.starts_on, ends_on=period.ends_on)
    if count.total < 1:
        return False
    period.population = count.total
    period.population_source = PopulationSource.REGISTRY
    period.population_note = _registry_note(count)[:300]
    return True


@transaction.atomic
def period_count_population(*, actor: User, period: SurveyPeriod) -> SurveyPeriod:
    """Count the population again from the registry (or ``SENTRA_SURVEY_POPULATION_PROVIDER``)."""
    require_centre_role(actor, period.sentra_id, PERIOD_MANAGER_ROLES)
    before = audit.snapshot(period)
    if not _take_registry_count(period):
        raise ValidationError(
            {"population": [_("The registry has no one served in these dates: enter the population served.")]}
        )
    period.save()
    audit.record_update(actor=actor, instance=period, before=before, sentra_id=period.sentra_id)
    return period


def _require_head_of(actor: User, period: SurveyPeriod) -> None:
    """Publication is the centre head's decision, and only for their own centre."""
    if actor.role != "centre_head":
        raise PermissionDenied
    require_centre_role(actor, period.sentra_id, frozenset({"centre_head"}))


@transaction.atomic
def period_publish(*, actor: User, period: SurveyPeriod) -> SurveyPeriod:
    """Publish the period's result on the centre's public page, as computed now (one click)."""
    from sentra.quality.selectors.survey import period_result_snapshot

    _require_head_of(actor, period)
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    snapshot = period_result_snapshot(period=period)
    if snapshot["ikm"] is None:
        raise ValidationError({"__all__": [_("There are no answers to publish yet.")]})
    before = audit.snapshot(period)
    period.published_result = snapshot
    period.published_at = timezone.now()
    period.published_by = actor
    period.save(update_fields=["published_result", "published_at", "published_by", "updated_at"])
    audit.record_update(actor=actor, instance=period, before=before, sentra_id=period.sentra_id)
    return period


@transaction.atomic
def period_unpublish(*, actor: User, period: SurveyPeriod) -> SurveyPeriod:
    """Take a published result off the public page."""
    _require_head_of(actor, period)
    before = audit.snapshot(period)
    period.published_result = None
    period.published_at = None
    period.published_by = None
    period.save(update_fields=["published_result", "published_at", "published_by", "updated_at"])
    audit.record_update(actor=actor, instance=period, before=before, sentra_id=period.sentra_id)
    return period
