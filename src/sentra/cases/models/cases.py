"""Cases, their stage history and care team, the centre rule numbers, and who sees which case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of
from sentra.network.models import Cluster, Setting

if TYPE_CHECKING:
    from sentra.core.models import User

# Roles that see every case of the centres they belong to.
CENTRE_CASE_ROLES = frozenset({"case_manager", "centre_head", "intake"})


class Stage(models.TextChoices):
    """ATENSI case-management stages (domain-indonesia.md §1.7). Labels can be overridden per centre."""

    PENDEKATAN_AWAL = "pendekatan_awal", _("Initial approach")
    ASESMEN = "asesmen", _("Assessment")
    PERENCANAAN = "perencanaan", _("Intervention planning")
    INTERVENSI = "intervensi", _("Intervention")
    MONITORING_EVALUASI = "monitoring_evaluasi", _("Monitoring and evaluation")
    TERMINASI = "terminasi", _("Termination")
    BIMBINGAN_LANJUT = "bimbingan_lanjut", _("After-care")


class TerminationReason(models.TextChoices):
    GOALS_ACHIEVED = "goals_achieved", _("Goals achieved")
    REUNIFIED = "reunified", _("Reunified with family")
    REFERRED = "referred", _("Referred elsewhere")
    MOVED = "moved", _("Moved away")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    DIED = "died", _("Died")


def _none() -> models.Q:
    return models.Q(pk__in=[])


def case_scope(user: Any, prefix: str = "") -> models.Q | None:
    """The Q selecting the cases ``user`` may see (``prefix`` = path to the case, e.g. ``case__``).

    ``None`` means everything (system administrators).
    """
    if not getattr(user, "is_authenticated", False):
        return _none()
    if user.role == "sysadmin":
        return None
    if user.role in CENTRE_CASE_ROLES:
        return models.Q(**{f"{prefix}sentra_id__in": centre_ids_of(user)})
    if user.role == "professional":
        return models.Q(
            **{
                f"{prefix}pk__in": CareTeamMember.objects.filter(
                    user_id=user.pk, removed_on__isnull=True
                ).values("case_id")
            }
        )
    return _none()


def centre_scope(user: Any, field: str = "sentra_id") -> models.Q | None:
    """Records owned by a centre: its case managers, heads and intake staff."""
    if not getattr(user, "is_authenticated", False):
        return _none()
    if user.role == "sysadmin":
        return None
    if user.role in CENTRE_CASE_ROLES:
        return models.Q(**{f"{field}__in": centre_ids_of(user)})
    return _none()


_M = TypeVar("_M", bound=models.Model)


class ScopedByCase(ScopedQuerySet[_M]):
    """Rows that hang off a case: visible exactly when the case is."""

    case_path = "case__"

    def visible_to(self, user: Any) -> Self:
        scope = case_scope(user, self.case_path)
        return self if scope is None else self.filter(scope)


class ScopedByPlanCase(ScopedByCase[_M]):
    case_path = "plan__case__"


class CaseQuerySet(ScopedQuerySet["Case"]):
    def visible_to(self, user: Any) -> CaseQuerySet:
        scope = case_scope(user)
        return self if scope is None else self.filter(scope)

    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True)


class CaseRuleSet(models.Model):
    """Configurable numbers of the case rules: national defaults (no centre) or one centre's own."""

    sentra = models.OneToOneField(
        "network.Sentra",
        verbose_name=_("centre"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_rules",
        help_text=_("Leave empty for the national defaults."),
    )
    initial_assessment_days = models.PositiveSmallIntegerField(
        _("initial assessment due (days after intake)"), default=7, validators=[MinValueValidator(1)]
    )
    plan_review_days = models.PositiveSmallIntegerField(
        _("plan review every (days)"), default=90, validators=[MinValueValidator(1)]
    )
    aftercare_months = models.JSONField(
        _("after-care follow-ups (months after termination)"), default=list, blank=True
    )
    referral_response_days = models.PositiveSmallIntegerField(
        _("referral response deadline (days)"), default=14, validators=[MinValueValidator(1)]
    )
    stage_labels = models.JSONField(
        _("stage labels"),
        default=dict,
        blank=True,
        help_text=_('Optional wording per stage and language, e.g. {"asesmen": {"id": "Asesmen awal"}}.'),
    )

    class Meta:
        verbose_name = _("case rules")
        verbose_name_plural = _("case rules")
        constraints = [
            models.UniqueConstraint(
                fields=["sentra"], condition=models.Q(sentra__isnull=True), name="cases_rules_one_national"
            ),
        ]

    def __str__(self) -> str:
        return str(self.sentra or _("National defaults"))


class CaseNumberCounter(models.Model):
    """The last case number given by a centre in a year (``select_for_update`` keeps them unique)."""

    sentra = models.ForeignKey("network.Sentra", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sentra", "year"], name="cases_counter_unique")]

    def __str__(self) -> str:
        return f"{self.sentra_id}/{self.year}: {self.last}"


class Case(models.Model):
    """One beneficiary's course of rehabilitation at one centre."""

    case_number = models.CharField(_("case number"), max_length=30, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="cases"
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        related_name="managed_cases",
    )
    care_team: models.ManyToManyField[User, CareTeamMember] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CareTeamMember",
        through_fields=("case", "user"),
        related_name="care_team_cases",
        verbose_name=_("care team"),
    )
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices)
    cluster = models.CharField(_("cluster"), max_length=20, choices=Cluster.choices)
    stage = models.CharField(
        _("stage"), max_length=24, choices=Stage.choices, default=Stage.PENDEKATAN_AWAL, db_index=True
    )
    presenting_problem = models.TextField(_("presenting problem"), blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(
        _("termination reason"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    referral_source = models.ForeignKey(
        "Referral",
        verbose_name=_("opened from referral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases_opened",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["sentra", "stage"], name="cases_sentra_stage_idx"),
            # The insights rollup refresh reads the cases changed since its last run.
            models.Index(fields=["updated_at"], name="cases_case_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(terminated_on__isnull=True) | ~models.Q(termination_reason=""),
                name="cases_terminated_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class TeamRole(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    THERAPIST = "therapist", _("Therapist")
    CAREGIVER = "caregiver", _("Caregiver")
    MEDICAL = "medical", _("Medical")
    COUNSELLOR = "counsellor", _("Counsellor")
    INSTRUCTOR = "instructor", _("Instructor")
    OTHER = "other", _("Other")


class CareTeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("professional"), on_delete=models.PROTECT, related_name="+"
    )
    team_role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices)
    profession = models.CharField(_("profession"), max_length=32, blank=True)
    added_on = models.DateField(_("added on"), default=timezone.localdate)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("care team member")
        verbose_name_plural = _("care team members")
        ordering = ["added_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(removed_on__isnull=True),
                name="cases_team_active_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_team_role_display()})"


class StageTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=24, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=24, choices=Stage.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why"), blank=True)
    # Until the assessments app records assessments, the move out of "asesmen" carries the
    # assessment summary (a ProgressNote of kind "assessment_summary"): that is "assessment done".
    assessment_note = models.OneToOneField(
        "ProgressNote", null=True, blank=True, on_delete=models.PROTECT, related_name="transition"
    )

    objects = ScopedByCase.as_manager()

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_stage or '—'} → {self.to_stage}"
