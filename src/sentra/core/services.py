"""Writes of the core app: sign-in outcomes, two-factor enrolment, API tokens, accounts.

Every function is keyword-only, runs in one transaction and leaves an audit row.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit, crypto, rules
from sentra.core.models import ApiToken, AuditAction, Profession, Role, User

TOKEN_BYTES = 32


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    error: str = ""


def _register_failure(user: User, now: datetime.datetime) -> None:
    decision = rules.after_failed_login(
        failed_count=user.failed_login_count,
        now=now,
        max_failures=settings.SENTRA_LOGIN_MAX_FAILURES,
        lockout_minutes=settings.SENTRA_LOGIN_LOCKOUT_MINUTES,
    )
    user.failed_login_count = decision.failed_count
    if decision.locked_until is not None:
        user.locked_until = decision.locked_until
    user.save(update_fields=["failed_login_count", "locked_until"])
    if decision.locked_until is not None:
        audit.record(actor=None, actor_label=user.username, action=AuditAction.LOCKED, instance=user)


@transaction.atomic
def sign_in_password(*, username: str, password: str) -> SignInResult:
    """Check a username and password, counting failures toward a temporary lockout."""
    now = timezone.now()
    generic = _("The username or password is not correct.")
    user = User.objects.select_for_update().filter(username=username).first()
    if user is not None and user.is_locked(now):
        audit.record(
            actor=None,
            actor_label=username,
            action=AuditAction.LOGIN_FAILED,
            instance=user,
            changes={"reason": ["", "locked"]},
        )
        return SignInResult(
            None, _("This account is locked after repeated failed sign-ins. Try again later.")
        )
    authenticated = authenticate(username=username, password=password)
    if authenticated is None:
        audit.record(
            actor=None,
            actor_label=username[:150],
            action=AuditAction.LOGIN_FAILED,
            object_type="core.user",
            object_id=str(user.pk) if user else "",
            changes={"reason": ["", "bad_credentials"]},
        )
        if user is not None:
            _register_failure(user, now)
            if user.is_locked(now):
                return SignInResult(
                    None, _("This account is locked after repeated failed sign-ins. Try again later.")
                )
        return SignInResult(None, generic)
    assert isinstance(authenticated, User)
    if authenticated.failed_login_count or authenticated.locked_until:
        authenticated.failed_login_count = 0
        authenticated.locked_until = None
        authenticated.save(update_fields=["failed_login_count", "locked_until"])
    return SignInResult(authenticated)


def record_sign_in(*, user: User) -> None:
    audit.record(actor=user, action=AuditAction.LOGIN, instance=user)


def record_sign_out(*, user: User) -> None:
    audit.record(actor=user, action=AuditAction.LOGOUT, instance=user)


def totp_for(user: User) -> pyotp.TOTP:
    return pyotp.TOTP(user.totp_secret)


@transaction.atomic
def two_factor_verify(*, user: User, code: str, secret: str | None = None) -> bool:
    """Accept a TOTP code once (no replay within its window); failures count toward lockout."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    if locked.is_locked(now):
        return False
    code = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(secret or locked.totp_secret)
    current = rules.totp_step(now)
    for step in (current - 1, current, current + 1):
        at = datetime.datetime.fromtimestamp(step * rules.TOTP_PERIOD_SECONDS, tz=datetime.UTC)
        if len(code) == 6 and secrets.compare_digest(totp.at(at), code) and step > locked.totp_last_used_step:
            locked.totp_last_used_step = step
            locked.failed_login_count = 0
            locked.save(update_fields=["totp_last_used_step", "failed_login_count"])
            user.totp_last_used_step = step
            return True
    _register_failure(locked, now)
    audit.record(
        actor=locked,
        action=AuditAction.LOGIN_FAILED,
        instance=locked,
        changes={"reason": ["", "bad_two_factor_code"]},
    )
    return False


def two_factor_new_secret() -> str:
    return pyotp.random_base32()


@transaction.atomic
def two_factor_enrol(*, user: User, secret: str, code: str) -> bool:
    """Confirm enrolment with a first valid code from the authenticator app."""
    if not two_factor_verify(user=user, code=code, secret=secret):
        return False
    user.refresh_from_db()
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    audit.record(
        actor=user,
        action=AuditAction.TWO_FACTOR,
        instance=user,
        changes={"totp": ["not enrolled", "enrolled"]},
    )
    return True


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, sentra_id: int | None = None) -> None:
    """An administrator clears a lost authenticator; the user enrols again at next sign-in.

    ``sentra_id`` names the centre on whose behalf it was done, so its head sees it in the audit log.
    """
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_used_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_used_step"])
    audit.record(
        actor=actor,
        action=AuditAction.TWO_FACTOR,
        instance=user,
        sentra_id=sentra_id,
        changes={"totp": ["enrolled", "reset"]},
    )


@transaction.atomic
def user_unlock(*, actor: User, user: User, sentra_id: int | None = None) -> None:
    before = audit.snapshot(user)
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["failed_login_count", "locked_until"])
    audit.record_update(actor=actor, instance=user, before=before, sentra_id=sentra_id)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    value: str


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> NewToken:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name may have at most 100 characters.")})
    value = "sentra_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=value[:12], token_hash=crypto.token_hash(value)
    )
    audit.record(actor=actor, action=AuditAction.TOKEN, instance=token, changes={"state": ["", "created"]})
    return NewToken(token=token, value=value)


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor, action=AuditAction.TOKEN, instance=token, changes={"state": ["active", "revoked"]}
    )


def api_token_authenticate(value: str) -> User | None:
    """The user behind an active token, or None. Updates last use at most once a minute."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=crypto.token_hash(value), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _validate_role(role: str, profession: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    if role == Role.PROFESSIONAL and profession not in Profession.values:
        raise ValidationError({"profession": _("A professional needs a profession.")})
    if role != Role.PROFESSIONAL and profession:
        raise ValidationError({"profession": _("Only the 'other professional' role has a profession.")})


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    profession: str = "",
    actor_label: str | None = None,
) -> User:
    _validate_role(role, profession)
    user = User(
        username=username,
        role=role,
        profession=profession,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.full_clean(exclude=["password"])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    audit.record_create(actor=actor, instance=user, actor_label=actor_label)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    role: str,
    first_name: str,
    last_name: str,
    email: str,
    profession: str = "",
    is_active: bool = True,
) -> User:
    _validate_role(role, profession)
    before = audit.snapshot(user)
    user.role = role
    user.profession = profession
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.is_active = is_active
    user.full_clean(exclude=["password"])
    user.save()
    audit.record_update(actor=actor, instance=user, before=before)
    return user


def housekeeping() -> dict[str, int]:
    """Periodic clean-up: expired sessions go, lockouts past their time are cleared."""
    from django.contrib.sessions.models import Session

    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    unlocked = User.objects.filter(locked_until__lt=now).update(locked_until=None, failed_login_count=0)
    return {"expired_sessions": sessions, "unlocked_accounts": unlocked}


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str) -> None:
    """A person changes their own password; the current one must be given."""
    if not user.check_password(current_password):
        raise ValidationError({"current_password": _("The current password is not correct.")})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    # The snapshot redacts both hashes, so the change is recorded explicitly.
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        instance=user,
        changes={"password": [audit.REDACTED, "changed"]},
    )
