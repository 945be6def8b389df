"""Credential expiry alerts, 90 and 30 days ahead, to the person and the centre head (idempotent)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from sentra.core import audit
from sentra.core.models import Role, User
from sentra.workforce.models import Credential, CredentialAlert
from sentra.workforce.rules.credentials import alert_threshold
from sentra.workforce.rules.standards import default_standards


def _heads_by_centre(centre_ids: set[int]) -> dict[int, list[User]]:
    heads: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.CENTRE_HEAD, is_active=True, memberships__sentra_id__in=centre_ids
    ).prefetch_related("memberships"):
        for membership in user.memberships.all():
            if membership.sentra_id in centre_ids:
                heads.setdefault(membership.sentra_id, []).append(user)
    return heads


def _renewed(due: list[Credential], day: datetime.date) -> set[int]:
    """Credentials already replaced: the same person holds one of the same kind valid beyond it."""
    later = Credential.objects.filter(
        staff_id__in={credential.staff_id for credential in due}, revoked_on__isnull=True
    ).values_list("pk", "staff_id", "kind", "name", "issued_on", "expires_on")
    replaced = set()
    for credential in due:
        assert credential.expires_on is not None
        for pk, staff_id, kind, name, issued_on, expires_on in later:
            if (staff_id, kind, name) != (
                credential.staff_id,
                credential.kind,
                credential.name,
            ) or pk == credential.pk:
                continue
            if (issued_on is None or issued_on <= day) and (
                expires_on is None or expires_on > credential.expires_on
            ):
                replaced.add(credential.pk)
                break
    return replaced


def send_credential_alerts(*, today: datetime.date | None = None) -> int:
    """Create the alerts due today; run daily by Celery beat. Returns how many were created.

    Each (credential, recipient, window, expiry date) is alerted once, so running twice a day, or
    after a missed day, neither repeats nor loses an alert; a renewed credential alerts again.
    """
    day = today or timezone.localdate()
    thresholds = default_standards().expiry_alert_days
    horizon = day + datetime.timedelta(days=max(thresholds))
    due = list(
        Credential.objects.filter(
            revoked_on__isnull=True,
            expires_on__gte=day,
            expires_on__lte=horizon,
            staff__end_date__isnull=True,
        ).select_related("staff", "staff__user")
    )
    heads = _heads_by_centre({credential.staff.sentra_id for credential in due})
    renewed = _renewed(due, day)
    created = 0
    for credential in due:
        if credential.pk in renewed:
            continue
        window = alert_threshold(credential.expires_on, day, thresholds)
        if window is None or credential.expires_on is None:
            continue
        recipients = {head.pk: head for head in heads.get(credential.staff.sentra_id, [])}
        person = credential.staff.user
        if person is not None and person.is_active:
            recipients[person.pk] = person
        for recipient in recipients.values():
            try:
                with transaction.atomic():
                    alert, made = CredentialAlert.objects.get_or_create(
                        credential=credential,
                        recipient=recipient,
                        days_ahead=window,
                        expires_on=credential.expires_on,
                    )
                    if made:
                        audit.record_create(
                            actor=None,
                            instance=alert,
                            sentra_id=credential.staff.sentra_id,
                            actor_label="workforce",
                        )
                        created += 1
            except IntegrityError:  # a second worker created it at the same moment
                continue
    return created


@transaction.atomic
def alert_mark_read(*, actor: User, alert: CredentialAlert) -> CredentialAlert:
    """Only the recipient marks their alert read; the change is audited like any other write."""
    if alert.recipient_id != actor.pk:
        raise PermissionDenied
    alert = CredentialAlert.objects.select_for_update().select_related("credential__staff").get(pk=alert.pk)
    if alert.read_at is None:
        before = audit.snapshot(alert)
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
        audit.record_update(
            actor=actor, instance=alert, before=before, sentra_id=alert.credential.staff.sentra_id
        )
    return alert
