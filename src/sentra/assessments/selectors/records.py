"""Reads of recorded assessments: scoped to the actor, and every opening of one written to the access log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from sentra.assessments.models import ACCESS_CATEGORY, Assessment
from sentra.core import audit
from sentra.core.access import get_visible_or_404
from sentra.core.models import User


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
    """A page that shows several results logs each one (UU PDP: who read which record)."""
    for assessment in assessments:
        audit.record_access(
            actor=actor,
            instance=assessment,
            category=ACCESS_CATEGORY,
            purpose=purpose,
            sentra_id=assessment.sentra_id,
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
