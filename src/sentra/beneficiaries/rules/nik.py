"""NIK (Nomor Induk Kependudukan) parsing and structural validation, per domain-indonesia.md §3.2.

``PP KK CC DDMMYY SSSS``: province, regency/city and district of first registration (Kemendagri
codes), birth date (day + 40 for women), serial. There is no check digit, so validation is structural:
a valid NIK is not proof that Dukcapil issued it.

Errors and warnings are stable codes (see ``ERROR_MESSAGES``/``WARNING_MESSAGES`` for English text);
the Django layer translates them for people.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Container
from dataclasses import dataclass
from typing import Any

from sentra.core.rules import IDENTIFIER_SEPARATORS_RE, mask_identifier

# 38 provinces since the 2022 Papua split (Kemendagri codes).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21}
    | set(range(31, 37))
    | {51, 52, 53}
    | set(range(61, 66))
    | set(range(71, 77))
    | {81, 82}
    | set(range(91, 97))
)
# The separators a written NIK may carry: the same set the identifier mask drops.
SEPARATORS_RE = IDENTIFIER_SEPARATORS_RE
FEMALE_DAY_OFFSET = 40

# Error codes.
NOT_16_DIGITS = "not_16_digits"
UNKNOWN_PROVINCE = "unknown_province"
REGENCY_00 = "regency_00"
DISTRICT_00 = "district_00"
DAY_OUT_OF_RANGE = "day_out_of_range"
MONTH_OUT_OF_RANGE = "month_out_of_range"
NOT_A_CALENDAR_DATE = "not_a_calendar_date"
SERIAL_0000 = "serial_0000"
# Warning codes.
REGION_NOT_IN_LIST = "region_not_in_list"
BIRTH_DATE_IN_FUTURE = "birth_date_in_future"

ERROR_MESSAGES = {
    NOT_16_DIGITS: "A NIK has exactly 16 digits (separators are ignored).",
    UNKNOWN_PROVINCE: "The first two digits are not a Kemendagri province code.",
    REGENCY_00: "Digits 3-4 (regency/city) cannot be 00.",
    DISTRICT_00: "Digits 5-6 (district) cannot be 00.",
    DAY_OUT_OF_RANGE: "Digits 7-8 (day) must be 01-31 for men or 41-71 for women.",
    MONTH_OUT_OF_RANGE: "Digits 9-10 (month) must be 01-12.",
    NOT_A_CALENDAR_DATE: "Digits 7-12 do not form a real calendar date.",
    SERIAL_0000: "The last four digits (serial) cannot be 0000.",
}
WARNING_MESSAGES = {
    REGION_NOT_IN_LIST: (
        "The district code is not in the current Kemendagri list; it may predate a split (pemekaran)."
    ),
    BIRTH_DATE_IN_FUTURE: "The encoded birth date lies in the future.",
}

RegionLookup = Callable[[str], bool] | Container[str]


@dataclass(frozen=True)
class NikParse:
    nik: str
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    birth_date: datetime.date | None = None
    sex: str | None = None
    serial: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def district_region_code(self) -> str | None:
        """The dotted Kemendagri district code, e.g. ``36.02.04``."""
        if self.province_code and self.regency_code and self.district_code:
            return f"{self.province_code}.{self.regency_code}.{self.district_code}"
        return None

    def as_dict(self) -> dict[str, Any]:
        """Exactly the ``sentra nik --json`` shape."""
        return {
            "nik": self.nik,
            "valid": self.valid,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
            "province_code": self.province_code,
            "regency_code": self.regency_code,
            "district_code": self.district_code,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "serial": self.serial,
        }


def normalise(raw: str) -> str:
    """Strip spaces, dots, dashes, slashes and underscores."""
    return SEPARATORS_RE.sub("", raw or "")


def resolve_century(two_digit_year: int, today: datetime.date) -> int:
    """Years not after this year's two digits are 20YY, the others 19YY."""
    return 2000 + two_digit_year if two_digit_year <= today.year % 100 else 1900 + two_digit_year


def _known(lookup: RegionLookup, code: str) -> bool:
    if callable(lookup):
        return bool(lookup(code))
    return code in lookup


def parse_nik(
    raw: str, *, region_known: RegionLookup | None = None, today: datetime.date | None = None
) -> NikParse:
    """Parse and validate a NIK.

    ``region_known`` receives the dotted district code (``36.02.04``) or is a set of them; a miss is a
    warning only, because a NIK keeps the code of the district that first registered it.
    """
    today = today or datetime.date.today()  # noqa: DTZ011 - a calendar date, no time zone involved
    nik = normalise(raw)
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
        return NikParse(nik=nik, errors=(NOT_16_DIGITS,), warnings=())
    errors: list[str] = []
    warnings: list[str] = []
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    day_code, month, year2, serial = int(nik[6:8]), int(nik[8:10]), int(nik[10:12]), nik[12:16]
    if int(province) not in PROVINCE_CODES:
        errors.append(UNKNOWN_PROVINCE)
    if regency == "00":
        errors.append(REGENCY_00)
    if district == "00":
        errors.append(DISTRICT_00)
    sex: str | None = None
    day = 0
    if 1 <= day_code <= 31:
        sex, day = "M", day_code
    elif FEMALE_DAY_OFFSET + 1 <= day_code <= FEMALE_DAY_OFFSET + 31:
        sex, day = "F", day_code - FEMALE_DAY_OFFSET
    else:
        errors.append(DAY_OUT_OF_RANGE)
    if not 1 <= month <= 12:
        errors.append(MONTH_OUT_OF_RANGE)
    birth_date: datetime.date | None = None
    if sex is not None and 1 <= month <= 12:
        try:
            birth_date = datetime.date(resolve_century(year2, today), month, day)
        except ValueError:
            errors.append(NOT_A_CALENDAR_DATE)
    if birth_date is not None and birth_date > today:
        warnings.append(BIRTH_DATE_IN_FUTURE)
    if serial == "0000":
        errors.append(SERIAL_0000)
    structurally_placed = not ({UNKNOWN_PROVINCE, REGENCY_00, DISTRICT_00} & set(errors))
    district_code = f"{province}.{regency}.{district}"
    if region_known is not None and structurally_placed and not _known(region_known, district_code):
        warnings.append(REGION_NOT_IN_LIST)
    return NikParse(
        nik=nik,
        errors=tuple(errors),
        warnings=tuple(warnings),
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
    )


def birth_date_matches(parsed: NikParse, recorded: datetime.date) -> bool:
    """Whether a recorded birth date agrees with the NIK's day, month and two-digit year.

    The century is ambiguous in a NIK, so only the last two digits of the year are compared.
    """
    if parsed.birth_date is None:
        return True
    encoded = parsed.birth_date
    return (encoded.day, encoded.month, encoded.year % 100) == (
        recorded.day,
        recorded.month,
        recorded.year % 100,
    )


# ``3171••••••••0001``: the province and regency, then the serial; the rest hidden. The rule lives in
# core (pure) so that the shared export mechanism masks every identifier the same way.
mask = mask_identifier


def build_nik(*, district_code: str, birth_date: datetime.date, sex: str, serial: int) -> str:
    """Compose a NIK from its parts (for synthetic data and tests); ``district_code`` is ``PPKKCC``
    or dotted ``PP.KK.CC``."""
    prefix = district_code.replace(".", "")
    if len(prefix) != 6 or not prefix.isdigit():
        raise ValueError(f"district code must have 6 digits, got {district_code!r}")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1-9999")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "F" else 0)
    return f"{prefix}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
