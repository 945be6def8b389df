"""The NIK rules wired to Django: the region list as look-up, today's date in Jakarta, translated messages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.rules import nik as nik_rules
from sentra.network.models import Region, RegionLevel

ERROR_TEXT: dict[str, Promise] = {
    nik_rules.NOT_16_DIGITS: _("A NIK has exactly 16 digits (spaces, dots and dashes are ignored)."),
    nik_rules.UNKNOWN_PROVINCE: _("The first two digits are not a Kemendagri province code."),
    nik_rules.REGENCY_00: _("Digits 3-4 (regency/city) cannot be 00."),
    nik_rules.DISTRICT_00: _("Digits 5-6 (district) cannot be 00."),
    nik_rules.DAY_OUT_OF_RANGE: _("Digits 7-8 (day of birth) must be 01-31 for men or 41-71 for women."),
    nik_rules.MONTH_OUT_OF_RANGE: _("Digits 9-10 (month of birth) must be 01-12."),
    nik_rules.NOT_A_CALENDAR_DATE: _("Digits 7-12 do not form a real calendar date."),
    nik_rules.SERIAL_0000: _("The last four digits (serial number) cannot be 0000."),
}
WARNING_TEXT: dict[str, Promise] = {
    nik_rules.REGION_NOT_IN_LIST: _(
        "The district code is not in the current Kemendagri list; it may be an old code from before a "
        "split (pemekaran). Check the KTP."
    ),
    nik_rules.BIRTH_DATE_IN_FUTURE: _("The birth date encoded in the NIK lies in the future."),
}


def error_text(code: str) -> str:
    return str(ERROR_TEXT.get(code, code))


def warning_text(code: str) -> str:
    return str(WARNING_TEXT.get(code, code))


def district_lookup() -> nik_rules.RegionLookup | None:
    """The known district codes, or None when no districts are loaded (then nothing can be checked)."""
    codes = frozenset(Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True))
    return codes or None


def single_district_lookup(code: str) -> bool | None:
    """Whether one district code is known; None when no districts are loaded at all."""
    if Region.objects.filter(code=code).exists():
        return True
    return None if not Region.objects.filter(level=RegionLevel.DISTRICT).exists() else False


def parse(raw: str) -> nik_rules.NikParse:
    """Parse a NIK against the stored region list and today's date in the default time zone."""
    today = timezone.localdate()
    first = nik_rules.parse_nik(raw, today=today)
    code = first.district_region_code
    if code is None or nik_rules.REGION_NOT_IN_LIST in first.warnings:
        return first
    known = single_district_lookup(code)
    if known is None:
        return first
    return nik_rules.parse_nik(raw, region_known={code} if known else frozenset(), today=today)
