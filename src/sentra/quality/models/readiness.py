"""The readiness scorecard: periods with their recorded scores, the staff self-assessment, the plan."""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.network.models import Sentra
from sentra.quality.models.survey import ActionStatus, CentreScopedQuerySet
from sentra.quality.rules.readiness import ASPECTS, SCALE_MAX, SELF_ASSESSMENT_ITEMS

# Who plans a centre's improvement and records its scorecard.
READINESS_MANAGER_ROLES = frozenset({"centre_head"})


class Aspect(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    SKILLS = "skills", _("Skills and knowledge")
    ATTITUDE = "attitude", _("Attitude and mindset")


assert tuple(Aspect.values) == ASPECTS  # the rules and the table name the same aspects


class ReadinessPeriodQuerySet(CentreScopedQuerySet["ReadinessPeriod"]):
    centre_path = "sentra_id"


class ReadinessPeriod(models.Model):
    """A semester of a centre's scorecard. ``result`` freezes the scores when they are recorded:
    equipment and skills are read "as of today", so a past period keeps what was true then."""

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="readiness_periods"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2017)])
    half = models.PositiveSmallIntegerField(
        _("semester"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    result = models.JSONField(_("recorded scores"), null=True, blank=True, editable=False)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReadinessPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("readiness period")
        verbose_name_plural = _("readiness periods")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "year", "half"], name="quality_readiness_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="quality_readiness_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sentra} · {self.label}"

    @property
    def label(self) -> str:
        return str(_("Semester {half} {year}")).format(half="I" if self.half == 1 else "II", year=self.year)


def _item_field(key: str) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        key, validators=[MinValueValidator(1), MaxValueValidator(SCALE_MAX)]
    )


class SelfAssessmentQuerySet(models.QuerySet["SelfAssessment"]):
    def visible_to(self, user: Any) -> Self:
        """Nobody reads a single response: pages and the API show the period's aggregate only."""
        return self.none()


class SelfAssessment(models.Model):
    """One staff member's answers for one period. Who answered is kept only as a keyed hash of the
    period and the person: enough to refuse a second response; telling who said what would take the
    application's secret key as well as the database, and no page, export or endpoint does it."""

    period = models.ForeignKey(ReadinessPeriod, on_delete=models.PROTECT, related_name="self_assessments")
    respondent_hash = models.CharField(max_length=64, editable=False)
    listening = _item_field("listening")
    dignity = _item_field("dignity")
    timeliness = _item_field("timeliness")
    information = _item_field("information")
    improvement = _item_field("improvement")
    # The day only, not the time: the moment of submission could otherwise single a person out.
    submitted_on = models.DateField(_("submitted on"))

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff self-assessment")
        verbose_name_plural = _("staff self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "respondent_hash"], name="quality_self_assessment_once"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *[
                        models.Q(**{f"{key}__gte": 1, f"{key}__lte": SCALE_MAX})
                        for key in SELF_ASSESSMENT_ITEMS
                    ]
                ),
                name="quality_self_assessment_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"


# A plan action moves through the same states as a survey improvement action.
PlanStatus = ActionStatus


class ReadinessActionQuerySet(CentreScopedQuerySet["ReadinessAction"]):
    centre_path = "sentra_id"


class ReadinessAction(models.Model):
    """An action of a centre's improvement plan, under one aspect, with owner, budget and due date."""

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="readiness_actions"
    )
    aspect = models.CharField(_("aspect"), max_length=10, choices=Aspect.choices)
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=4000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField(
        _("budget (Rp)"), max_digits=15, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    progress_note = models.TextField(_("progress note"), blank=True, max_length=4000)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReadinessActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement plan action")
        verbose_name_plural = _("improvement plan actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False, progress=100),
                name="quality_readiness_action_done",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="quality_readiness_progress"),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="quality_readiness_budget"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (PlanStatus.DONE, PlanStatus.CANCELLED)
