"""The pure rules of the network app: codes, the region file, time zones, capacity, account grants."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sentra.network import rules
from sentra.network.rules import AccountProblem, CapacityProblem, RegionProblem


@pytest.mark.parametrize(
    ("code", "level"),
    [("32", 1), ("32.75", 2), ("32.75.01", 3), ("32.75.01.1001", 4), ("91.03.01.3001", 4)],
)
def test_region_level_follows_the_dotted_code(code: str, level: int) -> None:
    assert rules.region_level(code) == level


@pytest.mark.parametrize(
    "code", ["3", "327", "32.7", "32.75.1", "32.75.01.101", "32.75.01.10011", "3275", "ab", ""]
)
def test_malformed_codes_have_no_level(code: str) -> None:
    assert rules.region_level(code) is None


def test_parent_and_ancestors_come_from_the_code() -> None:
    assert rules.region_parent_code("32.75.01.1001") == "32.75.01"
    assert rules.region_parent_code("32") is None
    assert rules.region_ancestor_codes("32.75.01") == ["32", "32.75", "32.75.01"]


@pytest.mark.parametrize(
    ("query", "is_code"),
    [("32", True), ("32.", True), ("32.75.0", True), ("Bekasi", False), ("32 Bekasi", False), ("123", False)],
)
def test_code_prefix_queries_are_recognised(query: str, is_code: bool) -> None:
    assert rules.is_code_prefix_query(query) is is_code


GOOD_FILE = [
    "code,name\n",
    "32,Jawa Barat\n",
    "32.75.01,Bekasi Timur\n",
    "32.75,Kota Bekasi\n",
    '12.07.28.1007,"Lubuk Pakam I,II"\n',
]


def test_a_good_file_parses_parents_first_and_keeps_quoted_commas() -> None:
    parsed = rules.parse_region_lines(GOOD_FILE, known_codes=frozenset({"12", "12.07", "12.07.28"}))
    assert parsed.ok
    assert [row.code for row in parsed.rows] == ["32", "32.75", "32.75.01", "12.07.28.1007"]
    assert parsed.rows[2].parent_code == "32.75"
    assert parsed.rows[3].name == "Lubuk Pakam I,II"


def test_every_bad_line_is_reported_with_its_number() -> None:
    lines = [
        "code,name\n",  # 1
        "32,Jawa Barat\n",  # 2
        "32.7,Bad Code\n",  # 3
        "32.75,\n",  # 4
        "32,Jawa Barat again\n",  # 5
        "33.01,Orphan Regency\n",  # 6: parent 33 is not in the file
        "32.76,Too,Many,Columns\n",  # 7
        "32.77," + "x" * 121 + "\n",  # 8
    ]
    parsed = rules.parse_region_lines(lines)
    assert not parsed.ok
    assert [(p.line, p.problem) for p in parsed.problems] == [
        (3, RegionProblem.CODE_FORMAT),
        (4, RegionProblem.NAME_EMPTY),
        (5, RegionProblem.DUPLICATE),
        (6, RegionProblem.PARENT_MISSING),
        (7, RegionProblem.COLUMNS),
        (8, RegionProblem.NAME_TOO_LONG),
    ]
    assert parsed.problems[3].value == "33"


def test_a_missing_header_is_reported() -> None:
    parsed = rules.parse_region_lines(["32,Jawa Barat\n"])
    assert parsed.problems[0].line == 1
    assert parsed.problems[0].problem == RegionProblem.HEADER
    assert rules.parse_region_lines([]).problems[0].problem == RegionProblem.HEADER


def test_the_load_plan_separates_new_changed_and_unchanged_rows() -> None:
    rows = rules.parse_region_lines(GOOD_FILE[:4]).rows
    plan = rules.plan_region_load(rows, {"32": ("Jawa Barat", None), "32.75": ("Kota Bekasi Lama", "32")})
    assert [row.code for row in plan.create] == ["32.75.01"]
    assert [row.code for row in plan.update] == ["32.75"]
    assert plan.unchanged == 1


@pytest.mark.parametrize(
    ("province", "zone"),
    [
        ("31", rules.WIB),
        ("32", rules.WIB),
        ("61", rules.WIB),
        ("62", rules.WIB),
        ("11", rules.WIB),
        ("51", rules.WITA),
        ("52", rules.WITA),
        ("53", rules.WITA),
        ("63", rules.WITA),
        ("64", rules.WITA),
        ("65", rules.WITA),
        ("71", rules.WITA),
        ("75", rules.WITA),
        ("76", rules.WITA),
        ("81", rules.WIT),
        ("82", rules.WIT),
        ("91", rules.WIT),
        ("96", rules.WIT),
    ],
)
def test_time_zone_follows_the_province(province: str, zone: str) -> None:
    assert rules.time_zone_for_province(province) == zone


def test_bounding_box_is_indonesia() -> None:
    assert rules.latitude_in_indonesia(Decimal("-6.2"))
    assert not rules.latitude_in_indonesia(Decimal("-11.5"))
    assert not rules.latitude_in_indonesia(Decimal("7"))
    assert rules.longitude_in_indonesia(Decimal("140.7"))
    assert not rules.longitude_in_indonesia(Decimal("93.9"))


def test_capacity_problems_name_each_cell() -> None:
    problems = rules.capacity_problems(
        {
            ("terapi", "residential"): 10,
            ("terapi", "community"): 5,
            ("terapi", "family"): 0,
            ("nope", "family"): 1,
            ("terapi", "moon"): 1,
            ("dukungan_keluarga", "residential"): -1,
            ("dukungan_keluarga", "family"): rules.MAX_PLACES + 1,
        },
        settings_offered=["residential", "family"],
        known_settings=["residential", "family", "community"],
        known_components=["terapi", "dukungan_keluarga"],
    )
    assert problems == {
        ("terapi", "community"): CapacityProblem.SETTING_NOT_OFFERED,
        ("nope", "family"): CapacityProblem.UNKNOWN_COMPONENT,
        ("terapi", "moon"): CapacityProblem.UNKNOWN_SETTING,
        ("dukungan_keluarga", "residential"): CapacityProblem.NEGATIVE,
        ("dukungan_keluarga", "family"): CapacityProblem.TOO_LARGE,
    }


@pytest.mark.parametrize("role", ["centre_head", "national_analyst", "sysadmin"])
def test_a_centre_head_cannot_grant_senior_roles(role: str) -> None:
    problems = rules.account_problems(
        actor_role="centre_head", actor_centres=frozenset({1}), role=role, sentra_ids=frozenset({1})
    )
    assert problems["role"] == AccountProblem.ROLE_NOT_GRANTABLE


def test_a_centre_head_staffs_only_their_own_centres() -> None:
    ok = rules.account_problems(
        actor_role="centre_head", actor_centres=frozenset({1}), role="case_manager", sentra_ids=frozenset({1})
    )
    assert ok == {}
    elsewhere = rules.account_problems(
        actor_role="centre_head",
        actor_centres=frozenset({1}),
        role="case_manager",
        sentra_ids=frozenset({1, 2}),
    )
    assert elsewhere == {"centres": AccountProblem.CENTRE_NOT_YOURS}


def test_centre_roles_need_a_centre_and_national_roles_none() -> None:
    assert rules.account_problems(
        actor_role="sysadmin", actor_centres=frozenset(), role="intake", sentra_ids=frozenset()
    ) == {"centres": AccountProblem.CENTRE_REQUIRED}
    assert (
        rules.account_problems(
            actor_role="sysadmin",
            actor_centres=frozenset(),
            role="intake",
            sentra_ids=frozenset(),
            kept_ids=frozenset({3}),
        )
        == {}
    )
    assert rules.account_problems(
        actor_role="sysadmin", actor_centres=frozenset(), role="national_analyst", sentra_ids=frozenset({1})
    ) == {"centres": AccountProblem.NATIONAL_HAS_NO_CENTRE}


def test_an_administrator_cannot_demote_or_deactivate_themselves() -> None:
    problems = rules.account_problems(
        actor_role="sysadmin",
        actor_centres=frozenset(),
        role="hr",
        sentra_ids=frozenset({1}),
        is_self=True,
        current_role="sysadmin",
        is_active=False,
    )
    assert problems == {"role": AccountProblem.OWN_ROLE, "is_active": AccountProblem.OWN_DEACTIVATION}


def test_who_may_manage_an_account() -> None:
    base = {"actor_id": 1, "actor_centres": frozenset({10}), "target_id": 2}
    assert rules.may_manage_account(
        actor_role="sysadmin", target_role="sysadmin", target_centres=frozenset(), **base
    )
    assert rules.may_manage_account(
        actor_role="centre_head", target_role="intake", target_centres=frozenset({10, 11}), **base
    )
    assert not rules.may_manage_account(
        actor_role="centre_head", target_role="intake", target_centres=frozenset({11}), **base
    )
    assert not rules.may_manage_account(
        actor_role="centre_head", target_role="centre_head", target_centres=frozenset({10}), **base
    )
    assert not rules.may_manage_account(
        actor_role="hr", target_role="intake", target_centres=frozenset({10}), **base
    )
    assert not rules.may_manage_account(
        actor_role="centre_head",
        target_role="centre_head",
        target_centres=frozenset({10}),
        actor_id=2,
        actor_centres=frozenset({10}),
        target_id=2,
    )


def test_membership_changes_leave_other_centres_alone() -> None:
    add, remove = rules.membership_changes(
        current=frozenset({1, 2}), wanted=frozenset({3}), editable=frozenset({1, 3})
    )
    assert (add, remove) == (frozenset({3}), frozenset({1}))
    assert rules.membership_changes(current=frozenset({1, 2}), wanted=frozenset({3}), editable=None) == (
        frozenset({3}),
        frozenset({1, 2}),
    )
