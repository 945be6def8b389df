"""Rollup tables the dashboards read (never the raw tables), break-glass grants and the report inbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of, sees_all_centres
from sentra.network.models import Cluster


class ClusterMonth(models.Model):
    """One centre, one month, one cluster: flows counted from the case records (month of the event)."""

    sentra = models.ForeignKey("network.Sentra", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # first day of the month
    cluster = models.CharField(max_length=20, choices=Cluster.choices)
    intake = models.PositiveIntegerField(default=0)  # cases opened
    terminated = models.PositiveIntegerField(default=0)
    terminations = models.JSONField(default=dict)  # reason -> cases
    services = models.PositiveIntegerField(default=0)  # service sessions delivered (attended)
    services_by_component = models.JSONField(default=dict)  # ATENSI component number -> sessions
    assessed = models.PositiveIntegerField(default=0)  # assessments completed (left the asesmen stage)
    assessment_days = models.PositiveIntegerField(default=0)  # sum of days from opening
    plans_approved = models.PositiveIntegerField(default=0)  # first approved plan of a case
    plan_days = models.PositiveIntegerField(default=0)
    referrals_received = models.PositiveIntegerField(default=0)
    referrals_answered = models.PositiveIntegerField(default=0)
    referral_hours = models.PositiveIntegerField(default=0)  # sum of hours to the answer
    referrals_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "month", "cluster"], name="insights_cluster_month_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "sentra"], name="insights_cm_month_idx")]

    def __str__(self) -> str:
        return f"{self.sentra_id} {self.month:%Y-%m} {self.cluster}"


class CentreMonth(models.Model):
    """One centre, one month: what has no cluster (complaints received that month)."""

    sentra = models.ForeignKey("network.Sentra", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    complaints_received = models.PositiveIntegerField(default=0)
    complaints_resolved = models.PositiveIntegerField(default=0)
    complaints_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sentra", "month"], name="insights_centre_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sentra_id} {self.month:%Y-%m}"


class CentreStatus(models.Model):
    """A centre's figures as of the last refresh (stocks, not flows): one row per centre."""

    sentra = models.OneToOneField("network.Sentra", on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField(default=timezone.now)
    stages = models.JSONField(default=dict)  # cluster -> stage -> open cases
    residential = models.JSONField(default=dict)  # cluster -> people in residence
    beds = models.PositiveIntegerField(default=0)
    occupied = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    waiting_days = models.PositiveIntegerField(default=0)  # sum of days waited so far
    waiting_longest = models.PositiveIntegerField(default=0)
    waiting_by_cluster = models.JSONField(default=dict)
    overdue_tasks = models.PositiveIntegerField(default=0)
    open_tasks = models.PositiveIntegerField(default=0)
    ikm = models.JSONField(default=dict)  # the latest published result: value, grade, period, respondents
    modules = models.JSONField(default=dict)  # figures other apps publish (equipment readiness...)

    def __str__(self) -> str:
        return f"{self.sentra_id} @ {self.refreshed_at:%Y-%m-%d %H:%M}"


class Watermark(models.Model):
    """How far an incremental refresh has read a source (its newest change timestamp)."""

    name = models.CharField(max_length=60, unique=True)
    value = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.value:%Y-%m-%d %H:%M:%S}"


class GrantQuerySet(ScopedQuerySet["BreakGlassGrant"]):
    def visible_to(self, user: Any) -> GrantQuerySet:
        """Analysts see their own grants; heads see the grants on their centres; admins all."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == "sysadmin":
            return self
        if sees_all_centres(user):
            return self.filter(user=user)
        if user.role == "centre_head":
            return self.filter(sentra_id__in=centre_ids_of(user))
        return self.none()

    def active(self) -> GrantQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class BreakGlassGrant(models.Model):
    """A national user's time-limited, reasoned, audited access to one centre's personal records."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass access")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.sentra_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ReportKind(models.TextChoices):
    CENTRE_MONTHLY = "centre_monthly", _("Monthly centre report")
    NATIONAL_QUARTERLY = "national_quarterly", _("Quarterly national report")
    IKM = "ikm", _("IKM report")
    STAFF_TRAINING = "staff_training", _("Staff and training report")
    EQUIPMENT_PLAN = "equipment_plan", _("Equipment gap and budget proposal")
    NATIONAL_IKM = "national_ikm", _("National IKM report")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class ReportQuerySet(ScopedQuerySet["ReportFile"]):
    def visible_to(self, user: Any) -> ReportQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


def report_upload_to(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.owner_id}/{filename}"


class ReportFile(models.Model):
    """A generated report waiting in its owner's inbox."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    sentra = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("centre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices, blank=True)
    period = models.CharField(_("period"), max_length=20)  # "2026-10" or "2026-Q3"
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    file = models.FileField(upload_to=report_upload_to, max_length=200)
    scheduled = models.BooleanField(_("scheduled"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "sentra", "cluster", "period", "format"],
                name="insights_report_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} {self.format}"
