"""Complaints (pengaduan): anyone may file, staff triage and answer within working-day deadlines.

The complainant's identity is kept encrypted and shown only to the people handling the complaint,
never to a staff member the complaint names (see ``may_see_complainant``).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sentra.core.fields import EncryptedTextField
from sentra.core.querysets import ScopedQuerySet, centre_ids_of, sees_all_centres
from sentra.network.models import Sentra, ServiceComponent
from sentra.quality.models.survey import reads_aggregates_only
from sentra.quality.rules.complaints import OPEN_STATUSES, Escalation, Status

# Roles that receive and triage a centre's complaints (the complaints desk and the head).
COMPLAINT_DESK_ROLES = frozenset({"centre_head", "intake"})


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    COLLECTIVE_LEAVE = "collective_leave", _("Collective leave (cuti bersama)")


class PublicHoliday(models.Model):
    """A day government offices are closed; deadlines in working days skip it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class ComplaintCategory(models.Model):
    """What a complaint is about, with its deadlines in working days (configurable data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    response_days = models.PositiveSmallIntegerField(
        _("first response within (working days)"), validators=[MinValueValidator(1)]
    )
    resolution_days = models.PositiveSmallIntegerField(
        _("resolution within (working days)"), validators=[MinValueValidator(1)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (working days before a deadline)"), default=1
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolution_days__gte=models.F("response_days")),
                name="quality_category_resolution_after_response",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "id").lower()
        return self.name_en if language.startswith("en") and self.name_en else self.name_id


class ComplaintChannel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS or chat")
    WALK_IN = "walk_in", _("In person")
    LETTER = "letter", _("Letter")
    LAPOR = "lapor", _("SP4N-LAPOR!")


class ComplaintAbout(models.TextChoices):
    CENTRE = "centre", _("The centre in general")
    SERVICE = "service", _("A service")
    STAFF = "staff", _("A staff member")


class ComplaintStatus(models.TextChoices):
    RECEIVED = Status.RECEIVED.value, _("Received")
    TRIAGED = Status.TRIAGED.value, _("Checked")
    ASSIGNED = Status.ASSIGNED.value, _("Being handled")
    RESPONDED = Status.RESPONDED.value, _("Answered")
    RESOLVED = Status.RESOLVED.value, _("Resolved")


class EscalationLevel(models.IntegerChoices):
    NONE = Escalation.NONE.value, _("Not escalated")
    CENTRE_HEAD = Escalation.CENTRE_HEAD.value, _("Escalated to the centre head")
    NATIONAL = Escalation.NATIONAL.value, _("Escalated to the ministry")


class ComplaintQuerySet(ScopedQuerySet["Complaint"]):
    def visible_to(self, user: Any) -> ComplaintQuerySet:
        """Sysadmins see all; the desk and the head their centres'; others what is assigned to them.

        National analysts see none: they read complaint counts (``complaint_counts_by_centre``).

        A staff member named in a complaint does not see it unless their role sees every complaint of
        the centre, and even then never who filed it.
        """
        if not getattr(user, "is_authenticated", False) or reads_aggregates_only(user):
            return self.none()
        if sees_all_centres(user):
            return self
        assigned = models.Q(assigned_to=user)
        if user.role in COMPLAINT_DESK_ROLES:
            return self.filter(models.Q(sentra_id__in=centre_ids_of(user)) | assigned)
        return self.filter(assigned)

    def open(self) -> ComplaintQuerySet:
        return self.filter(status__in=[status.value for status in OPEN_STATUSES])


def new_tracking_code() -> str:
    from sentra.quality.rules.codes import TRACKING_CODE_LENGTH, new_code

    return new_code(TRACKING_CODE_LENGTH)


class Complaint(models.Model):
    sentra = models.ForeignKey(
        Sentra, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="complaints"
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=20, unique=True, default=new_tracking_code
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ComplaintChannel.choices)
    lapor_reference = models.CharField(
        _("LAPOR! reference"),
        max_length=40,
        blank=True,
        help_text=_("The tracking number on lapor.go.id, if any."),
    )
    category = models.ForeignKey(
        ComplaintCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="complaints"
    )
    about = models.CharField(_("about"), max_length=10, choices=ComplaintAbout.choices)
    service = models.ForeignKey(
        ServiceComponent,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_staff_name = models.CharField(
        _("staff member named by the complainant"), max_length=150, blank=True
    )
    description = models.TextField(_("complaint"), max_length=5000)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = EncryptedTextField(_("complainant's name"), blank=True, default="")
    complainant_phone = EncryptedTextField(_("complainant's phone"), blank=True, default="")
    complainant_email = EncryptedTextField(_("complainant's email"), blank=True, default="")
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    respond_by = models.DateField(_("respond by"))
    resolve_by = models.DateField(_("resolve by"))
    triaged_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    response = models.TextField(_("answer to the complainant"), blank=True, max_length=5000)
    resolution = models.TextField(_("resolution"), blank=True, max_length=5000)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    rating = models.PositiveSmallIntegerField(
        _("complainant's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    rating_comment = models.TextField(_("complainant's comment"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A complaint reporting a person in need (e.g. an abandoned elderly person) opens an intake: the
    # person registered (or found) in the registry from this complaint.
    intake_beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("person taken in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intake_opened_at = models.DateTimeField(_("intake opened at"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=4),
                name="quality_complaint_rating_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(resolve_by__gte=models.F("respond_by")),
                name="quality_complaint_deadlines_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "resolve_by"], name="quality_complaint_due_idx")]

    def __str__(self) -> str:
        return str(_("Complaint {code}")).format(code=self.tracking_code)

    @property
    def is_open(self) -> bool:
        return Status(self.status) in OPEN_STATUSES

    def names(self, user: Any) -> bool:
        """Whether the complaint is about this person."""
        return self.subject_staff_id is not None and self.subject_staff_id == getattr(user, "pk", None)


def may_see_complainant(user: Any, complaint: Complaint) -> bool:
    """Who filed a complaint is for its handlers: never for a staff member it names, nor for analysts."""
    if not getattr(user, "is_authenticated", False) or complaint.names(user):
        return False
    if user.role == "sysadmin":
        return True
    if complaint.assigned_to_id == user.pk:
        return True
    return user.role in COMPLAINT_DESK_ROLES and complaint.sentra_id in centre_ids_of(user)


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Checked and categorised")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Internal note")
    RESPONSE = "response", _("Answer to the complainant")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    REMINDER = "reminder", _("Deadline reminder")
    ESCALATED = "escalated", _("Escalated")
    RATED = "rated", _("Rated by the complainant")
    INTAKE = "intake", _("Intake opened for the person reported")


class ComplaintEvent(models.Model):
    """The complaint's timeline. Public events (answers, resolution) show on the tracking page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=12, choices=EventKind.choices)
    text = models.TextField(_("text"), blank=True, max_length=5000)
    public = models.BooleanField(_("shown to the complainant"), default=False)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


def attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    """A random name under MEDIA_ROOT; the original name is kept in the row, never in the path."""
    suffix = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(
        instance.content_type, ""
    )
    now = timezone.now()
    return f"complaints/{now:%Y/%m}/{secrets.token_hex(16)}{suffix}"


class ComplaintAttachment(models.Model):
    """A file sent with a complaint; served only through an access check, never from a public URL."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class AlertKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to you")
    REMINDER_RESPONSE = "reminder_response", _("First answer due soon")
    REMINDER_RESOLUTION = "reminder_resolution", _("Resolution due soon")
    OVERDUE_RESPONSE = "overdue_response", _("First answer overdue")
    OVERDUE_RESOLUTION = "overdue_resolution", _("Resolution overdue")
    ESCALATED_NATIONAL = "escalated_national", _("Escalated to the ministry")


class ComplaintAlert(models.Model):
    """A notice in a person's alert list; one per complaint, kind and person (the task can rerun)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint alert")
        verbose_name_plural = _("complaint alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "recipient", "kind"], name="quality_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.complaint_id} -> {self.recipient_id}"
