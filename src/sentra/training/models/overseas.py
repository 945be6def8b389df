"""Overseas study: programmes, applications with their merit score, and obligations after return."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of
from sentra.training.models.catalogue import MANAGER_ROLES


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    RANKED = "ranked", _("Ranked")
    DECIDED = "decided", _("Decided")
    RETURNED = "returned", _("Returned")


class ProgrammeQuerySet(ScopedQuerySet["OverseasProgramme"]):
    def visible_to(self, user: Any) -> ProgrammeQuerySet:
        """A call is public inside the network: staff of the organising and participating centres
        see it; national roles see every programme (analysts only its counts, never applicants)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role in ("sysadmin", "national_analyst"):
            return self
        mine = centre_ids_of(user)
        return self.filter(models.Q(sentra_id__in=mine) | models.Q(centres__in=mine)).distinct()


class OverseasProgramme(models.Model):
    title = models.CharField(_("title"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("organising centre"), on_delete=models.PROTECT, related_name="+"
    )
    centres = models.ManyToManyField(
        "network.Sentra", verbose_name=_("centres whose staff may apply"), related_name="+"
    )
    competency = models.ForeignKey(
        "workforce.Competency", verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    departs_on = models.DateField(_("departs on"))
    returns_on = models.DateField(_("returns on"))
    min_tenure_years = models.DecimalField(
        _("minimum tenure (years)"), max_digits=4, decimal_places=1, default=0
    )
    required_credentials = models.JSONField(_("required credentials"), default=list, blank=True)
    language = models.CharField(_("language of study"), max_length=10, blank=True)
    min_language_level = models.PositiveSmallIntegerField(
        _("minimum language level"), default=0, validators=[MaxValueValidator(4)]
    )
    weights = models.JSONField(_("merit weights"), default=dict)
    quotas = models.JSONField(_("quotas"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    # The last ranking run: what the committee saw when it decided.
    ranked_at = models.DateTimeField(null=True, blank=True)
    run_status = models.CharField(max_length=12, blank=True)
    run_objective = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    run_bound = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    run_gap = models.FloatField(null=True, blank=True)
    run_problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("overseas programme")
        verbose_name_plural = _("overseas programmes")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="training_prog_call"
            ),
            models.CheckConstraint(
                condition=models.Q(returns_on__gte=models.F("departs_on")), name="training_prog_trip"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INELIGIBLE = "ineligible", _("Not eligible")
    PROPOSED = "proposed", _("Proposed by the ranking")
    RESERVE = "reserve", _("Not proposed")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationQuerySet(ScopedQuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """The applicant sees their own; the committee (HR and heads of the organising centre) all
        of the programme; HR and heads of a participating centre their own centre's applicants.
        National analysts see none (aggregates only)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == "sysadmin":
            return self
        own = models.Q(staff__user_id=user.pk)
        if user.role in MANAGER_ROLES:
            mine = centre_ids_of(user)
            return self.filter(
                own | models.Q(programme__sentra_id__in=mine) | models.Q(staff__sentra_id__in=mine)
            )
        if user.role == "national_analyst":
            return self.none()
        return self.filter(own)


class Application(models.Model):
    programme = models.ForeignKey(OverseasProgramme, on_delete=models.CASCADE, related_name="applications")
    staff = models.ForeignKey(
        "workforce.StaffMember", on_delete=models.PROTECT, related_name="overseas_applications"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motivation = models.TextField(_("motivation"), blank=True)
    language_level = models.PositiveSmallIntegerField(
        _("language level (0-4)"), default=0, validators=[MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=14, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    # Filled by the ranking: the reasons, the components and the result, as shown to the applicant.
    ineligibility = models.JSONField(default=list, blank=True)
    components = models.JSONField(default=list, blank=True)
    score = models.DecimalField(_("merit score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    explanation = models.CharField(max_length=20, blank=True)
    explanation_group = models.CharField(max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("overseas application")
        verbose_name_plural = _("overseas applications")
        ordering = ["programme_id", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["programme", "staff"], name="training_apply_once")]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.staff_id}"


class ObligationKind(models.TextChoices):
    REPORT = "report", _("Study report")
    SESSIONS = "sessions", _("Training sessions delivered to colleagues")
    KNOWLEDGE = "knowledge", _("Knowledge-base entry")


class ObligationQuerySet(ScopedQuerySet["Obligation"]):
    def visible_to(self, user: Any) -> ObligationQuerySet:
        return self.filter(application__in=Application.objects.visible_to(user))


class Obligation(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("kind"), max_length=12, choices=ObligationKind.choices)
    due_on = models.DateField(_("due on"))
    target = models.PositiveSmallIntegerField(_("how many"), default=1)
    delivered = models.PositiveSmallIntegerField(_("delivered"), default=0)
    evidence = models.TextField(_("evidence"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="training_obligation_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.kind}"


class ObligationReminderQuerySet(ScopedQuerySet["ObligationReminder"]):
    def visible_to(self, user: Any) -> ObligationReminderQuerySet:
        return self.filter(obligation__in=Obligation.objects.visible_to(user))


class ObligationReminder(models.Model):
    """One reminder per obligation and stage (30 days before, 7 days before, overdue): the beat task
    may run any number of times a day and still sends each once."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=10)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ObligationReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "stage", "recipient"], name="training_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id}:{self.stage}"
