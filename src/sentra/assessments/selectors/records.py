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
    by_person: dict[int, list[tuple[int, str]]] = {}
    for beneficiary_id, total, band in rows.order_by("beneficiary_id", "assessed_at", "pk").values_list(
        "beneficiary_id", "total", "band"
    ):
        if total is not None:
            by_person.setdefault(beneficiary_id, []).append((total, band))
    better = better_of(instrument)
    counts = {IMPROVED: 0, UNCHANGED: 0, WORSE: 0}
    changes: list[int] = []
    crossed = 0
    for results in by_person.values():
        if len(results) < 2:
            continue
        (first, first_band), (latest, latest_band) = results[0], results[-1]
        comparison = compare(first, latest, better=better, first_band=first_band, latest_band=latest_band)
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
