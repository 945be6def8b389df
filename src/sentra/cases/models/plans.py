"""Case plans (rencana intervensi): versions, goals, planned services; case conferences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from sentra.cases.models.cases import (
    Case,
    ScopedByCase,
    ScopedByPlanCase,
)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


class CasePlan(models.Model):
    """One version of the intervention plan (rencana intervensi). Approved versions are never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    revision_reason = models.TextField(_("reason for the revision"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="cases_plan_version_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="draft"), name="cases_plan_one_draft"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="approved"), name="cases_plan_one_approved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version} ({self.status})"


class PlanGoal(models.Model):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField(_("goal"))
    indicator = models.TextField(_("indicator"))
    target_date = models.DateField(_("target date"))
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedByPlanCase.as_manager()

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class Frequency(models.TextChoices):
    ONCE = "once", _("once")
    DAILY = "daily", _("per day")
    WEEKLY = "weekly", _("per week")
    MONTHLY = "monthly", _("per month")


class PlannedService(models.Model):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="services")
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
    description = models.CharField(_("service"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    times = models.PositiveSmallIntegerField(_("times"), default=1, validators=[MinValueValidator(1)])
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedByPlanCase.as_manager()

    class Meta:
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.component.number}. {self.description}"

    @property
    def frequency_display(self) -> str:
        if self.frequency == Frequency.ONCE:
            return str(Frequency.ONCE.label)
        return f"{self.times}x {self.get_frequency_display()}"


class CaseConference(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conferences")
    held_on = models.DateField(_("held on"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff participants"), related_name="+", blank=True
    )
    other_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("Family, police, teachers... one per line.")
    )
    discussion = models.TextField(_("discussion"), blank=True)
    decisions = models.TextField(_("decisions"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"
