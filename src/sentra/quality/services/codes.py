"""One-time codes: printed slips handed out when a service ends, each admitting one questionnaire."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.quality.models import PERIOD_MANAGER_ROLES, OneTimeCode, PeriodStatus, SurveyPeriod
from sentra.quality.rules.codes import ONE_TIME_CODE_LENGTH, new_code
from sentra.quality.services._common import require_centre_role

MAX_BATCH = 500


@transaction.atomic
def codes_generate(*, actor: User, period: SurveyPeriod, count: int) -> list[OneTimeCode]:
    """A new numbered batch of unique codes for the period."""
    require_centre_role(actor, period.sentra_id, PERIOD_MANAGER_ROLES)
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError(
            {"count": [_("Print between 1 and {max} codes at a time.").format(max=MAX_BATCH)]}
        )
    if period.status == PeriodStatus.CLOSED:
        raise ValidationError({"__all__": [_("The survey period is closed: reopen it to hand out codes.")]})
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    batch = (period.codes.aggregate(last=Max("batch"))["last"] or 0) + 1
    wanted: set[str] = set()
    while len(wanted) < count:
        candidates = {new_code(ONE_TIME_CODE_LENGTH) for _ in range(count - len(wanted))}
        taken = set(OneTimeCode.objects.filter(code__in=candidates).values_list("code", flat=True))
        wanted |= candidates - taken
    codes = OneTimeCode.objects.bulk_create(
        [OneTimeCode(period=period, code=code, batch=batch, created_by=actor) for code in sorted(wanted)]
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="quality.onetimecode",
        object_id=f"{period.pk}/{batch}",
        object_repr=_("{count} one-time codes, batch {batch} of {period}").format(
            count=len(codes), batch=batch, period=period.label
        ),
        sentra_id=period.sentra_id,
        changes={"batch": [None, batch], "count": [None, len(codes)]},
    )
    return codes
