"""The satisfaction survey (SKM): periods per centre, responses, one-time codes, improvement actions."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of, sees_all_centres
from sentra.network.models import Sentra, ServiceComponent
from sentra.quality.rules.ikm import ANSWER_MAX, ANSWER_MIN, ELEMENT_NAMES

# Who manages a centre's survey (periods, codes, paper entry) and who reads individual responses.
PERIOD_MANAGER_ROLES = frozenset({"centre_head", "intake"})
# National analysts are not among them: they read counts, IKM and grades only (architecture.md).
RESPONSE_READER_ROLES = frozenset({"centre_head", "intake", "sysadmin"})
AGGREGATE_ONLY_ROLES = frozenset({"national_analyst"})


def reads_aggregates_only(user: Any) -> bool:
    """True for roles that see figures across centres but never a response or a complaint."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in AGGREGATE_ONLY_ROLES


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Year")


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for responses")
    CLOSED = "closed", _("Closed")


class PopulationSource(models.TextChoices):
    ENTERED = "entered", _("Entered by staff")
    REGISTRY = "registry", _("Counted from the registry")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online (link or QR code)")
    PAPER = "paper", _("Paper questionnaire")
    ASSISTED = "assisted", _("Assisted by staff")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class AgeGroup(models.TextChoices):
    UNDER_18 = "lt18", _("Under 18")
    AGE_18_30 = "18-30", _("18-30")
    AGE_31_45 = "31-45", _("31-45")
    AGE_46_60 = "46-60", _("46-60")
    OVER_60 = "gt60", _("Over 60")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1-D3)")
    BACHELOR = "s1", _("Bachelor (D4/S1)")
    POSTGRADUATE = "s2s3", _("Postgraduate (S2/S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "asn", _("Civil servant, military or police")
    PRIVATE = "private", _("Private employee")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    STUDENT = "student", _("Pupil or student")
    HOMEMAKER = "homemaker", _("Homemaker")
    UNEMPLOYED = "unemployed", _("Not working")
    OTHER = "other", _("Other")


M = TypeVar("M", bound=models.Model)


class CentreScopedQuerySet(ScopedQuerySet[M]):
    """Rows of a centre's survey: national roles see all centres, everyone else their own."""

    centre_path = "sentra_id"

    def visible_to(self, user: Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if sees_all_centres(user):
            return self
        return self.filter(**{f"{self.centre_path}__in": centre_ids_of(user)})


class SurveyPeriodQuerySet(CentreScopedQuerySet["SurveyPeriod"]):
    centre_path = "sentra_id"


class SurveyPeriod(models.Model):
    """A survey round of one centre: a semester or a year (PermenPANRB 14/2017: at least yearly)."""

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="survey_periods"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2017), MaxValueValidator(2100)]
    )
    half = models.PositiveSmallIntegerField(
        _("semester"), default=0, help_text=_("1 or 2 for a semester; 0 for a whole year.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    population = models.PositiveIntegerField(
        _("population served"),
        null=True,
        blank=True,
        help_text=_("Beneficiaries, families and referrers served in the period: sets the minimum sample."),
    )
    population_source = models.CharField(
        _("population source"),
        max_length=10,
        choices=PopulationSource.choices,
        default=PopulationSource.ENTERED,
    )
    population_note = models.CharField(
        _("population note"), max_length=300, blank=True, help_text=_("Where the figure comes from.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_result = models.JSONField(_("published result"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey period")
        verbose_name_plural = _("survey periods")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "year", "kind", "half"], name="quality_period_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="quality_period_dates"
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="year", half=0) | models.Q(kind="semester", half__in=[1, 2])),
                name="quality_period_half",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sentra} · {self.label}"

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.SEMESTER:
            return str(_("Semester {half} {year}")).format(
                half="I" if self.half == 1 else "II", year=self.year
            )
        return str(_("Year {year}")).format(year=self.year)

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class SurveyResponseQuerySet(CentreScopedQuerySet["SurveyResponse"]):
    centre_path = "period__sentra_id"

    def visible_to(self, user: Any) -> Self:
        """Individual answers are read by the centre head and the survey desk (intake), and sysadmins."""
        if not getattr(user, "is_authenticated", False) or user.role not in RESPONSE_READER_ROLES:
            return self.none()
        return super().visible_to(user)


def _answer_field(name: str) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        name,
        null=True,
        blank=True,
        validators=[MinValueValidator(ANSWER_MIN), MaxValueValidator(ANSWER_MAX)],
    )


class SurveyResponse(models.Model):
    """One questionnaire. The nine answers are columns named after the elements (one SUM/COUNT query)."""

    period = models.ForeignKey(
        SurveyPeriod, verbose_name=_("survey period"), on_delete=models.PROTECT, related_name="responses"
    )
    persyaratan = _answer_field("persyaratan")
    prosedur = _answer_field("prosedur")
    waktu = _answer_field("waktu")
    biaya = _answer_field("biaya")
    produk = _answer_field("produk")
    kompetensi = _answer_field("kompetensi")
    perilaku = _answer_field("perilaku")
    pengaduan = _answer_field("pengaduan")
    sarana = _answer_field("sarana")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=6, choices=AgeGroup.choices, blank=True)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=15, choices=Occupation.choices, blank=True)
    service = models.ForeignKey(
        ServiceComponent,
        verbose_name=_("service received"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    suggestions = models.TextField(_("suggestions"), blank=True, max_length=2000)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("served by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    one_time_code = models.OneToOneField(
        "OneTimeCode",
        verbose_name=_("one-time code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="response",
    )
    paper_number = models.CharField(
        _("questionnaire number"),
        max_length=30,
        blank=True,
        help_text=_("The number written on the paper form, so that no form is entered twice."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A keyed hash of the sender's address (never the address itself) and of answers + profile:
    # together they recognise the same questionnaire sent twice from one place.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    *[
                        models.Q(**{f"{name}__isnull": True})
                        | models.Q(**{f"{name}__gte": ANSWER_MIN, f"{name}__lte": ANSWER_MAX})
                        for name in ELEMENT_NAMES
                    ]
                ),
                name="quality_response_answers_1_to_4",
            ),
            models.UniqueConstraint(
                fields=["period", "paper_number"],
                condition=~models.Q(paper_number=""),
                name="quality_response_paper_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "fingerprint", "client_hash"], name="quality_response_dup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"

    def answers(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in ELEMENT_NAMES}


class OneTimeCodeQuerySet(CentreScopedQuerySet["OneTimeCode"]):
    centre_path = "period__sentra_id"

    def visible_to(self, user: Any) -> Self:
        """Unused codes are as good as a vote: only the survey managers and administrators see them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == "sysadmin":
            return self
        if user.role not in PERIOD_MANAGER_ROLES:
            return self.none()
        return self.filter(period__sentra_id__in=centre_ids_of(user))


class OneTimeCode(models.Model):
    """A code printed on a slip handed out when a service ends; it admits exactly one response."""

    period = models.ForeignKey(SurveyPeriod, on_delete=models.PROTECT, related_name="codes")
    code = models.CharField(_("code"), max_length=20, unique=True)
    batch = models.PositiveIntegerField(_("batch"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = OneTimeCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return self.code


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ImprovementActionQuerySet(CentreScopedQuerySet["ImprovementAction"]):
    centre_path = "period__sentra_id"


class ImprovementAction(models.Model):
    """Follow-up of a period's result: what will be done about a weak element, by whom, by when."""

    period = models.ForeignKey(
        SurveyPeriod, verbose_name=_("survey period"), on_delete=models.PROTECT, related_name="actions"
    )
    element = models.CharField(_("element"), max_length=20, choices=[(name, name) for name in ELEMENT_NAMES])
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("details"), blank=True, max_length=4000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="quality_action_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.CANCELLED)
