"""The ATENSI case lifecycle: cases, plans, delivery, tasks, referrals, transfers, residential stays.

Who sees what (every ``visible_to`` below follows these lines; see also ``docs`` in the report):

* system administrators: everything (read; casework itself is done by centre staff);
* national analysts: nothing here (they read aggregates in ``insights``);
* case managers, centre heads and intake/administrative staff: the cases of their centres, and what
  hangs off them (plans, services, notes, tasks, attachments, stays, waiting lists);
* other professionals (psikolog, perawat, ...): only the cases whose care team they are on
  (need-to-know, UU PDP); they never browse a centre's whole caseload;
* HR / training staff: no case data;
* a referral or a transfer is visible to the sending and the receiving centre; the receiving centre
  sees the explicit shared summary stored on it (``Referral.shared_summary``), not the case.
"""

from __future__ import annotations

import datetime
import secrets
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
        indexes = [models.Index(fields=["sentra", "stage"], name="cases_sentra_stage_idx")]
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


# --- Plans -----------------------------------------------------------------------------------------


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


# --- Delivery ----------------------------------------------------------------------------------------


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


# --- Tasks ---------------------------------------------------------------------------------------------


class TaskKind(models.TextChoices):
    INITIAL_ASSESSMENT = "initial_assessment", _("Initial assessment")
    PLAN_REVIEW = "plan_review", _("Plan review")
    AFTERCARE = "aftercare", _("After-care follow-up")
    DOCUMENTATION = "documentation", _("Pursue documentation (NIK)")
    MANUAL = "manual", _("Task")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TaskQuerySet(ScopedQuerySet["Task"]):
    def visible_to(self, user: Any) -> TaskQuerySet:
        """A task of a case the user sees, a centre task of their centre, or one given to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = case_scope(user, "case__")
        if scope is None:
            return self
        own = models.Q(assigned_to_id=user.pk)
        centre = centre_scope(user, "sentra_id") or _none()
        return self.filter(scope | own | (models.Q(case__isnull=True) & centre))

    def overdue(self, today: datetime.date | None = None) -> TaskQuerySet:
        return self.filter(status=TaskStatus.OPEN, due_on__lt=today or timezone.localdate())


class Task(models.Model):
    """A reminder: derived from the case rules (``rule_key`` set) or written by a person (manual)."""

    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    # A task about a person rather than a case (pursuing the documentation of someone without a NIK).
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices, default=TaskKind.MANUAL)
    rule_key = models.CharField(max_length=60, blank=True, editable=False)
    title = models.CharField(_("task"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due on"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_tasks",
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_key"], condition=~models.Q(rule_key=""), name="cases_task_rule_once"
            ),
        ]
        indexes = [models.Index(fields=["assigned_to", "status", "due_on"], name="cases_task_mine_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def display_title(self) -> str:
        """Rule-derived tasks are named in the reader's language; manual ones as written."""
        if self.kind == TaskKind.MANUAL:
            return self.title
        label = str(self.get_kind_display())
        if self.kind == TaskKind.PLAN_REVIEW and self.details:
            return f"{label} ({self.details})"
        if self.kind == TaskKind.AFTERCARE and self.details.endswith("m"):
            months = self.details[:-1]
            return str(_("{label}: {months} months after termination")).format(label=label, months=months)
        return label


# --- Referrals and transfers -------------------------------------------------------------------------------


class ReferralTarget(models.TextChoices):
    SENTRA = "sentra", _("Another centre (sentra or UPTD)")
    LKS = "lks", _("A partner LKS")
    OUTSIDE = "outside", _("An outside service")


class OutsideService(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital / health service")
    DINAS_SOSIAL = "dinas_sosial", _("Dinas sosial")
    POLICE = "police", _("Police")
    COURT = "court", _("Court / legal aid")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Awaiting response")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    OUT_OF_SCOPE = "out_of_scope", _("Outside what we serve")
    OUT_OF_AREA = "out_of_area", _("Outside our area")
    NEEDS_MORE_INFO = "needs_more_info", _("More information needed")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    EMERGENCY = "emergency", _("Emergency")


def _between_centres(user: Any, *, case_path: str = "case__") -> models.Q | None:
    """Sending or receiving centre (centre roles); professionals through their care-team cases."""
    if not getattr(user, "is_authenticated", False):
        return _none()
    if user.role == "sysadmin":
        return None
    if user.role in CENTRE_CASE_ROLES:
        ids = centre_ids_of(user)
        return models.Q(from_sentra_id__in=ids) | models.Q(to_sentra_id__in=ids)
    if user.role == "professional":
        return case_scope(user, case_path)
    return _none()


class ReferralQuerySet(ScopedQuerySet["Referral"]):
    def visible_to(self, user: Any) -> ReferralQuerySet:
        scope = _between_centres(user)
        return self if scope is None else self.filter(scope)


class Referral(models.Model):
    """A closed-loop referral. The receiver reads ``shared_summary`` only (minimum necessary data)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    from_sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("from"), on_delete=models.PROTECT, related_name="referrals_sent"
    )
    target_kind = models.CharField(_("referred to"), max_length=10, choices=ReferralTarget.choices)
    to_sentra = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("receiving centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    outside_kind = models.CharField(
        _("kind of service"), max_length=20, choices=OutsideService.choices, blank=True
    )
    outside_name = models.CharField(_("name of the service"), max_length=200, blank=True)
    reason = models.TextField(_("reason for the referral"))
    requested_components = models.ManyToManyField(
        "network.ServiceComponent", verbose_name=_("services requested"), related_name="+", blank=True
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    consent = models.ForeignKey(
        "beneficiaries.Consent",
        verbose_name=_("consent relied on"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared_summary = models.JSONField(_("shared summary"), default=dict, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response_due_on = models.DateField(_("response due on"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    response_note = models.TextField(_("response"), blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target_kind__in=["sentra", "lks"], to_sentra__isnull=False, outside_name="")
                    | models.Q(target_kind="outside", to_sentra__isnull=True) & ~models.Q(outside_name="")
                ),
                name="cases_referral_one_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="cases_referral_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.target_display}"

    @property
    def target_display(self) -> str:
        if self.to_sentra_id is not None and self.to_sentra is not None:
            return self.to_sentra.name
        return self.outside_name

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.SENT and self.response_due_on < timezone.localdate()


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class TransferQuerySet(ScopedQuerySet["Transfer"]):
    def visible_to(self, user: Any) -> TransferQuerySet:
        scope = _between_centres(user)
        return self if scope is None else self.filter(scope)


class Transfer(models.Model):
    """Moving a case to another centre: on acceptance the case (and access to it) moves; history stays."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    from_sentra = models.ForeignKey("network.Sentra", on_delete=models.PROTECT, related_name="transfers_out")
    to_sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("to centre"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    reason = models.TextField(_("reason"))
    shared_summary = models.JSONField(_("shared summary"), default=dict, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response_note = models.TextField(_("response"), blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="requested"), name="cases_transfer_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_sentra}"


# --- Residential stays ------------------------------------------------------------------------------------


class CentreScoped(ScopedQuerySet[_M]):
    field = "sentra_id"

    def visible_to(self, user: Any) -> Self:
        scope = centre_scope(user, self.field)
        return self if scope is None else self.filter(scope)


class RoomSex(models.TextChoices):
    MALE = "M", _("Men / boys")
    FEMALE = "F", _("Women / girls")
    MIXED = "X", _("Mixed")


class Room(models.Model):
    sentra = models.ForeignKey("network.Sentra", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=60)
    beds = models.PositiveSmallIntegerField(_("beds"), validators=[MinValueValidator(1)])
    sex = models.CharField(_("for"), max_length=1, choices=RoomSex.choices, default=RoomSex.MIXED)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["sentra", "name"]
        constraints = [models.UniqueConstraint(fields=["sentra", "name"], name="cases_room_name_unique")]

    def __str__(self) -> str:
        return self.name


class StayStatus(models.TextChoices):
    IN_RESIDENCE = "in_residence", _("In residence")
    ON_LEAVE = "on_leave", _("On home leave")
    DISCHARGED = "discharged", _("Discharged")


class DischargeReason(models.TextChoices):
    COMPLETED = "completed", _("Programme completed")
    REUNIFIED = "reunified", _("Returned to family")
    TRANSFERRED = "transferred", _("Transferred or referred")
    ABSCONDED = "absconded", _("Left without permission")
    HOSPITALISED = "hospitalised", _("Long-term hospital care")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class ResidentialStay(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stays")
    sentra = models.ForeignKey("network.Sentra", on_delete=models.PROTECT, related_name="stays")
    admitted_on = models.DateField(_("admitted on"))
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="stays"
    )
    bed = models.CharField(_("bed"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=StayStatus.choices, default=StayStatus.IN_RESIDENCE, db_index=True
    )
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=14, choices=DischargeReason.choices, blank=True
    )
    discharge_note = models.TextField(_("discharge note"), blank=True)
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("residential stay")
        verbose_name_plural = _("residential stays")
        ordering = ["-admitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=~models.Q(status="discharged"), name="cases_stay_one_open"
            ),
            models.UniqueConstraint(
                fields=["room", "bed"],
                condition=~models.Q(status="discharged") & ~models.Q(bed=""),
                name="cases_stay_bed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} @ {self.sentra_id}"

    @property
    def is_open(self) -> bool:
        return self.status != StayStatus.DISCHARGED


class HomeLeave(models.Model):
    stay = models.ForeignKey(ResidentialStay, on_delete=models.CASCADE, related_name="leaves")
    starts_on = models.DateField(_("leaves on"))
    expected_return_on = models.DateField(_("expected back on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    destination = models.CharField(_("staying with / where"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("home leave")
        verbose_name_plural = _("home leaves")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.stay_id} {self.starts_on}..{self.expected_return_on}"

    @property
    def is_late(self) -> bool:
        return self.returned_on is None and self.expected_return_on < timezone.localdate()


class RollCall(models.Model):
    sentra = models.ForeignKey("network.Sentra", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(default=timezone.now)

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("roll call")
        verbose_name_plural = _("roll calls")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["sentra", "day"], name="cases_rollcall_daily")]

    def __str__(self) -> str:
        return f"{self.sentra_id} {self.day}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ON_LEAVE = "on_leave", _("On home leave")
    HOSPITAL = "hospital", _("In hospital")
    ABSENT = "absent", _("Absent without leave")


class RollCallEntry(models.Model):
    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="entries")
    stay = models.ForeignKey(ResidentialStay, on_delete=models.PROTECT, related_name="roll_entries")
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["roll_call", "stay"], name="cases_rollcall_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.roll_call_id} {self.stay_id} {self.presence}"


# --- Waiting list ---------------------------------------------------------------------------------------


class WaitingFor(models.TextChoices):
    PLACE = "place", _("A residential place")
    SERVICE = "service", _("A service")


class WaitingRemoval(models.TextChoices):
    ADMITTED = "admitted", _("Admitted / served")
    REFERRED = "referred", _("Referred elsewhere")
    WITHDRAWN = "withdrawn", _("No longer needed")
    UNREACHABLE = "unreachable", _("Could not be reached")
    DIED = "died", _("Died")


class WaitingListEntry(models.Model):
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="waiting_entries",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="waiting_entries"
    )
    waiting_for = models.CharField(_("waiting for"), max_length=10, choices=WaitingFor.choices)
    component = models.ForeignKey(
        "network.ServiceComponent",
        verbose_name=_("ATENSI component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    added_on = models.DateField(_("waiting since"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("outcome"), max_length=12, choices=WaitingRemoval.choices, blank=True)

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["added_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(waiting_for="service") | models.Q(component__isnull=False),
                name="cases_waiting_service_component",
            ),
            models.UniqueConstraint(
                fields=["sentra", "beneficiary", "waiting_for", "component"],
                condition=models.Q(removed_on__isnull=True),
                name="cases_waiting_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} @ {self.sentra_id} ({self.waiting_for})"

    def waiting_days(self, today: datetime.date | None = None) -> int:
        end = self.removed_on or today or timezone.localdate()
        return (end - self.added_on).days
