"""The competency framework (data, loaded from ``data/competencies.json``) and staff competency levels."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet
from sentra.workforce.models.staff import StaffMember


class CompetencyLevel(models.IntegerChoices):
    NONE = 0, _("0 — no competence")
    AWARE = 1, _("1 — aware, works under supervision")
    WORKING = 2, _("2 — works independently")
    PROFICIENT = 3, _("3 — proficient, handles complex cases")
    EXPERT = 4, _("4 — expert, trains and supervises others")


class EvidenceKind(models.TextChoices):
    TRAINING = "training", _("Training completed")
    CERTIFICATION = "certification", _("Certification")
    SUPERVISOR_ASSESSMENT = "supervisor_assessment", _("Supervisor assessment")


class SkillArea(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("skill area")
        verbose_name_plural = _("skill areas")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Competency(models.Model):
    """One competency of the framework, tied to a skill area and (optionally) a beneficiary cluster."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    skill_area = models.ForeignKey(
        SkillArea, verbose_name=_("skill area"), on_delete=models.PROTECT, related_name="competencies"
    )
    cluster = models.CharField(
        _("cluster"),
        max_length=20,
        blank=True,
        help_text=_("Empty when the competency serves every cluster."),
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # Which professions are expected to hold it (empty: any profession may).
    professions = models.JSONField(_("professions"), default=list, blank=True)
    # Needs-engine codes that call for this competency (see docs/workforce.md).
    needs = models.JSONField(_("needs served"), default=list, blank=True)
    # A core competency is needed for every beneficiary of its cluster, not only for some needs.
    core = models.BooleanField(_("core for its cluster"), default=False)
    # The level a staff member needs to serve a beneficiary who needs this competency.
    required_level = models.PositiveSmallIntegerField(
        _("level required"), choices=CompetencyLevel.choices, default=CompetencyLevel.WORKING
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["skill_area__order", "order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class StaffCompetencyQuerySet(ScopedQuerySet["StaffCompetency"]):
    def visible_to(self, user: Any) -> StaffCompetencyQuerySet:
        return self.filter(staff__in=StaffMember.objects.visible_to(user))


class StaffCompetency(models.Model):
    """A staff member's current level in one competency; its history is the evidence below."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=CompetencyLevel.choices)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = StaffCompetencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff competency")
        verbose_name_plural = _("staff competencies")
        constraints = [
            models.UniqueConstraint(fields=["staff", "competency"], name="workforce_staff_competency_once"),
            models.CheckConstraint(condition=models.Q(level__lte=4), name="workforce_staff_competency_level"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.competency}: {self.level}"


class CompetencyEvidenceQuerySet(ScopedQuerySet["CompetencyEvidence"]):
    def visible_to(self, user: Any) -> CompetencyEvidenceQuerySet:
        return self.filter(staff__in=StaffMember.objects.visible_to(user))


class CompetencyEvidence(models.Model):
    """Why a level changed (append-only history): a training, a certification or a supervisor's assessment."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="competency_evidence")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("evidence"), max_length=24, choices=EvidenceKind.choices)
    level = models.PositiveSmallIntegerField(_("level shown"), choices=CompetencyLevel.choices)
    level_before = models.PositiveSmallIntegerField(_("level before"), choices=CompetencyLevel.choices)
    level_after = models.PositiveSmallIntegerField(_("level after"), choices=CompetencyLevel.choices)
    # Where the evidence comes from, e.g. "training.session:12" or a certificate number.
    source = models.CharField(_("source"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    observed_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CompetencyEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency evidence")
        verbose_name_plural = _("competency evidence")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            # Re-recording the same source for the same competency is a no-op, so callers may retry.
            models.UniqueConstraint(
                fields=["staff", "competency", "kind", "source"], name="workforce_evidence_source_once"
            ),
            models.CheckConstraint(condition=models.Q(level__lte=4), name="workforce_evidence_level"),
        ]
        indexes = [
            models.Index(fields=["staff", "competency", "recorded_at"], name="workforce_evidence_hist_idx")
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.competency}: {self.level_before} → {self.level_after}"
