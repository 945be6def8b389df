"""The beneficiary (penerima manfaat, PM) registry: persons, family links, consent, duplicates, imports.

Field names here are a contract with the ``cases`` app; do not rename them.

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

# Crockford base32 without I, L, O, U: unambiguous on paper and over the phone.
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


def evidence_upload_to(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"beneficiaries/consent/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


def import_upload_to(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"beneficiaries/imports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


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


# --- Family and guardians ---------------------------------------------------------------------------


class RelationshipType(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    SPOUSE = "spouse", _("Spouse")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    UNCLE_AUNT = "uncle_aunt", _("Uncle / aunt")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian (wali)")
    CAREGIVER = "caregiver", _("Caregiver")
    OTHER = "other", _("Other")


class RelationshipQuerySet(ScopedQuerySet["Relationship"]):
    def visible_to(self, user: Any) -> RelationshipQuerySet:
        scope = _centre_scope(user, "beneficiary__registered_sentra_id")
        return self if scope is None else self.filter(scope)


class Relationship(models.Model):
    """``beneficiary``'s relative or guardian: another registered person or a named outside person."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("beneficiary"), on_delete=models.CASCADE, related_name="relationships"
    )
    related_beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("registered person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="related_to",
    )
    person_name = models.CharField(_("name (not registered)"), max_length=200, blank=True)
    person_phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[PHONE_VALIDATOR])
    person_address = models.TextField(_("address"), blank=True)
    relationship_type = models.CharField(_("relationship"), max_length=20, choices=RelationshipType.choices)
    is_guardian = models.BooleanField(_("guardian (may consent for the person)"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("family or guardian link")
        verbose_name_plural = _("family and guardian links")
        ordering = ["-is_guardian", "relationship_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(related_beneficiary__isnull=False, person_name="")
                    | models.Q(related_beneficiary__isnull=True) & ~models.Q(person_name="")
                ),
                name="beneficiaries_relationship_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_relationship_type_display()})"

    @property
    def display_name(self) -> str:
        if self.related_beneficiary_id is not None and self.related_beneficiary is not None:
            return self.related_beneficiary.full_name
        return self.person_name


# --- Consent ledger (UU PDP) --------------------------------------------------------------------------


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


# --- Duplicates and merges ------------------------------------------------------------------------------


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MERGED = "merged", _("Merged")
    DISTINCT = "distinct", _("Distinct persons")


class DuplicateReviewQuerySet(ScopedQuerySet["DuplicateReview"]):
    def visible_to(self, user: Any) -> DuplicateReviewQuerySet:
        """A pair is visible to a centre when both of its records are (nothing leaks across centres)."""
        scope = _centre_scope(user, "first__registered_sentra_id")
        if scope is None:
            return self
        second = _centre_scope(user, "second__registered_sentra_id")
        assert second is not None
        return self.filter(scope & second)


class DuplicateReview(models.Model):
    """A possible duplicate pair for a person to decide on; the finder never merges on its own."""

    first = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    survivor = models.ForeignKey(
        Beneficiary,
        verbose_name=_("record kept"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    # What the merge changed (survivor's previous values, moved rows), so that unmerge can restore it.
    merge_state = models.JSONField(default=dict, blank=True, editable=False)
    unmerged_at = models.DateTimeField(_("unmerged at"), null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DuplicateReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("duplicate review")
        verbose_name_plural = _("duplicate reviews")
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="beneficiaries_review_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="beneficiaries_review_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.first_id} ~ #{self.second_id} ({self.score:.0f})"


# --- Bulk import -----------------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Checking rows")
    INVALID = "invalid", _("Rows with errors: nothing imported")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJobQuerySet(ScopedQuerySet["ImportJob"]):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        scope = _centre_scope(user, "sentra_id")
        return self if scope is None else self.filter(scope)


class ImportJob(models.Model):
    """One uploaded CSV/XLSX file of beneficiaries, checked then imported by a background task."""

    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    import_valid_rows = models.BooleanField(
        _("import the valid rows even if some have errors"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    existing_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary import")
        verbose_name_plural = _("beneficiary imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
