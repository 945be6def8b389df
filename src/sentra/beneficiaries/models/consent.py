"""The consent ledger (UU PDP): one row per consent, withdrawn but never edited."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models.family import Relationship
from sentra.beneficiaries.models.registry import Beneficiary, _centre_scope
from sentra.core.querysets import ScopedQuerySet


def evidence_upload_to(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"beneficiaries/consent/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Receiving services")
    REFERRAL_SHARING = "referral_sharing", _("Sharing data with a referral target")
    PHOTO_PUBLICATION = "photo_publication", _("Photos and publication")
    RESEARCH = "research", _("Research")


class ConsentGiver(models.TextChoices):
    SELF = "self", _("The person")
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    RECORDED = "recorded", _("Recorded (audio/video)")
    WITNESSED_VERBAL = "witnessed_verbal", _("Verbal, witnessed")


class ConsentQuerySet(ScopedQuerySet["Consent"]):
    def visible_to(self, user: Any) -> ConsentQuerySet:
        scope = _centre_scope(user, "beneficiary__registered_sentra_id")
        return self if scope is None else self.filter(scope)

    def in_force(self, on: Any = None) -> ConsentQuerySet:
        day = on or timezone.localdate()
        return self.filter(given_on__lte=day).filter(
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=day)
        )


class Consent(models.Model):
    """One entry of the consent ledger: never edited, only withdrawn (with date, by whom, why)."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("beneficiary"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    purpose_detail = models.CharField(
        _("details of the purpose"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the referral target, the publication or the research project."),
    )
    given_by = models.CharField(_("given by"), max_length=10, choices=ConsentGiver.choices)
    guardian = models.ForeignKey(
        Relationship,
        verbose_name=_("parent or guardian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_given",
    )
    giver_name = models.CharField(_("name of the person consenting"), max_length=200, blank=True)
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)
    accessible_format = models.CharField(
        _("accessible format used"),
        max_length=200,
        blank=True,
        help_text=_("E.g. sign-language interpreter, easy-read, braille, read aloud in the local language."),
    )
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    evidence = models.FileField(_("evidence (scan or recording)"), upload_to=evidence_upload_to, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["beneficiary", "purpose"], name="benef_consent_purpose_idx")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.get_given_by_display()} ({self.given_on})"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_on is None or self.withdrawn_on > timezone.localdate()
