"""Reads of complaints, scoped to the person asking; identity shown only to those allowed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404

from sentra.beneficiaries.models import Beneficiary
from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.quality.models import (
    Complaint,
    ComplaintAlert,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintEvent,
    PublicHoliday,
    may_see_complainant,
)
from sentra.quality.rules.complaints import OPEN_STATUSES, Escalation


@dataclass(frozen=True)
class ComplaintFilters:
    status: str = ""
    sentra_id: int | None = None
    category: str = ""
    overdue: bool = False
    mine: bool = False


def complaint_list(
    *, user: User, filters: ComplaintFilters | None = None, today: datetime.date | None = None
) -> QuerySet[Complaint]:
    filters = filters or ComplaintFilters()
    queryset = Complaint.objects.visible_to(user).select_related("sentra", "category", "assigned_to")
    if filters.status == "open":
        queryset = queryset.open()
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.sentra_id is not None:
        queryset = queryset.filter(sentra_id=filters.sentra_id)
    if filters.category:
        queryset = queryset.filter(category__code=filters.category)
    if filters.overdue and today is not None:
        queryset = queryset.open().filter(resolve_by__lt=today)
    if filters.mine:
        queryset = queryset.filter(assigned_to=user)
    return queryset.order_by("resolve_by", "-received_at")


def complaint_get(*, user: User, pk: int | str) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related(
            "sentra", "category", "service", "assigned_to", "subject_staff", "recorded_by"
        ),
        user,
        pk=pk,
    )


@dataclass(frozen=True)
class ComplaintView:
    """What a given person may see of a complaint."""

    complaint: Complaint
    show_identity: bool
    show_attachments: bool
    events: list[ComplaintEvent]
    attachments: list[ComplaintAttachment]


def complaint_view(*, user: User, complaint: Complaint) -> ComplaintView:
    """The complaint as ``user`` may see it: a staff member it names sees neither who filed it, nor the
    attachments, nor internal notes (any of which could reveal the complainant)."""
    named = complaint.names(user)
    events = list(complaint.events.select_related("actor").order_by("at", "id"))
    if named:
        events = [event for event in events if event.public]
    show_identity = may_see_complainant(user, complaint)
    attachments = [] if named else list(complaint.attachments.all())
    return ComplaintView(complaint, show_identity and not complaint.anonymous, not named, events, attachments)


def intake_record(*, user: User, complaint: Complaint) -> Beneficiary | None:
    """The person taken in from the complaint, if the user may open their record (else None)."""
    if complaint.intake_beneficiary_id is None:
        return None
    return Beneficiary.objects.visible_to(user).filter(pk=complaint.intake_beneficiary_id).first()


def attachment_get(*, user: User, complaint_pk: int | str, attachment_pk: int | str) -> ComplaintAttachment:
    complaint = complaint_get(user=user, pk=complaint_pk)
    if complaint.names(user):
        raise Http404
    attachment = complaint.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment


def public_events(*, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """What the complainant sees on the tracking page: no staff names, no internal notes."""
    return complaint.events.filter(public=True).only("at", "kind", "text").order_by("at", "id")


def alert_list(*, user: User, unread_only: bool = False) -> QuerySet[ComplaintAlert]:
    queryset = ComplaintAlert.objects.filter(recipient=user).select_related("complaint__sentra")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by(F("read_at").asc(nulls_first=True), "-created_at")


def alert_get(*, user: User, pk: int | str) -> ComplaintAlert:
    alert = ComplaintAlert.objects.filter(recipient=user, pk=pk).select_related("complaint").first()
    if alert is None:
        raise Http404
    return alert


def categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(is_active=True).order_by("order", "code")


def holidays(*, year: int | None = None) -> QuerySet[PublicHoliday]:
    queryset = PublicHoliday.objects.all()
    if year is not None:
        queryset = queryset.filter(date__year=year)
    return queryset.order_by("date")


@dataclass(frozen=True)
class HandlingSummary:
    received: int
    resolved: int
    resolved_on_time: int
    open: int
    mean_rating: float | None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.resolved_on_time / self.resolved) if self.resolved else None


def complaint_handling_summary(
    *, sentra_id: int, starts_on: datetime.date, ends_on: datetime.date
) -> HandlingSummary:
    """How a centre handled the complaints it received in a period (feeds the survey's complaint element)."""
    return complaint_handling_by_centre(sentra_ids=[sentra_id], starts_on=starts_on, ends_on=ends_on)[
        sentra_id
    ]


def complaint_handling_by_centre(
    *, sentra_ids: Iterable[int], starts_on: datetime.date, ends_on: datetime.date
) -> dict[int, HandlingSummary]:
    """``complaint_handling_summary`` for several centres in one grouped query (every id asked for is in
    the answer; a centre without complaints has zeros)."""
    ids = list(sentra_ids)
    open_values = [status.value for status in OPEN_STATUSES]
    grouped = (
        Complaint.objects.filter(
            sentra_id__in=ids, received_at__date__gte=starts_on, received_at__date__lte=ends_on
        )
        .order_by()
        .values("sentra_id")
        .annotate(
            received=Count("id"),
            resolved=Count("id", filter=Q(resolved_at__isnull=False)),
            on_time=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__date__lte=F("resolve_by"))),
            open=Count("id", filter=Q(status__in=open_values)),
            rating=Avg("rating"),
        )
    )
    figures = {row["sentra_id"]: row for row in grouped}
    summaries: dict[int, HandlingSummary] = {}
    for sentra_id in ids:
        row = figures.get(sentra_id, {})
        rating = row.get("rating")
        summaries[sentra_id] = HandlingSummary(
            received=row.get("received", 0),
            resolved=row.get("resolved", 0),
            resolved_on_time=row.get("on_time", 0),
            open=row.get("open", 0),
            mean_rating=round(float(rating), 2) if rating is not None else None,
        )
    return summaries


@dataclass(frozen=True)
class CentreComplaintCounts:
    """A centre's complaint figures for national analysts: counts only, no complaint is named."""

    sentra_id: int
    name: str
    received: int
    open: int
    escalated_national: int
    resolved: int
    resolved_on_time: int

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.resolved_on_time / self.resolved) if self.resolved else None


def complaint_counts_by_centre(*, since: datetime.date | None = None) -> list[CentreComplaintCounts]:
    """Complaint counts per centre in one grouped query (complaints received on or after ``since``)."""
    queryset = Complaint.objects.all()
    if since is not None:
        queryset = queryset.filter(received_at__date__gte=since)
    open_values = [status.value for status in OPEN_STATUSES]
    rows = (
        queryset.values("sentra_id", "sentra__name")
        .order_by("sentra__name", "sentra_id")
        .annotate(
            received=Count("id"),
            open=Count("id", filter=Q(status__in=open_values)),
            escalated=Count(
                "id", filter=Q(status__in=open_values, escalation_level=Escalation.NATIONAL.value)
            ),
            resolved=Count("id", filter=Q(resolved_at__isnull=False)),
            on_time=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__date__lte=F("resolve_by"))),
        )
    )
    return [
        CentreComplaintCounts(
            sentra_id=row["sentra_id"],
            name=row["sentra__name"],
            received=row["received"],
            open=row["open"],
            escalated_national=row["escalated"],
            resolved=row["resolved"],
            resolved_on_time=row["on_time"],
        )
        for row in rows
    ]
