"""NIK rules (domain-indonesia.md §3.2) with the worked examples of issue 3's "Must hold"."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sentra.beneficiaries.rules import nik

TODAY = datetime.date(2026, 11, 29)


def parse(value: str, **kwargs: object) -> nik.NikParse:
    return nik.parse_nik(value, today=TODAY, **kwargs)  # type: ignore[arg-type]


def test_the_dukcapil_example_parses_into_its_parts() -> None:
    result = parse("3602041211870001")
    assert result.valid
    assert result.as_dict() == {
        "nik": "3602041211870001",
        "valid": True,
        "errors": [],
        "warnings": [],
        "province_code": "36",
        "regency_code": "02",
        "district_code": "04",
        "birth_date": "1987-11-12",
        "sex": "M",
        "serial": "0001",
    }


@pytest.mark.parametrize(
    ("value", "birth_date", "sex"),
    [
        ("3171011505900001", datetime.date(1990, 5, 15), "M"),  # a man: day as is
        ("3171015505900002", datetime.date(1990, 5, 15), "F"),  # a woman: day + 40
        ("3273014101050123", datetime.date(2005, 1, 1), "F"),  # 41 = the 1st, a woman, 20YY
        ("3273017112260001", datetime.date(2026, 12, 31), "F"),  # 71 = the 31st, this year's YY is 20YY
        ("9601013112270001", datetime.date(1927, 12, 31), "M"),  # YY after this year's: 19YY; Papua 96
    ],
)
def test_valid_men_and_women(value: str, birth_date: datetime.date, sex: str) -> None:
    result = parse(value)
    assert result.valid, result.errors
    assert (result.birth_date, result.sex) == (birth_date, sex)


@pytest.mark.parametrize(
    ("value", "valid", "birth_date"),
    [
        ("3171012902000001", True, datetime.date(2000, 2, 29)),  # 2000 is a leap year
        ("3171016902960001", True, datetime.date(1996, 2, 29)),  # a woman born 29 Feb 1996
        ("3171012902240001", True, datetime.date(2024, 2, 29)),
        ("3171012902010001", False, None),  # 2001 is not
        ("3171016902230001", False, None),  # nor 2023 (a woman)
        ("3171012902990001", False, None),  # nor 1999
    ],
)
def test_29_february_only_in_leap_years(value: str, valid: bool, birth_date: datetime.date | None) -> None:
    result = parse(value)
    assert result.valid is valid
    assert result.birth_date == birth_date
    if not valid:
        assert result.errors == (nik.NOT_A_CALENDAR_DATE,)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("3171011505900000", nik.SERIAL_0000),
        ("1071011505900001", nik.UNKNOWN_PROVINCE),  # 10 is no province
        ("2071011505900001", nik.UNKNOWN_PROVINCE),
        ("9771011505900001", nik.UNKNOWN_PROVINCE),  # 97 after the six Papua provinces
        ("3100011505900001", nik.REGENCY_00),
        ("3171001505900001", nik.DISTRICT_00),
        ("3171013205900001", nik.DAY_OUT_OF_RANGE),  # day 32
        ("3171014005900001", nik.DAY_OUT_OF_RANGE),  # day 40
        ("3171010005900001", nik.DAY_OUT_OF_RANGE),  # day 00
        ("3171017205900001", nik.DAY_OUT_OF_RANGE),  # day 72 (> 71)
        ("3171011513900001", nik.MONTH_OUT_OF_RANGE),
        ("3171011500900001", nik.MONTH_OUT_OF_RANGE),
        ("3171013102900001", nik.NOT_A_CALENDAR_DATE),  # 31 February
        ("3171017104900001", nik.NOT_A_CALENDAR_DATE),  # a woman born 31 April
        ("317101150590000", nik.NOT_16_DIGITS),
        ("31710115059000012", nik.NOT_16_DIGITS),
        ("3171O11505900001", nik.NOT_16_DIGITS),  # a letter O
        ("".join(chr(0xFF10 + int(d)) for d in "3171011505900001"), nik.NOT_16_DIGITS),  # full-width
        ("", nik.NOT_16_DIGITS),
    ],
)
def test_invalid_niks_name_their_rule(value: str, error: str) -> None:
    result = parse(value)
    assert not result.valid
    assert error in result.errors


def test_day_32_and_40_give_no_sex_or_date() -> None:
    for value in ("3171013205900001", "3171014005900001"):
        result = parse(value)
        assert (result.sex, result.birth_date) == (None, None)
        assert result.serial == "0001"


def test_every_problem_is_reported_at_once() -> None:
    result = parse("1000003213000000")
    assert set(result.errors) == {
        nik.UNKNOWN_PROVINCE,
        nik.REGENCY_00,
        nik.DISTRICT_00,
        nik.DAY_OUT_OF_RANGE,
        nik.MONTH_OUT_OF_RANGE,
        nik.SERIAL_0000,
    }


def test_known_province_codes_are_the_38_provinces() -> None:
    assert len(nik.PROVINCE_CODES) == 38
    assert {11, 21, 31, 36, 51, 53, 61, 65, 71, 76, 81, 82, 91, 96} <= nik.PROVINCE_CODES
    assert not {10, 20, 22, 30, 37, 50, 54, 60, 66, 70, 77, 80, 83, 90, 97, 99} & nik.PROVINCE_CODES


def test_separators_are_stripped() -> None:
    assert parse("36.02.04 121187-0001").nik == "3602041211870001"
    assert parse("36.02.04 121187-0001").valid
    assert parse("3602/04/121187/0001").valid


def test_a_prefix_missing_from_the_region_list_is_a_warning_not_an_error() -> None:
    result = parse("3602041211870001", region_known={"36.02.05"})
    assert result.valid
    assert result.warnings == (nik.REGION_NOT_IN_LIST,)
    assert parse("3602041211870001", region_known={"36.02.04"}).warnings == ()
    assert parse("3602041211870001", region_known=lambda code: code == "36.02.04").warnings == ()
    # No look-up for a NIK whose codes are already wrong.
    assert parse("1002041211870001", region_known=set()).warnings == ()


def test_century_pivot_follows_this_year() -> None:
    assert nik.resolve_century(26, TODAY) == 2026
    assert nik.resolve_century(27, TODAY) == 1927
    assert nik.resolve_century(0, TODAY) == 2000
    assert nik.resolve_century(99, TODAY) == 1999


def test_a_birth_date_later_this_year_is_a_warning() -> None:
    result = parse("3171011512260001")  # 15 Dec 2026, after "today"
    assert result.valid
    assert nik.BIRTH_DATE_IN_FUTURE in result.warnings


def test_birth_date_cross_check_ignores_the_century() -> None:
    parsed = parse("3171011505900001")
    assert nik.birth_date_matches(parsed, datetime.date(1990, 5, 15))
    assert nik.birth_date_matches(parsed, datetime.date(2090, 5, 15))
    assert not nik.birth_date_matches(parsed, datetime.date(1990, 5, 16))


def test_masking_keeps_the_region_and_serial() -> None:
    assert nik.mask("3171011505900001") == "3171••••••••0001"
    assert nik.mask("123") == "•••"


@given(
    district=st.sampled_from(["11.01.01", "31.71.01", "96.01.02", "53.71.03"]),
    birth_date=st.dates(min_value=datetime.date(1927, 1, 1), max_value=datetime.date(2026, 11, 29)),
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_built_niks_parse_back(district: str, birth_date: datetime.date, sex: str, serial: int) -> None:
    value = nik.build_nik(district_code=district, birth_date=birth_date, sex=sex, serial=serial)
    result = parse(value)
    assert result.valid
    assert (result.birth_date, result.sex, result.serial) == (birth_date, sex, f"{serial:04d}")
    assert result.district_region_code == district
