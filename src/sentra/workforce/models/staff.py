"""Staff records and their credentials (Permensos 16/2017 SDM kesos; UU 14/2019 on Pekerja Sosial)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of

# Roles that manage a centre's people: they see every staff record of their centres.
STAFF_MANAGER_ROLES = frozenset({"centre_head", "hr"})


class StaffProfession(models.TextChoices):
    """Professions of SDM kesos (Permensos 16/2017) and the multiprofesi team (domain §1.8).

    Codes shared with ``sentra.core.models.Profession`` and the placement rules
    (``pekerja_sosial``) keep the same spelling, so the apps can compare them directly.
    """

    PEKERJA_SOSIAL = "pekerja_sosial", _("Social worker (pekerja sosial)")
    PSIKOLOG = "psikolog", _("Psychologist")
    PSIKIATER = "psikiater", _("Psychiatrist")
    KONSELOR_ADIKSI = "konselor_adiksi", _("Addiction counsellor")
    OKUPASI_TERAPIS = "okupasi_terapis", _("Occupational therapist")
    FISIOTERAPIS = "fisioterapis", _("Physiotherapist")
    PERAWAT = "perawat", _("Nurse")
    DOKTER = "dokter", _("Doctor")
    PENGASUH = "pengasuh", _("Caregiver")
    INSTRUKTUR_VOKASIONAL = "instruktur_vokasional", _("Vocational instructor")
    PEMBIMBING_ROHANI = "pembimbing_rohani", _("Spiritual counsellor")
    TKS = "tks", _("Social welfare worker (TKS)")
    PENYULUH_SOSIAL = "penyuluh_sosial", _("Social extension worker (penyuluh sosial)")
    ADMINISTRATIVE = "administrative", _("Administrative staff")


class PeksosLevel(models.TextChoices):
    """The three pekerja sosial levels of Permensos 16/2017."""

    ASISTEN = "asisten", _("Assistant social worker")
    GENERALIS = "generalis", _("Generalist social worker")
    SPESIALIS = "spesialis", _("Specialist social worker")


class EmploymentType(models.TextChoices):
    ASN = "asn", _("Civil servant (ASN/PNS)")
    PPPK = "pppk", _("Contract civil servant (PPPK)")
    CONTRACT = "contract", _("Contract staff")
    VOLUNTEER = "volunteer", _("Volunteer")


class StaffSex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Language(models.TextChoices):
    """Languages a staff member can serve in; sign languages first because cases ask for them."""

    BISINDO = "bisindo", _("Indonesian Sign Language (BISINDO)")
    SIBI = "sibi", _("Signed Indonesian (SIBI)")
    INDONESIAN = "id", _("Indonesian")
    JAVANESE = "jv", _("Javanese")
    SUNDANESE = "su", _("Sundanese")
    MADURESE = "mad", _("Madurese")
    MINANGKABAU = "min", _("Minangkabau")
    BATAK = "btk", _("Batak")
    BUGINESE = "bug", _("Buginese")
    BALINESE = "ban", _("Balinese")
    BANJAR = "bjn", _("Banjar")
    MALAY = "ms", _("Malay")
    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")
    ARABIC = "ar", _("Arabic")
    MANDARIN = "zh", _("Mandarin")


SIGN_LANGUAGES = frozenset({Language.BISINDO.value, Language.SIBI.value})


class StaffQuerySet(ScopedQuerySet["StaffMember"]):
    def visible_to(self, user: Any) -> StaffQuerySet:
        """Heads and HR see their centres' staff; anyone else only their own record.

        National analysts see no personal record (aggregates only); the system administrator sees all.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == "sysadmin":
            return self
        if user.role in STAFF_MANAGER_ROLES:
            return self.filter(models.Q(sentra_id__in=centre_ids_of(user)) | models.Q(user_id=user.pk))
        if user.role == "national_analyst":
            return self.none()
        return self.filter(user_id=user.pk)

    def active(self, on: datetime.date | None = None) -> StaffQuerySet:
        day = on or timezone.localdate()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=day), start_date__lte=day)


class StaffMember(models.Model):
    """One person working at a centre, with or without a Sentra account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_record",
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="staff"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    employee_number = models.CharField(
        _("employee number (NIP)"),
        max_length=30,
        blank=True,
        help_text=_("NIP for civil servants, or the centre's own staff number."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=StaffSex.choices, blank=True)
    profession = models.CharField(_("profession"), max_length=32, choices=StaffProfession.choices)
    peksos_level = models.CharField(
        _("social worker level"), max_length=12, choices=PeksosLevel.choices, blank=True
    )
    employment_type = models.CharField(_("employment type"), max_length=12, choices=EmploymentType.choices)
    functional_rank = models.CharField(
        _("functional rank"),
        max_length=100,
        blank=True,
        help_text=_("Jabatan fungsional, e.g. Pekerja Sosial Ahli Pertama."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    clusters = models.JSONField(
        _("clusters of expertise"),
        default=list,
        blank=True,
        help_text=_("The beneficiary clusters this person is experienced with."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "employee_number"],
                condition=~models.Q(employee_number=""),
                name="workforce_staff_number_once_per_centre",
            ),
            models.CheckConstraint(
                condition=models.Q(profession="pekerja_sosial") | models.Q(peksos_level=""),
                name="workforce_staff_level_only_for_peksos",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="workforce_staff_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["sentra", "profession"], name="workforce_staff_prof_idx")]

    def __str__(self) -> str:
        return self.full_name

    def is_active_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class CredentialKind(models.TextChoices):
    SERTIFIKAT_KOMPETENSI = "sertifikat_kompetensi", _("Certificate of competence (sertifikat kompetensi)")
    STR = "str", _("Registration certificate (STR)")
    OTHER = "other", _("Other licence")


class CredentialQuerySet(ScopedQuerySet["Credential"]):
    def visible_to(self, user: Any) -> CredentialQuerySet:
        return self.filter(staff__in=StaffMember.objects.visible_to(user))

    def valid_on(self, day: datetime.date) -> CredentialQuerySet:
        """Issued by ``day`` and not expired on it (no expiry date: valid for life)."""
        return self.filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day),
            models.Q(issued_on__isnull=True) | models.Q(issued_on__lte=day),
            revoked_on__isnull=True,
        )


class Credential(models.Model):
    """A sertifikat kompetensi (UU 14/2019 Ps 1), an STR (Ps 28-29) or another licence (SIPP, STR Nakes)."""

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CredentialKind.choices)
    name = models.CharField(
        _("licence name"),
        max_length=120,
        blank=True,
        help_text=_("For other licences, e.g. SIPP or STR Nakes."),
    )
    number = models.CharField(_("number"), max_length=80)
    issuer = models.CharField(_("issued by"), max_length=150, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["staff_id", "kind", "-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name", "number"], name="workforce_credential_number_once"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="workforce_credential_expiry_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"], name="workforce_credential_exp_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.revoked_on is None
            and (self.issued_on is None or self.issued_on <= day)
            and (self.expires_on is None or self.expires_on >= day)
        )


class CredentialAlertQuerySet(ScopedQuerySet["CredentialAlert"]):
    def visible_to(self, user: Any) -> CredentialAlertQuerySet:
        """An alert is read by the person it was sent to, nobody else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient_id=user.pk)


class CredentialAlert(models.Model):
    """An expiry warning, sent once per credential, expiry date, threshold and recipient."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="alerts")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    days_ahead = models.PositiveSmallIntegerField(_("days ahead"))
    # The expiry date the alert was about: a renewed credential (new date) alerts again.
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = CredentialAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("credential expiry alert")
        verbose_name_plural = _("credential expiry alerts")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "recipient", "days_ahead", "expires_on"], name="workforce_alert_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential} · {self.days_ahead}"
