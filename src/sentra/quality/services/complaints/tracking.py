"""The complainant's side: the tracking page look-up and the rating of the handling."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.quality import conf
from sentra.quality.models import (
    Complaint,
    EventKind,
)
from sentra.quality.rules.codes import TRACKING_CODE_LENGTH, looks_like_code, normalise_code
from sentra.quality.rules.complaints import (
    Status,
)
from sentra.quality.services._common import PUBLIC, minutes, rate_limited
from sentra.quality.services.complaints.access import add_event


def tracking_lookup(*, code: str, address: str | None = None) -> Complaint | None:
    """The complaint behind a tracking code, or None; look-ups are rate limited per address."""
    if rate_limited(
        "tracking",
        address,
        limit=conf.tracking_rate_limit(),
        window_seconds=conf.complaint_rate_window_seconds(),
    ):
        raise ValidationError(
            {
                "code": [
                    _(
                        "Too many look-ups from your connection. Please try again in {minutes} minutes."
                    ).format(minutes=minutes(conf.complaint_rate_window_seconds()))
                ]
            }
        )
    if not looks_like_code(code, TRACKING_CODE_LENGTH):
        return None
    return (
        Complaint.objects.select_related("sentra", "category")
        .filter(tracking_code=normalise_code(code))
        .first()
    )


@transaction.atomic
def complaint_rate(*, complaint: Complaint, rating: int, comment: str = "") -> Complaint:
    """The complainant rates the handling once the complaint is resolved (once)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    errors: dict[str, list[str]] = {}
    if complaint.status != Status.RESOLVED:
        errors["__all__"] = [_("You can rate the handling once the complaint is resolved.")]
    elif complaint.rating is not None:
        errors["__all__"] = [_("The handling of this complaint has already been rated.")]
    if not (isinstance(rating, int) and 1 <= rating <= 4):
        errors["rating"] = [_("Choose a rating from 1 to 4.")]
    if len(comment) > 2000:
        errors["comment"] = [_("Keep the comment under 2000 characters.")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(complaint)
    complaint.rating = rating
    complaint.rating_comment = comment.strip()
    complaint.rated_at = timezone.now()
    complaint.save(update_fields=["rating", "rating_comment", "rated_at"])
    audit.record_update(
        actor=None, instance=complaint, before=before, sentra_id=complaint.sentra_id, actor_label=PUBLIC
    )
    add_event(complaint, None, EventKind.RATED, str(rating))
    return complaint
