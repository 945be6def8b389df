"""Reads of overseas study: who sees which application, and the aggregate view for analysts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from sentra.core import audit
from sentra.core.access import get_visible_or_404
from sentra.training.models import (
    Application,
    ApplicationStatus,
    Obligation,
    ObligationReminder,
    OverseasProgramme,
)

AGGREGATE_ROLES = frozenset({"national_analyst"})


def programme_list(*, user: Any) -> QuerySet[OverseasProgramme]:
    return OverseasProgramme.objects.visible_to(user).select_related("sentra", "competency")


def programme_get(*, user: Any, pk: int) -> OverseasProgramme:
    return get_visible_or_404(OverseasProgramme.objects.select_related("sentra", "competency"), user, pk=pk)


def programme_counts(*, programme: OverseasProgramme) -> dict[str, int]:
    """Counts by status: what a national analyst sees of a programme (no person)."""
    rows = programme.applications.values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    counts["total"] = sum(counts[status] for status in ApplicationStatus.values)
    return counts


def applications_for(*, user: Any, programme: OverseasProgramme) -> QuerySet[Application]:
    """The applications of a programme the user may see, best rank first."""
    return (
        Application.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("staff__sentra")
        .order_by("rank", "status", "pk")
    )


def my_application(*, user: Any, programme: OverseasProgramme) -> Application | None:
    return Application.objects.filter(programme=programme, staff__user_id=user.pk).first()


def application_get(*, user: Any, pk: int) -> Application:
    """One application with its score; reading someone else's score is logged (personal data)."""
    application = get_visible_or_404(
        Application.objects.select_related("programme__sentra", "programme__competency", "staff__sentra"),
        user,
        pk=pk,
    )
    if application.staff.user_id != user.pk:
        audit.record_access(
            actor=user,
            instance=application,
            category="staff_selection",
            purpose="overseas study committee",
            sentra_id=application.staff.sentra_id,
        )
    return application


def obligations_for(*, user: Any) -> QuerySet[Obligation]:
    """Obligations after return: one's own, or those of the staff one manages; soonest due first."""
    return Obligation.objects.visible_to(user).select_related("application").order_by("due_on", "pk")


def my_reminders(*, user: Any) -> QuerySet[ObligationReminder]:
    return (
        ObligationReminder.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        .filter(Q(obligation__done_on__isnull=True))
        .select_related("obligation__application__programme", "obligation__application__staff")
        .order_by("obligation__due_on", "pk")
    )
