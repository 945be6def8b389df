"""The training catalogue, sessions and their participants."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of

MANAGER_ROLES = frozenset({"hr", "centre_head"})  # manage training for their own centres
# Who may run training at all: the managers (for their centres) and the system administrator (anywhere).
TRAINING_RUNNERS = MANAGER_ROLES | {"sysadmin"}


class TrainingKind(models.TextChoices):
    COURSE = "course", _("Course")
    BIMTEK = "bimtek", _("Technical guidance (bimtek)")
    EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
    MENTORING = "mentoring", _("Mentoring")
    OVERSEAS_STUDY = "overseas_study", _("Overseas study")


class Course(models.Model):
    """A training offer in the catalogue; national when it has no centre."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    sentra = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CourseOutcome(models.Model):
    """A competency the course raises, and to which level, on completion."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="outcomes")
    competency = models.ForeignKey("workforce.Competency", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level on completion"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="training_outcome_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="training_outcome_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.competency_id}>={self.level}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class SessionQuerySet(ScopedQuerySet["TrainingSession"]):
    def visible_to(self, user: Any) -> SessionQuerySet:
        """Sessions are a calendar, not personal data: staff see national sessions and those of their
        centres; national roles see all."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role in ("sysadmin", "national_analyst"):
            return self
        return self.filter(models.Q(sentra__isnull=True) | models.Q(sentra_id__in=centre_ids_of(user)))


class TrainingSession(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions"
    )
    sentra = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("host centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="training_session_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.starts_on:%Y-%m-%d})"


class ParticipantStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    ATTENDED = "attended", _("Attended, not completed")
    COMPLETED = "completed", _("Completed")
    ABSENT = "absent", _("Absent")


class ParticipantQuerySet(ScopedQuerySet["Participant"]):
    def visible_to(self, user: Any) -> ParticipantQuerySet:
        """Who attended what is personal: the person, HR and heads of their centre, the administrator."""
        from sentra.workforce.models import StaffMember

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == "sysadmin":
            return self
        if user.role == "national_analyst":
            return self.none()
        return self.filter(staff__in=StaffMember.objects.visible_to(user))


class Participant(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participants")
    staff = models.ForeignKey("workforce.StaffMember", on_delete=models.PROTECT, related_name="trainings")
    status = models.CharField(
        _("status"), max_length=12, choices=ParticipantStatus.choices, default=ParticipantStatus.ENROLLED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feedback = models.TextField(_("feedback"), blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="training_participant_once"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="training_participant_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}@{self.session_id}"
