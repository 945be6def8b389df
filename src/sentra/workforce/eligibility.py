"""Who may be a case manager: the rule the cases app calls where case managers are assigned.

Kept apart from the services so the cases app can import it without pulling in the rest of the
workforce app (which itself reads cases for caseloads).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core.models import User
from sentra.workforce.models import StaffMember
from sentra.workforce.rules import credentials as rules


def _message(problem: str, name: str) -> str:
    rule = _(
        "Rule: a case manager must be a certified social worker (pekerja sosial) with a valid STR "
        "(UU 14/2019 Articles 1, 28 and 29)."
    )
    reasons = {
        rules.NO_STAFF_RECORD: _("{name} has no staff record."),
        rules.NOT_ACTIVE: _("{name}'s staff record is not active."),
        rules.NOT_PEKSOS: _("{name} is not registered as a social worker."),
        rules.NO_CERTIFICATE: _("{name} has no valid certificate of competence (sertifikat kompetensi)."),
        rules.NO_VALID_STR: _("{name} has no valid STR."),
    }
    return f"{reasons[problem].format(name=name)} {rule}"


def case_manager_problem(user: User, *, on: datetime.date | None = None) -> str | None:
    """The translated reason ``user`` may not manage cases on ``on`` (today), or None when they may."""
    day = on or timezone.localdate()
    staff = StaffMember.objects.filter(user=user).first()
    facts = (
        [
            rules.CredentialFacts(c.pk, c.kind, c.issued_on, c.expires_on, c.revoked_on)
            for c in staff.credentials.all()
        ]
        if staff is not None
        else []
    )
    problem = rules.case_manager_problem(
        has_staff_record=staff is not None,
        active=staff is not None and staff.is_active_on(day),
        profession=staff.profession if staff is not None else "",
        credentials=facts,
        on=day,
    )
    if problem is None:
        return None
    return _message(problem, user.get_full_name() or user.username)
