"""Break-glass: a national user's audited, time-limited access to one centre's personal records."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import Role, User
from sentra.insights.models import BreakGlassGrant
from sentra.network.models import Sentra

MAX_HOURS = 8
MIN_REASON = 20


@transaction.atomic
def grant_create(*, actor: User, sentra: Sentra, reason: str, hours: int) -> BreakGlassGrant:
    """Open a grant; the reason and the limit are checked before anything is saved."""
    if actor.role != Role.NATIONAL_ANALYST:
        raise PermissionDenied
    reason = reason.strip()
    errors: dict[str, str] = {}
    if len(reason) < MIN_REASON:
        errors["reason"] = _(
            "Reason: state why you need personal records, in at least {n} characters."
        ).format(n=MIN_REASON)
    if not 1 <= hours <= MAX_HOURS:
        errors["hours"] = _("Duration: choose between 1 and {n} hours.").format(n=MAX_HOURS)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=actor,
        sentra=sentra,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=hours),
    )
    audit.record_create(actor=actor, instance=grant, sentra_id=sentra.pk)
    return grant


@transaction.atomic
def grant_end(*, actor: User, grant: BreakGlassGrant) -> BreakGlassGrant:
    """End a grant early (its holder, or the head of the centre it opens)."""
    if grant.revoked_at is not None:
        return grant
    before = audit.snapshot(grant)
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit.record_update(actor=actor, instance=grant, before=before, sentra_id=grant.sentra_id)
    return grant
