"""Users, roles and the append-only audit and access logs."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.fields import EncryptedTextField
from sentra.core.querysets import ScopedQuerySet, centre_ids_of


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Social worker (case manager)")
    PROFESSIONAL = "professional", _("Other professional")
    INTAKE = "intake", _("Intake / administrative staff")
    CENTRE_HEAD = "centre_head", _("Centre head")
    HR = "hr", _("HR / training staff")
    NATIONAL_ANALYST = "national_analyst", _("National analyst")
    SYSADMIN = "sysadmin", _("System administrator")


# Roles whose work is tied to the centres they belong to; the others work nationally.
CENTRE_ROLES = frozenset({Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR})


class Profession(models.TextChoices):
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


class UserQuerySet(ScopedQuerySet["User"]):
    def visible_to(self, user: Any) -> UserQuerySet:
        """Administrators see every account; centre heads and HR their centres' people; others themselves."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.SYSADMIN:
            return self
        if user.role in (Role.CENTRE_HEAD, Role.HR):
            same_centre = models.Q(memberships__sentra_id__in=centre_ids_of(user))
            return self.filter(same_centre | models.Q(pk=user.pk)).distinct()
        return self.filter(pk=user.pk)


class SentraUserManager(UserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: Any) -> UserQuerySet:
        return self.get_queryset().visible_to(user)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    profession = models.CharField(
        _("profession"),
        max_length=32,
        choices=Profession.choices,
        blank=True,
        help_text=_("Required for the 'other professional' role."),
    )
    totp_secret = EncryptedTextField(_("two-factor secret"), blank=True, default="")
    totp_confirmed_at = models.DateTimeField(_("two-factor enrolled at"), null=True, blank=True)
    totp_last_used_step = models.BigIntegerField(default=0, editable=False)
    failed_login_count = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects: ClassVar[SentraUserManager] = SentraUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="professional") | ~models.Q(profession=""),
                name="core_user_professional_has_profession",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_national(self) -> bool:
        return self.role in (Role.NATIONAL_ANALYST, Role.SYSADMIN)

    @property
    def is_sysadmin(self) -> bool:
        return self.role == Role.SYSADMIN

    @property
    def requires_two_factor(self) -> bool:
        from django.conf import settings

        return self.role in settings.SENTRA_2FA_ROLES

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret) and self.totp_confirmed_at is not None

    def is_locked(self, now: Any = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class AppendOnlyQuerySet(ScopedQuerySet[Any]):
    """Audit rows: administrators see all, a centre head those of the centres they lead, others none."""

    def visible_to(self, user: Any) -> AppendOnlyQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.SYSADMIN:
            return self
        if user.role == Role.CENTRE_HEAD:
            return self.filter(sentra_id__in=centre_ids_of(user))
        return self.none()

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit rows are append-only")


class AppendOnlyModel(models.Model):
    """Rows are written once; the database trigger in migration 0002 enforces it on PostgreSQL too."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit rows are append-only")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED = "locked", _("Account locked")
    LOGOUT = "logout", _("Logged out")
    TWO_FACTOR = "two_factor", _("Two-factor change")
    TOKEN = "token", _("API token change")
    EXPORT = "export", _("Exported")


class AuditEvent(AppendOnlyModel):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    # The centre the record belongs to, kept as a plain id so core does not depend on network.
    sentra_id = models.BigIntegerField(_("centre"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("page or endpoint"), max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )


class AccessLogEntry(AppendOnlyModel):
    """A read of sensitive personal data (UU PDP): who read which record, when, where and why."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("who (as recorded)"), max_length=150)
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    sentra_id = models.BigIntegerField(_("centre"), null=True, blank=True, db_index=True)
    category = models.CharField(_("data category"), max_length=50)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    path = models.CharField(_("page or endpoint"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_access_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} read {self.object_type}#{self.object_id}"


class ApiTokenQuerySet(ScopedQuerySet["ApiToken"]):
    def visible_to(self, user: Any) -> ApiTokenQuerySet:
        """A token is only ever its owner's business."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the value is shown once, at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("First characters, to recognise a token.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
