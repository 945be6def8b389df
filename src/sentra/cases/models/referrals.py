"""Referrals (closed loop) and transfers between centres."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of

if TYPE_CHECKING:
    pass

from sentra.cases.models.cases import (
    CENTRE_CASE_ROLES,
    Case,
    _none,
    case_scope,
)


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
