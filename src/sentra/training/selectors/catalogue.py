"""Reads of the calendar, sessions and participants; the readiness figure for the scorecard."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from sentra.core.access import get_visible_or_404
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra
from sentra.training.models import (
    MANAGER_ROLES,
    TRAINING_RUNNERS,
    Course,
    Participant,
    ParticipantStatus,
    SessionStatus,
    TrainingSession,
)
from sentra.training.rules.plan import completion_share
from sentra.workforce.models import StaffMember


def calendar(*, user: Any, start: datetime.date | None = None) -> QuerySet[TrainingSession]:
    """Sessions from ``start`` on (default: the last 30 days), with how many have enrolled."""
    since = start or (timezone.localdate() - datetime.timedelta(days=30))
    return (
        TrainingSession.objects.visible_to(user)
        .filter(ends_on__gte=since)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("course", "sentra")
        .annotate(enrolled=Count("participants"))
        .order_by("starts_on", "pk")
    )


def session_get(*, user: Any, pk: int) -> TrainingSession:
    return get_visible_or_404(TrainingSession.objects.select_related("course", "sentra"), user, pk=pk)


def participants_of(*, user: Any, session: TrainingSession) -> QuerySet[Participant]:
    """Only the participants the user may see: managers their centres' people, others themselves."""
    return Participant.objects.visible_to(user).filter(session=session).select_related("staff__sentra")


def my_trainings(*, user: Any) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(staff__user_id=user.pk)
        .select_related("session__course")
        .order_by("-session__starts_on")
    )


def training_summary(centre_id: int, *, today: datetime.date | None = None) -> float | None:
    """Share of the centre's active staff who completed a training in the last 12 months; None when
    the centre has no active staff. Unscoped (an aggregate): authorise the centre before calling."""
    day = today or timezone.localdate()
    staff = StaffMember.objects.filter(sentra_id=centre_id).active(on=day)
    total = staff.count()
    done = (
        staff.filter(
            trainings__status=ParticipantStatus.COMPLETED,
            trainings__completed_on__gt=day - datetime.timedelta(days=365),
            trainings__completed_on__lte=day,
        )
        .distinct()
        .count()
    )
    return completion_share(total, done)


def managed_centres(*, user: Any) -> QuerySet[Sentra]:
    """The active centres the user runs training for: every one for the system administrator, their own
    for HR and centre heads, none for anyone else."""
    role = getattr(user, "role", "")
    if role == "sysadmin":
        return Sentra.objects.filter(is_active=True)
    if role not in MANAGER_ROLES:
        return Sentra.objects.none()
    return Sentra.objects.visible_to(user).filter(is_active=True)


def enrolable_staff(*, user: Any) -> QuerySet[StaffMember]:
    """The active staff the user may enrol in a session: those they see, for HR, heads and sysadmin."""
    if getattr(user, "role", "") not in TRAINING_RUNNERS:
        return StaffMember.objects.none()
    return StaffMember.objects.visible_to(user).active().order_by("full_name")


def course_list(*, user: Any) -> QuerySet[Course]:
    """The catalogue: national courses and those of the user's centres (national roles: all)."""
    rows = Course.objects.filter(is_active=True)
    if user.role not in ("sysadmin", "national_analyst"):
        rows = rows.filter(Q(sentra__isnull=True) | Q(sentra_id__in=centre_ids_of(user)))
    return rows.select_related("sentra").prefetch_related("outcomes__competency").order_by("title")


def session_rating(*, session: TrainingSession) -> tuple[float | None, int]:
    """Mean participant rating and how many rated: a figure, not whose rating it was."""
    result = session.participants.filter(rating__isnull=False).aggregate(mean=Avg("rating"), n=Count("pk"))
    return (round(float(result["mean"]), 2) if result["mean"] is not None else None), int(result["n"])
