"""Recorded assessments and the needs derived from them.

Who sees what (both ``visible_to`` below follow these lines):

* system administrators: everything;
* case managers, other professionals and centre heads (the holders of the sensitive-data permission,
  ``sentra.beneficiaries.permissions.SENSITIVE_ROLES``): the assessments and needs of the persons
  they may open (``Beneficiary.objects.visible_to``: registered at, holding a case at, or referred to
  one of their centres);
* intake, HR and national analysts: nothing personal. National analysts and centre heads read the
  aggregates (counts by service, profession and device) through ``selectors`` functions that take
  centre ids and return no person.

Answers and results are sensitive data (health, mental health): every read of one assessment goes
through ``selectors.assessment_for_reading``, which writes the access log; every write goes through
``services`` and is audited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet

# The holders of the sensitive-data permission (kept equal to beneficiaries.permissions.SENSITIVE_ROLES;
# repeated here as strings because that module imports the beneficiaries models at import time).
SENSITIVE_ROLES = frozenset({"case_manager", "professional", "centre_head"})
ACCESS_CATEGORY = "assessment"


def beneficiary_scope(user: Any, prefix: str = "") -> models.Q | None:
    """The Q selecting rows about persons ``user`` may read assessments of; ``None`` means all."""
    if not getattr(user, "is_authenticated", False):
        return models.Q(pk__in=[])
    if user.role == "sysadmin":
        return None
    if user.role not in SENSITIVE_ROLES:
        return models.Q(pk__in=[])
    from sentra.beneficiaries.models import Beneficiary

    return models.Q(**{f"{prefix}beneficiary_id__in": Beneficiary.objects.visible_to(user).values("pk")})


class AssessmentKind(models.TextChoices):
    INSTRUMENT = "instrument", _("Standard instrument")
    COMPREHENSIVE = "comprehensive", _("ATENSI comprehensive assessment")


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    def visible_to(self, user: Any) -> AssessmentQuerySet:
        scope = beneficiary_scope(user)
        return self if scope is None else self.filter(scope)

    def valid(self) -> AssessmentQuerySet:
        return self.filter(valid=True)


class Assessment(models.Model):
    """One administration of an instrument (or of the comprehensive form) to one person.

    The result columns are copied out of ``result`` so that history, trends and aggregates are
    plain queries; ``result`` keeps the engine's whole output, with ``version`` naming the definition
    it was scored with (old assessments keep their version when a definition is revised).
    """

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=AssessmentKind.choices, default=AssessmentKind.INSTRUMENT
    )
    instrument = models.CharField(_("instrument"), max_length=40, db_index=True)
    version = models.CharField(_("definition version"), max_length=20)
    form = models.CharField(_("form"), max_length=40, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    valid = models.BooleanField(_("scored"), default=False)
    total = models.IntegerField(_("total"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=40, blank=True)
    band_scheme = models.CharField(_("band scheme"), max_length=40, blank=True)
    # Every scheme's band by scheme code (WG-SS identifiers disability1..4 are schemes too).
    bands = models.JSONField(_("bands"), default=dict, blank=True)
    # Every score by code (totals and subscales, e.g. GAD-7 "gad2", Barthel "total_20").
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict)
    ruleset = models.CharField(_("needs ruleset"), max_length=40, blank=True)
    ruleset_version = models.CharField(_("needs ruleset version"), max_length=20, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    # The comprehensive assessment's narrative by section code (what the person and family said).
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at", "-id"]
        indexes = [
            models.Index(fields=["beneficiary", "instrument", "assessed_at"], name="assess_history_idx"),
            models.Index(fields=["sentra", "assessed_at"], name="assess_centre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.version} #{self.pk}"


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Soon")
    URGENT = "urgent", _("Urgent")


URGENCY_RANK: dict[str, int] = {Urgency.ROUTINE.value: 0, Urgency.SOON.value: 1, Urgency.URGENT.value: 2}


class NeedStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    # A later assessment of the same instrument replaced a proposal nobody had decided on.
    SUPERSEDED = "superseded", _("Superseded")


CURRENT_NEED_STATUSES = (NeedStatus.PROPOSED, NeedStatus.ACCEPTED)


class NeedQuerySet(ScopedQuerySet["Need"]):
    def visible_to(self, user: Any) -> NeedQuerySet:
        scope = beneficiary_scope(user)
        return self if scope is None else self.filter(scope)

    def current(self) -> NeedQuerySet:
        """Proposed or accepted: what the person needs now, by the latest assessments."""
        return self.filter(status__in=CURRENT_NEED_STATUSES)


class Need(models.Model):
    """A recommendation of the needs engine for one person: a service, professions and an urgency.

    ``rule_id``, ``ruleset`` and ``ruleset_version`` name the rule that produced it (a later edit of
    the rules leaves it as it was); ``evidence`` holds what matched. A case manager accepts (it then
    becomes a planned service of the case plan, ``case_plan``) or rejects it with a reason.
    """

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="needs"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule_id = models.CharField(_("rule"), max_length=80)
    ruleset = models.CharField(_("ruleset"), max_length=40)
    ruleset_version = models.CharField(_("ruleset version"), max_length=20)
    rule_text = models.JSONField(_("rule text"), default=dict)
    # ATENSI component and sub-type codes (sentra.network ServiceComponent / ServiceSubtype .code).
    component = models.CharField(_("ATENSI component"), max_length=40, db_index=True)
    subtype = models.CharField(_("ATENSI sub-type"), max_length=40, blank=True)
    service_label = models.JSONField(_("service"), default=dict)
    professions = models.JSONField(_("professions needed"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, db_index=True)
    evidence = models.JSONField(_("evidence"), default=list)
    actions = models.JSONField(_("actions"), default=list, blank=True)
    other_needs = models.JSONField(_("other needs"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    # The case plan the accepted service was written into (the draft keeps its row across edits,
    # while its planned-service rows are rewritten on every save).
    case_plan = models.ForeignKey(
        "cases.CasePlan",
        verbose_name=_("case plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sentra", "status"], name="assess_need_centre_idx"),
            models.Index(fields=["beneficiary", "status"], name="assess_need_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_NEED_STATUSES


class Device(models.TextChoices):
    """Assistive devices the needs rules may ask for (the equipment app keys its stock on these codes)."""

    WHEELCHAIR = "wheelchair", _("Wheelchair")
    WALKER = "walker", _("Walker")
    CRUTCHES = "crutches", _("Crutches")
    WHITE_CANE = "white_cane", _("White cane")
    HEARING_AID = "hearing_aid", _("Hearing aid")
    PROSTHESIS = "prosthesis", _("Prosthesis")
    ORTHOSIS = "orthosis", _("Orthosis")
    HOSPITAL_BED = "hospital_bed", _("Hospital bed")


class DeviceNeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class DeviceNeedQuerySet(ScopedQuerySet["DeviceNeed"]):
    def visible_to(self, user: Any) -> DeviceNeedQuerySet:
        scope = beneficiary_scope(user)
        return self if scope is None else self.filter(scope)

    def current(self) -> DeviceNeedQuerySet:
        """Open, from a recommendation that is still proposed or accepted."""
        return self.filter(status=DeviceNeedStatus.OPEN, need__status__in=CURRENT_NEED_STATUSES)


class DeviceNeed(models.Model):
    """An assistive device a person needs, from a needs rule (``Need.other_needs`` kind ``assistive_device``).

    It is open while its recommendation is proposed or accepted; the equipment app marks it met
    (``services.device_need_mark_met``) when a device is lent or given.
    """

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="devices")
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="device_needs",
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    device = models.CharField(_("device"), max_length=20, choices=Device.choices, db_index=True)
    # Other devices that would meet the same need (e.g. crutches instead of a walker).
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeviceNeedStatus.choices, default=DeviceNeedStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DeviceNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistive-device need")
        verbose_name_plural = _("assistive-device needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sentra", "status", "device"], name="assess_device_centre_idx")]

    def __str__(self) -> str:
        return f"{self.get_device_display()} ({self.get_status_display()})"


class AlertQuerySet(ScopedQuerySet["Alert"]):
    def visible_to(self, user: Any) -> AlertQuerySet:
        """Alerts addressed to the user, and those about persons whose assessments the user may read."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = beneficiary_scope(user)
        if scope is None:
            return self
        return self.filter(scope | models.Q(recipient_id=user.pk))

    def open(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class Alert(models.Model):
    """An urgent alert raised by a needs rule (e.g. PHQ-9 item 9 above 0), one per recipient.

    ``task_id`` is the ``cases.Task`` created with it, written as a system action so that it never
    depends on the assessor's rights (see ``services/alerts.py``).
    """

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="alerts"
    )
    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="alerts")
    # A profession code, or "case_manager": who the rule addressed.
    addressed_to = models.CharField(_("addressed to"), max_length=32)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.JSONField(_("title"), default=dict)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    task_id = models.BigIntegerField(_("task"), null=True, blank=True)
    # True when no one held the role addressed, so the centre head received the alert and task.
    stand_in = models.BooleanField(_("centre head stands in"), default=False)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "acknowledged_at"], name="assess_alert_mine_idx")]

    def __str__(self) -> str:
        return f"alert {self.pk} ({self.addressed_to})"


class NeedsRulesetQuerySet(ScopedQuerySet["NeedsRuleset"]):
    def visible_to(self, user: Any) -> NeedsRulesetQuerySet:
        """The rules hold no personal data: every signed-in user may read them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


class NeedsRuleset(models.Model):
    """One version of the needs rules, as edited by an administrator (``sentra.needs-rules/1`` JSON).

    Versions are never changed once saved; the active one is used for new assessments. Without any
    row the shipped default file is used. Needs keep the ruleset name and version that made them.
    """

    name = models.CharField(_("ruleset"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("rules"))
    is_active = models.BooleanField(_("active"), default=False)
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)

    objects = NeedsRulesetQuerySet.as_manager()

    class Meta:
        verbose_name = _("needs ruleset")
        verbose_name_plural = _("needs rulesets")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="assess_ruleset_version_once"),
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="assess_ruleset_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ReminderQuerySet(ScopedQuerySet["Reminder"]):
    def visible_to(self, user: Any) -> ReminderQuerySet:
        scope = beneficiary_scope(user)
        return self if scope is None else self.filter(scope)

    def open(self) -> ReminderQuerySet:
        """Not yet answered by a newer assessment of the same instrument."""
        newer = Assessment.objects.filter(
            beneficiary_id=models.OuterRef("beneficiary_id"),
            instrument=models.OuterRef("instrument"),
            assessed_at__gt=models.OuterRef("assessment__assessed_at"),
        )
        return self.filter(~models.Exists(newer))


class Reminder(models.Model):
    """A reassessment reminder: one per assessment at most, so the daily job never raises it twice.

    It stays on the due list until a newer assessment of the same instrument is recorded.
    """

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="reminder"
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    instrument = models.CharField(_("instrument"), max_length=40)
    due_on = models.DateField(_("due on"), db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reassessment reminder")
        verbose_name_plural = _("reassessment reminders")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.instrument} due {self.due_on}"
