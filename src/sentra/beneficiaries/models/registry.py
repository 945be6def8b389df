"""The person record (penerima manfaat), its choices and who may open it.

Identifiers (NIK, KK number) are stored encrypted (``EncryptedTextField``) next to a keyed look-up
hash (``core.crypto.lookup_hash``), so a database dump reveals neither and exact look-ups stay indexed.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.fields import EncryptedTextField
from sentra.core.querysets import ScopedQuerySet, centre_ids_of

_REGISTRATION_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_registration_number() -> str:
    """``PM-XXXX-XXXX``: random, so it reveals neither a count nor an order of registration."""
    bits = int.from_bytes(secrets.token_bytes(5), "big")  # 40 random bits, 5 per character
    body = "".join(_REGISTRATION_ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return f"PM-{body[:4]}-{body[4:]}"


def _centre_scope(user: Any, centre_field: str) -> models.Q | None:
    """``None`` = everything (sysadmin); an always-false Q for roles that see no person; else the centres."""
    if not getattr(user, "is_authenticated", False):
        return models.Q(pk__in=[])
    if user.role == "sysadmin":
        return None
    if user.role == "national_analyst":
        # National users see aggregates only (insights), never a person's record.
        return models.Q(pk__in=[])
    return models.Q(**{f"{centre_field}__in": centre_ids_of(user)})


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class NoNikReason(models.TextChoices):
    IDENTITY_UNKNOWN = "identity_unknown", _("Identity not yet known (e.g. ODGJ found on the street)")
    NEVER_REGISTERED = "never_registered", _("Never registered with Dukcapil")
    DOCUMENTS_LOST = "documents_lost", _("Documents lost or held by someone else")
    CHILD_NOT_REGISTERED = "child_not_registered", _("Child not yet on a family card")
    FOREIGN_OR_STATELESS = "foreign_or_stateless", _("Foreign national or stateless")
    DECLINED = "declined", _("Person declined to give it")
    OTHER = "other", _("Other (explain)")


class IntakeChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    DINSOS_REFERRAL = "dinsos_referral", _("Referral from dinas sosial")
    HOTLINE = "hotline", _("Hotline / command centre")
    PUBLIC_REPORT = "public_report", _("Public report")
    COURT = "court", _("Court")
    HOSPITAL = "hospital", _("Hospital")
    OUTREACH = "outreach", _("Outreach")


class DisabilityType(models.TextChoices):
    """Washington Group functional domains plus the psychosocial and intellectual categories of UU 8/2016."""

    SEEING = "seeing", _("Seeing (sensory: vision)")
    HEARING = "hearing", _("Hearing (sensory: hearing)")
    COMMUNICATION = "communication", _("Communication / speech (sensory: speech)")
    MOBILITY = "mobility", _("Walking or climbing steps (physical)")
    UPPER_BODY = "upper_body", _("Upper body / hands (physical)")
    COGNITION = "cognition", _("Remembering or concentrating")
    INTELLECTUAL = "intellectual", _("Intellectual")
    SELF_CARE = "self_care", _("Self-care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial / mental (incl. ODGJ)")


class QualityFlag(models.TextChoices):
    """Data-quality flags shown on the record: facts to check, never a reason to refuse."""

    NO_NIK = "no_nik", _("No NIK: pursue civil registration")
    NIK_SEX_MISMATCH = "nik_sex_mismatch", _("The NIK encodes a different sex than recorded")
    NIK_BIRTH_DATE_MISMATCH = (
        "nik_birth_date_mismatch",
        _("The NIK encodes a different birth date than recorded"),
    )
    NIK_REGION_UNKNOWN = "nik_region_unknown", _("The NIK's district code is not in the current region list")
    AGE_OVER_100 = "age_over_100", _("Recorded age over 100: check the birth year")
    BIRTH_DATE_ESTIMATED = "birth_date_estimated", _("Birth date estimated")
    NO_REGION = "no_region", _("No Kemendagri region recorded for the address")


PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ()-]{6,30}$", _("Use digits, spaces, brackets or dashes (at least 6).")
)


class BeneficiaryQuerySet(ScopedQuerySet["Beneficiary"]):
    def visible_to(self, user: Any) -> BeneficiaryQuerySet:
        """Who may open a person's record.

        * system administrators: everyone;
        * national analysts: no one (they read aggregates in ``insights``, never a person);
        * centre roles: the persons registered at one of their centres, the persons one of their
          centres holds a case for (cases move with a transfer), and the persons whose referral to
          one of their centres was accepted. While a referral is only pending, the receiving centre
          reads the referral's shared summary, not the record.

        Pages, the API, exports and search all go through this one method. The cases models are
        looked up through the app registry because the cases app imports this module.
        """
        scope = _centre_scope(user, "registered_sentra_id")
        if scope is None:
            return self
        if user.is_authenticated and user.role != "national_analyst":
            from django.apps import apps

            ids = centre_ids_of(user)
            case_model = apps.get_model("cases", "Case")
            referral_model = apps.get_model("cases", "Referral")
            scope |= models.Q(pk__in=case_model.objects.filter(sentra_id__in=ids).values("beneficiary_id"))
            accepted = referral_model.objects.filter(to_sentra_id__in=ids, status="accepted")
            scope |= models.Q(pk__in=accepted.values("case__beneficiary_id"))
        return self.filter(scope)

    def active(self) -> BeneficiaryQuerySet:
        """Records not merged into another one (the merged ones stay, for history and unmerge)."""
        return self.filter(merged_into__isnull=True)


def photo_upload_to(instance: Beneficiary, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"beneficiaries/photos/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Beneficiary(models.Model):
    """A person registered by a centre (penerima manfaat)."""

    registration_number = models.CharField(
        _("registration number"), max_length=20, unique=True, default=new_registration_number, editable=False
    )
    registered_sentra = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("registering centre"),
        on_delete=models.PROTECT,
        related_name="registered_beneficiaries",
    )
    # Identifiers: encrypted value + keyed hash for exact look-up.
    nik = EncryptedTextField(_("NIK"), blank=True, default="")
    nik_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    no_nik_reason = models.CharField(
        _("reason there is no NIK"), max_length=30, choices=NoNikReason.choices, blank=True
    )
    no_nik_note = models.TextField(_("no-NIK explanation"), blank=True)
    kk_number = EncryptedTextField(_("family card (KK) number"), blank=True, default="")
    kk_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    # Names.
    full_name = models.CharField(_("full name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    # Normalised aliases joined by " | ", so that search finds a person by a known alias too.
    aliases_key = models.TextField(blank=True, default="", editable=False)
    # Birth.
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    birth_date_estimated = models.BooleanField(_("birth date is an estimate"), default=False)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age (years)"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    # Where the person lives.
    address = models.TextField(_("address"), blank=True)
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kemendagri code of the village (or the smallest known region)."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[PHONE_VALIDATOR])
    # Needs.
    clusters = models.JSONField(_("clusters"), default=list, blank=True)
    disability_types = models.JSONField(_("disability types"), default=list, blank=True)
    health_notes = EncryptedTextField(_("health and disability notes"), blank=True, default="")
    intake_channel = models.CharField(_("intake channel"), max_length=20, choices=IntakeChannel.choices)
    # External references (DTKS/DTSEN): a reference with its snapshot date, never an authoritative copy.
    dtks_reference = models.CharField(_("DTKS/DTSEN reference"), max_length=40, blank=True)
    dtks_snapshot_date = models.DateField(_("DTKS/DTSEN snapshot date"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to=photo_upload_to, blank=True, max_length=200)
    quality_flags = models.JSONField(_("data-quality flags"), default=list, blank=True, editable=False)
    # Bookkeeping.
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Deterministic key of name + birth date + region for rows without a NIK (re-imports never duplicate).
    import_key = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    import_job = models.ForeignKey(
        "ImportJob",
        verbose_name=_("imported from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="beneficiaries",
        editable=False,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nik_hash"], condition=~models.Q(nik_hash=""), name="beneficiaries_nik_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(nik_hash="") | ~models.Q(no_nik_reason=""),
                name="beneficiaries_nik_or_reason",
            ),
            models.CheckConstraint(condition=models.Q(sex__in=["M", "F"]), name="beneficiaries_sex_valid"),
        ]
        indexes = [
            models.Index(fields=["registered_sentra", "created_at"], name="benef_sentra_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.registration_number})"

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_child(self) -> bool:
        """Under 18 today (UU PDP Pasal 25: a child's data needs a parent's or guardian's consent)."""
        age = self.age
        return age is not None and age < 18

    @property
    def cluster_labels(self) -> list[str]:
        from sentra.network.models import Cluster

        labels = dict(Cluster.choices)
        return [str(labels.get(value, value)) for value in self.clusters]

    @property
    def disability_labels(self) -> list[str]:
        labels = dict(DisabilityType.choices)
        return [str(labels.get(value, value)) for value in self.disability_types]

    @property
    def quality_flag_labels(self) -> list[tuple[str, str]]:
        labels = dict(QualityFlag.choices)
        return [(flag, str(labels.get(flag, flag))) for flag in self.quality_flags]
