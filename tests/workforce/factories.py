"""Workforce test helpers: staff records with credentials, and the framework restored after a flush."""

from __future__ import annotations

import datetime
import importlib
import itertools
from typing import Any

from django.apps import apps
from django.utils import timezone

from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.workforce.models import Competency, Credential, CredentialKind, StaffMember

_numbers = itertools.count(1)


def ensure_framework() -> None:
    if not Competency.objects.exists():
        module = importlib.import_module("sentra.workforce.migrations.0002_competency_framework")
        module.load_framework(apps, None)


def make_staff(
    sentra: Sentra,
    *,
    profession: str = "pekerja_sosial",
    user: User | None = None,
    name: str | None = None,
    **extra: Any,
) -> StaffMember:
    today = timezone.localdate()
    defaults: dict[str, Any] = {
        "full_name": name or f"Staf {next(_numbers)}",
        "profession": profession,
        "peksos_level": "generalis" if profession == "pekerja_sosial" else "",
        "employment_type": "asn",
        "start_date": today - datetime.timedelta(days=800),
    }
    defaults.update(extra)
    return StaffMember.objects.create(sentra=sentra, user=user, **defaults)


def add_credential(
    staff: StaffMember,
    kind: str,
    *,
    expires_in: int | None = None,
    issued_days_ago: int = 400,
    name: str = "",
) -> Credential:
    today = timezone.localdate()
    return Credential.objects.create(
        staff=staff,
        kind=kind,
        name=name,
        number=f"{kind}-{next(_numbers)}",
        issued_on=today - datetime.timedelta(days=issued_days_ago),
        expires_on=None if expires_in is None else today + datetime.timedelta(days=expires_in),
    )


def certified_peksos(sentra: Sentra, user: User | None = None, **extra: Any) -> StaffMember:
    staff = make_staff(sentra, user=user, **extra)
    add_credential(staff, CredentialKind.SERTIFIKAT_KOMPETENSI)
    add_credential(staff, CredentialKind.STR, expires_in=700)
    return staff
