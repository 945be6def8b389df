"""Persons for the registry tests, built through the same rules as registration."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from sentra.beneficiaries.models import Beneficiary, Consent, Relationship
from sentra.beneficiaries.rules.nik import build_nik
from sentra.beneficiaries.services.registration import BeneficiaryInput, beneficiary_create_unchecked
from sentra.network.models import Sentra
from tests.factories import region

_serials = itertools.count(1)


def nik_for(
    birth_date: datetime.date, sex: str = "M", district: str = "32.75.01", serial: int | None = None
) -> str:
    return build_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial or next(_serials))


def person(sentra: Sentra, full_name: str = "Budi Santoso", **fields: Any) -> Beneficiary:
    """A saved person; ``nik=None`` (the default) registers one without a NIK."""
    fields.setdefault("sex", "M")
    fields.setdefault("intake_channel", "walk_in")
    if "birth_date" not in fields and "estimated_age" not in fields:
        fields["birth_date"] = datetime.date(1980, 6, 15)
    if fields.get("nik") is None:
        fields["nik"] = ""
        fields.setdefault("no_nik_reason", "never_registered")
    if fields.get("region_code"):
        region(fields["region_code"])
    beneficiary = beneficiary_create_unchecked(
        actor=None, sentra=sentra, data=BeneficiaryInput(full_name=full_name, **fields)
    )
    beneficiary.save()
    return beneficiary


def child(sentra: Sentra, full_name: str = "Rina Putri", **fields: Any) -> Beneficiary:
    today = datetime.date.today()  # noqa: DTZ011 - a birth date a few years back
    fields.setdefault("birth_date", today.replace(year=today.year - 10, day=1))
    fields.setdefault("sex", "F")
    return person(sentra, full_name, **fields)


def guardian_of(beneficiary: Beneficiary, name: str = "Sri Wahyuni", kind: str = "mother") -> Relationship:
    return Relationship.objects.create(
        beneficiary=beneficiary,
        person_name=name,
        relationship_type=kind,
        is_guardian=kind == "legal_guardian",
    )


def consent(beneficiary: Beneficiary, purpose: str = "services", **fields: Any) -> Consent:
    fields.setdefault("given_by", "self")
    fields.setdefault("method", "written")
    fields.setdefault("given_on", datetime.date(2026, 1, 5))
    return Consent.objects.create(beneficiary=beneficiary, purpose=purpose, **fields)
