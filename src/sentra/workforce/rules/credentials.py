"""Credential rules: who may manage a case, and when an expiry alert is due.

Source: UU 14/2019 tentang Pekerja Sosial — Ps 1 (a pekerja sosial holds a *sertifikat kompetensi*),
Ps 28 (every practising social worker holds an STR), Ps 29 (the STR requires the sertifikat);
the case-management team model makes the pekerja sosial the *manajer kasus* (domain-indonesia.md §1.8).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PEKSOS = "pekerja_sosial"
CERTIFICATE = "sertifikat_kompetensi"
STR = "str"


@dataclass(frozen=True, slots=True)
class CredentialFacts:
    id: int
    kind: str
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    revoked_on: datetime.date | None = None

    def valid_on(self, day: datetime.date) -> bool:
        return (
            self.revoked_on is None
            and (self.issued_on is None or self.issued_on <= day)
            and (self.expires_on is None or self.expires_on >= day)
        )


# Why someone may not manage cases, in the order they are checked.
NO_STAFF_RECORD = "no_staff_record"
NOT_ACTIVE = "not_active"
NOT_PEKSOS = "not_peksos"
NO_CERTIFICATE = "no_certificate"
NO_VALID_STR = "no_valid_str"


def case_manager_problem(
    *,
    has_staff_record: bool,
    active: bool,
    profession: str,
    credentials: Iterable[CredentialFacts],
    on: datetime.date,
) -> str | None:
    """The first reason this person may not be a case manager on ``on``, or None when they may."""
    if not has_staff_record:
        return NO_STAFF_RECORD
    if not active:
        return NOT_ACTIVE
    if profession != PEKSOS:
        return NOT_PEKSOS
    valid = [credential for credential in credentials if credential.valid_on(on)]
    if not any(credential.kind == CERTIFICATE for credential in valid):
        return NO_CERTIFICATE
    if not any(credential.kind == STR for credential in valid):
        return NO_VALID_STR
    return None


def alert_threshold(
    expires_on: datetime.date | None, today: datetime.date, thresholds: Sequence[int]
) -> int | None:
    """The alert window a credential is in today: the smallest threshold (days) not yet passed.

    A credential 80 days from expiry is in the 90-day window; 20 days from expiry in the 30-day window
    (a credential first entered 20 days before expiry gets only the 30-day alert, not both). Expired
    credentials and those without expiry are in none.
    """
    if expires_on is None:
        return None
    days_left = (expires_on - today).days
    if days_left < 0:
        return None
    inside = [threshold for threshold in thresholds if days_left <= threshold]
    return min(inside) if inside else None
