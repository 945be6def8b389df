"""Service delivery: sessions, social assistance, progress notes, attachments."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from sentra.cases.models.cases import (
    Case,
    ScopedByCase,
)
from sentra.cases.models.plans import PlannedService


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    PARTIAL = "partial", _("Partly attended")
    ABSENT = "absent", _("Absent")
    CANCELLED = "cancelled", _("Cancelled")


class ServiceDelivery(models.Model):
    """One session or provision of an ATENSI service."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=0)
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+"
    )
    component = models.ForeignKey(
        "network.ServiceComponent",
        verbose_name=_("ATENSI component"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subtype = models.ForeignKey(
        "network.ServiceSubtype",
        verbose_name=_("sub-type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    planned_service = models.ForeignKey(
        PlannedService,
        verbose_name=_("planned service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("service delivery")
        verbose_name_plural = _("service deliveries")
        ordering = ["-delivered_on", "-id"]
        # The insights rollup refresh reads deliveries recorded since its last run and ranges of
        # delivery dates; without these it scans the whole table every hour.
        indexes = [
            models.Index(fields=["recorded_at"], name="cases_delivery_recorded_idx"),
            models.Index(fields=["delivered_on"], name="cases_delivery_delivered_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.delivered_on} {self.component_id}"


class AssistanceKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class SocialAssistance(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assistance")
    kind = models.CharField(_("kind"), max_length=10, choices=AssistanceKind.choices)
    given_on = models.DateField(_("given on"))
    amount = models.DecimalField(_("amount (IDR)"), max_digits=14, decimal_places=0, null=True, blank=True)
    items = models.TextField(_("items"), blank=True)
    programme = models.CharField(_("programme or source"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("social assistance")
        verbose_name_plural = _("social assistance")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="cash", amount__gt=0)
                    | models.Q(kind="in_kind", amount__isnull=True) & ~models.Q(items="")
                ),
                name="cases_assistance_amount_or_items",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.given_on}"


class NoteKind(models.TextChoices):
    PROGRESS = "progress", _("Progress note")
    HOME_VISIT = "home_visit", _("Home visit")
    ASSESSMENT_SUMMARY = "assessment_summary", _("Assessment summary")
    FOLLOW_UP = "follow_up", _("After-care follow-up")


class ProgressNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices, default=NoteKind.PROGRESS)
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.written_on}"


class AttachmentKind(models.TextChoices):
    CONSENT_FORM = "consent_form", _("Scanned consent form")
    REPORT = "report", _("Report")
    LETTER = "letter", _("Letter")
    IDENTITY = "identity", _("Identity document")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """A random name under MEDIA_ROOT: the original name stays in the database only."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cases/attachments/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Attachment(models.Model):
    """A file kept on disk under MEDIA_ROOT and served only by ``cases:attachment_download``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("type"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
