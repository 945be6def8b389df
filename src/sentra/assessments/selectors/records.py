"""Reads of recorded assessments: scoped to the actor, and every opening of one written to the access log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from sentra.assessments.models import ACCESS_CATEGORY, Assessment
from sentra.assessments.rules.outcomes import IMPROVED, UNCHANGED, WORSE, Comparison, compare
from sentra.assessments.selectors.library import definitions
from sentra.beneficiaries.models import Beneficiary
from sentra.core import audit
from sentra.core.access import get_visible_or_404
from sentra.core.models import AccessLogEntry, User


def assessments_of(
    actor: User, beneficiary_id: int, *, instrument: str | None = None
) -> models.QuerySet[Assessment]:
    """A person's assessments the actor may read, newest first (the caller logs the access)."""
    rows = Assessment.objects.visible_to(actor).filter(beneficiary_id=beneficiary_id)
    if instrument is not None:
        rows = rows.filter(instrument=instrument)
    return rows.select_related("assessor", "sentra")


def assessment_for_reading(actor: User, pk: Any, *, purpose: str = "") -> Assessment:
    """One assessment the actor may read (404 otherwise), with the read written to the access log."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("beneficiary", "assessor", "sentra", "case"), actor, pk=pk
    )
    audit.record_access(
        actor=actor,
        instance=assessment,
        category=ACCESS_CATEGORY,
        purpose=purpose,
        sentra_id=assessment.sentra_id,
    )
    return assessment


def log_history_access(actor: User, assessments: Iterable[Assessment], *, purpose: str) -> None:
    """A page that shows several results logs each one (UU PDP: who read which record).

    The rows are the ones ``audit.record_access`` writes, inserted in one statement so that a long
    history costs one query, not one per result.
    """
    request = audit.current_request.get()
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            actor=actor,
            actor_label=actor.username,
            object_type=audit.object_type_of(assessment),
            object_id=str(assessment.pk),
            object_repr=str(assessment)[:200],
            sentra_id=assessment.sentra_id,
            category=ACCESS_CATEGORY,
            purpose=purpose[:200],
            path=request.path[:300],
            ip_address=request.ip_address,
        )
        for assessment in assessments
    )


@dataclass(frozen=True)
class LatestResult:
    beneficiary_id: int
    instrument: str
    assessment_id: int
    version: str
    assessed_at: datetime.datetime
    sentra_id: int
    total: int | None
    band: str
    bands: dict[str, Any]
    scores: dict[str, Any]
    flags: list[str]


def latest_results(
    *,
    beneficiary_ids: Iterable[int] | None = None,
    centre_ids: Iterable[int] | None = None,
    instruments: Iterable[str] | None = None,
    actor: User | None = None,
) -> dict[tuple[int, str], LatestResult]:
    """The latest scored result per (person, instrument).

    With ``actor`` the rows are scoped to what that user may read. Without it the caller has already
    decided the scope (a background job, or an aggregate that never shows a person) and must not
    display the rows themselves.
    """
    rows = Assessment.objects.visible_to(actor) if actor is not None else Assessment.objects.all()
    rows = rows.filter(valid=True)
    if beneficiary_ids is not None:
        rows = rows.filter(beneficiary_id__in=list(beneficiary_ids))
    if centre_ids is not None:
        rows = rows.filter(sentra_id__in=list(centre_ids))
    if instruments is not None:
        rows = rows.filter(instrument__in=list(instruments))
    found: dict[tuple[int, str], LatestResult] = {}
    fields = (
        "pk",
        "beneficiary_id",
        "instrument",
        "version",
        "assessed_at",
        "sentra_id",
        "total",
        "band",
        "bands",
        "scores",
        "flags",
    )
    for row in rows.order_by("beneficiary_id", "instrument", "-assessed_at", "-pk").values(*fields):
        key = (row["beneficiary_id"], row["instrument"])
        if key in found:
            continue
        found[key] = LatestResult(
            beneficiary_id=row["beneficiary_id"],
            instrument=row["instrument"],
            assessment_id=row["pk"],
            version=row["version"],
            assessed_at=row["assessed_at"],
            sentra_id=row["sentra_id"],
            total=row["total"],
            band=row["band"],
            bands=row["bands"],
            scores=row["scores"],
            flags=row["flags"],
        )
    return found


def assessment_counts(
    centre_ids: Iterable[int],
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> dict[int, dict[str, int]]:
    """How many assessments each centre recorded, by instrument (no person named)."""
    rows = Assessment.objects.filter(sentra_id__in=list(centre_ids))
    if since is not None:
        rows = rows.filter(assessed_at__gte=since)
    if until is not None:
        rows = rows.filter(assessed_at__lt=until)
    counts: dict[int, dict[str, int]] = {}
    for row in rows.values("sentra_id", "instrument").annotate(n=models.Count("pk")).order_by():
        counts.setdefault(row["sentra_id"], {})[row["instrument"]] = row["n"]
    return counts


def history(actor: User, beneficiary_id: int, instrument: str) -> list[Assessment]:
    """A person's scored results on one instrument, oldest first (the caller logs the access)."""
    return list(
        Assessment.objects.visible_to(actor)
        .filter(beneficiary_id=beneficiary_id, instrument=instrument, valid=True)
        .select_related("assessor")
        .order_by("assessed_at", "pk")
    )


def better_of(instrument: str) -> str | None:
    try:
        return definitions().get(instrument).better
    except KeyError:
        return None


def pre_post(assessments: list[Assessment]) -> Comparison | None:
    """First against latest of a person's scored results on one instrument (None with fewer than two)."""
    scored = [a for a in assessments if a.total is not None]
    if len(scored) < 2:
        return None
    first, latest = scored[0], scored[-1]
    return compare(
        first.total or 0,
        latest.total or 0,
        better=better_of(first.instrument),
        first_band=first.band,
        latest_band=latest.band,
    )


@dataclass(frozen=True)
class Improvement:
    instrument: str
    persons: int  # persons with at least two scored results
    improved: int
    unchanged: int
    worse: int
    crossed_band: int
    mean_change: float | None


def _compared(
    rows: Iterable[tuple[int, int, str, int, str, datetime.datetime, int]],
) -> dict[tuple[int, str], tuple[Comparison, list[tuple[int, datetime.datetime, int]]]]:
    """First against latest scored result per (person, instrument): the one rule behind the centre's
    outcome figure and the list of people behind it.

    ``rows`` are (pk, beneficiary id, instrument, total, band, assessed at, centre id) of valid scored
    results, ordered by person, instrument, time and pk. Pairs with fewer than two results are left out.
    The value holds the comparison and (pk, assessed at, centre) of the first and the latest result.
    """
    by_key: dict[tuple[int, str], list[tuple[int, int, str, datetime.datetime, int]]] = {}
    for pk, beneficiary_id, instrument, total, band, assessed_at, sentra_id in rows:
        if total is not None:
            by_key.setdefault((beneficiary_id, instrument), []).append(
                (pk, total, band, assessed_at, sentra_id)
            )
    betters: dict[str, str | None] = {}
    compared: dict[tuple[int, str], tuple[Comparison, list[tuple[int, datetime.datetime, int]]]] = {}
    for key, results in by_key.items():
        if len(results) < 2:
            continue
        instrument = key[1]
        if instrument not in betters:
            betters[instrument] = better_of(instrument)
        first, latest = results[0], results[-1]
        comparison = compare(
            first[1], latest[1], better=betters[instrument], first_band=first[2], latest_band=latest[2]
        )
        compared[key] = (comparison, [(first[0], first[3], first[4]), (latest[0], latest[3], latest[4])])
    return compared


_COMPARED_FIELDS = ("pk", "beneficiary_id", "instrument", "total", "band", "assessed_at", "sentra_id")
_COMPARED_ORDER = ("beneficiary_id", "instrument", "assessed_at", "pk")


def improvement(
    centre_ids: Iterable[int],
    instrument: str,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> Improvement:
    """The outcome measure of a centre (no person named): first against latest result per person."""
    rows = Assessment.objects.filter(sentra_id__in=list(centre_ids), instrument=instrument, valid=True)
    rows = rows.exclude(total__isnull=True)
    if since is not None:
        rows = rows.filter(assessed_at__gte=since)
    if until is not None:
        rows = rows.filter(assessed_at__lt=until)
    compared = _compared(rows.order_by(*_COMPARED_ORDER).values_list(*_COMPARED_FIELDS))
    counts = {IMPROVED: 0, UNCHANGED: 0, WORSE: 0}
    changes: list[int] = []
    crossed = 0
    for comparison, _ends in compared.values():
        changes.append(comparison.change)
        crossed += comparison.crossed_band
        if comparison.outcome is not None:
            counts[comparison.outcome] += 1
    return Improvement(
        instrument=instrument,
        persons=len(changes),
        improved=counts[IMPROVED],
        unchanged=counts[UNCHANGED],
        worse=counts[WORSE],
        crossed_band=crossed,
        mean_change=round(sum(changes) / len(changes), 2) if changes else None,
    )


OUTCOMES = (IMPROVED, UNCHANGED, WORSE)


@dataclass(frozen=True)
class PersonOutcome:
    """One person's first and latest scored result on one instrument (a row of the outcome list)."""

    beneficiary_id: int
    registration_number: str
    full_name: str
    instrument: str
    first_assessment_id: int
    first_at: datetime.datetime
    first_total: int
    first_band: str
    latest_assessment_id: int
    latest_at: datetime.datetime
    latest_total: int
    latest_band: str
    sentra_id: int  # the centre of the latest result
    change: int
    outcome: str | None  # improved | unchanged | worse; None when the instrument has no direction


@dataclass(frozen=True)
class OutcomeList:
    rows: list[PersonOutcome]  # filtered by outcome
    measured: int  # people with two or more scored results (before the outcome filter)
    counts: dict[str, int]  # improved / unchanged / worse (before the outcome filter)


def outcome_list(
    actor: User,
    *,
    centre_ids: Iterable[int],
    instrument: str | None = None,
    outcome: str | None = None,
) -> OutcomeList:
    """The people behind a centre's outcome figure: first against latest valid scored result per person
    and instrument, the same rule (``_compared``) and the same rows as ``improvement``, read through the
    actor's scope (``Assessment.objects.visible_to``). A (person, instrument) pair is one row, exactly
    as the figure counts it. The caller logs the access (``log_outcome_access``).
    """
    rows = Assessment.objects.visible_to(actor).filter(
        sentra_id__in=list(centre_ids), valid=True, total__isnull=False
    )
    if instrument:
        rows = rows.filter(instrument=instrument)
    compared = _compared(rows.order_by(*_COMPARED_ORDER).values_list(*_COMPARED_FIELDS))
    people: dict[int, dict[str, Any]] = {
        row["pk"]: dict(row)
        for row in Beneficiary.objects.filter(pk__in={key[0] for key in compared}).values(
            "pk", "registration_number", "full_name"
        )
    }
    counts = {IMPROVED: 0, UNCHANGED: 0, WORSE: 0}
    found: list[PersonOutcome] = []
    for (beneficiary_id, code), (comparison, ends) in compared.items():
        if comparison.outcome is not None:
            counts[comparison.outcome] += 1
        if outcome and comparison.outcome != outcome:
            continue
        person = people.get(beneficiary_id, {})
        (first_id, first_at, _first_centre), (latest_id, latest_at, latest_centre) = ends
        found.append(
            PersonOutcome(
                beneficiary_id=beneficiary_id,
                registration_number=person.get("registration_number", ""),
                full_name=person.get("full_name", ""),
                instrument=code,
                first_assessment_id=first_id,
                first_at=first_at,
                first_total=comparison.first_total,
                first_band=comparison.first_band,
                latest_assessment_id=latest_id,
                latest_at=latest_at,
                latest_total=comparison.latest_total,
                latest_band=comparison.latest_band,
                sentra_id=latest_centre,
                change=comparison.change,
                outcome=comparison.outcome,
            )
        )
    found.sort(key=lambda row: (row.full_name.casefold(), row.beneficiary_id, row.instrument))
    return OutcomeList(rows=found, measured=len(compared), counts=counts)


def log_outcome_access(actor: User, rows: Iterable[PersonOutcome], *, purpose: str) -> None:
    """Each result a page or file shows (first and latest) written to the access log, in one statement."""
    ids = [pk for row in rows for pk in (row.first_assessment_id, row.latest_assessment_id)]
    if ids:
        log_history_access(actor, Assessment.objects.filter(pk__in=ids).order_by("pk"), purpose=purpose)
