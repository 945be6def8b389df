"""Duplicate-finder reason codes in words."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.rules import duplicates

REASON_TEXT: dict[str, Promise] = {
    duplicates.NAME_IDENTICAL: _("Same name once spelling variants are evened out"),
    duplicates.NAME_SIMILAR: _("Similar name ({value}%)"),
    duplicates.NAME_CONTAINED: _("One name contains the other ({value}%)"),
    duplicates.ALIAS_MATCH: _("Matches a known alias ({value}%)"),
    duplicates.BIRTH_DATE_SAME: _("Same birth date"),
    duplicates.BIRTH_DATE_TRANSPOSED: _("Birth date differs by a typing slip (day/month or year)"),
    duplicates.BIRTH_YEAR_SAME: _("Same birth year"),
    duplicates.BIRTH_YEAR_CLOSE: _("Birth years about {value} year(s) apart"),
    duplicates.BIRTH_DATE_FAR: _("Birth dates about {value} years apart"),
    duplicates.BIRTH_DATE_UNKNOWN: _("Birth date unknown on one record"),
    duplicates.REGION_VILLAGE: _("Same village"),
    duplicates.REGION_DISTRICT: _("Same district"),
    duplicates.REGION_REGENCY: _("Same regency/city"),
    duplicates.REGION_PROVINCE: _("Same province"),
    duplicates.SEX_DIFFERS: _("Different sex"),
    duplicates.KK_SAME: _("Same family card (KK): may be a relative"),
}


def reason_text(reason: Any) -> str:
    """A ``Reason`` or its dict form, in words."""
    code = reason["code"] if isinstance(reason, dict) else reason.code
    value = reason.get("value") if isinstance(reason, dict) else reason.value
    template = REASON_TEXT.get(code)
    if template is None:
        return str(code)
    return str(template).format(value=value if value is not None else "")


def reasons_text(reasons: Any) -> list[str]:
    return [reason_text(reason) for reason in reasons]
