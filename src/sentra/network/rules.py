"""Pure rules of the centre network. No Django here: plain values in, plain results out.

* Kemendagri region codes and the region file (``code,name`` CSV, dotted codes);
* where a centre may stand (Indonesia's bounding box) and which time zone its province keeps;
* capacity figures;
* who may give which role to whom, and which centre memberships an administrator may change.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

# --- Kemendagri region codes (domain-indonesia.md §3.3) --------------------------------------------

REGION_CODE_RE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")
CODE_PREFIX_QUERY_RE = re.compile(r"^\d{1,2}(?:\.\d{0,2}(?:\.\d{0,2}(?:\.\d{0,4})?)?)?$")
REGION_NAME_MAX_LENGTH = 120
REGION_LEVELS = {1: "province", 2: "regency", 3: "district", 4: "village"}


def region_level(code: str) -> int | None:
    """1 province (PP), 2 regency/city (PP.KK), 3 district (PP.KK.CC), 4 village (PP.KK.CC.DDDD)."""
    if not REGION_CODE_RE.match(code):
        return None
    return code.count(".") + 1


def region_parent_code(code: str) -> str | None:
    """The code one level up, or None for a province."""
    return code.rsplit(".", 1)[0] if "." in code else None


def region_ancestor_codes(code: str) -> list[str]:
    """Province first, the code itself last: ``32.75.01`` -> ``["32", "32.75", "32.75.01"]``."""
    parts = code.split(".")
    return [".".join(parts[: depth + 1]) for depth in range(len(parts))]


def is_code_prefix_query(query: str) -> bool:
    """Whether a search term looks like the start of a region code (``32``, ``32.7``, ``32.75.0``)."""
    return bool(CODE_PREFIX_QUERY_RE.match(query))


def province_of(code: str) -> str:
    return code.split(".", 1)[0]


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int
    parent_code: str | None


class RegionProblem(StrEnum):
    HEADER = "header"
    COLUMNS = "columns"
    CODE_FORMAT = "code_format"
    NAME_EMPTY = "name_empty"
    NAME_TOO_LONG = "name_too_long"
    DUPLICATE = "duplicate"
    PARENT_MISSING = "parent_missing"


@dataclass(frozen=True)
class LineProblem:
    line: int
    problem: RegionProblem
    value: str = ""


@dataclass
class ParsedRegions:
    rows: list[RegionRow] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


EXPECTED_HEADER = ["code", "name"]


def parse_region_lines(lines: Iterable[str], *, known_codes: frozenset[str] = frozenset()) -> ParsedRegions:
    """Parse and validate a whole region file, reporting every bad line with its number.

    The first line must be the header ``code,name``. A row's parent (the code one level up) must be in
    the file or among ``known_codes`` (regions already stored). Rows come back parents first.
    """
    result = ParsedRegions()
    reader = csv.reader(lines)
    seen: dict[str, int] = {}
    header_seen = False
    for record in reader:
        line = reader.line_num
        if not header_seen:
            header_seen = True
            if [cell.strip().lower() for cell in record] != EXPECTED_HEADER:
                result.problems.append(LineProblem(line, RegionProblem.HEADER, ",".join(record)))
            continue
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) != 2:
            result.problems.append(LineProblem(line, RegionProblem.COLUMNS, ",".join(record)))
            continue
        code, name = record[0].strip(), " ".join(record[1].split())
        level = region_level(code)
        if level is None:
            result.problems.append(LineProblem(line, RegionProblem.CODE_FORMAT, code))
            continue
        if not name:
            result.problems.append(LineProblem(line, RegionProblem.NAME_EMPTY, code))
            continue
        if len(name) > REGION_NAME_MAX_LENGTH:
            result.problems.append(LineProblem(line, RegionProblem.NAME_TOO_LONG, code))
            continue
        if code in seen:
            result.problems.append(LineProblem(line, RegionProblem.DUPLICATE, code))
            continue
        seen[code] = line
        result.rows.append(RegionRow(code=code, name=name, level=level, parent_code=region_parent_code(code)))
    if not header_seen:
        result.problems.append(LineProblem(1, RegionProblem.HEADER, ""))
    for row in result.rows:
        if row.parent_code is not None and row.parent_code not in seen and row.parent_code not in known_codes:
            result.problems.append(LineProblem(seen[row.code], RegionProblem.PARENT_MISSING, row.parent_code))
    result.problems.sort(key=lambda problem: problem.line)
    result.rows.sort(key=lambda row: (row.level, row.code))
    return result


@dataclass(frozen=True)
class RegionPlan:
    """What loading a parsed file changes: rows to create and rows whose name or parent differ."""

    create: list[RegionRow]
    update: list[RegionRow]
    unchanged: int


def plan_region_load(rows: Iterable[RegionRow], existing: Mapping[str, tuple[str, str | None]]) -> RegionPlan:
    """Compare parsed rows with stored ``{code: (name, parent_code)}``; nothing stored is ever removed."""
    create: list[RegionRow] = []
    update: list[RegionRow] = []
    unchanged = 0
    for row in rows:
        stored = existing.get(row.code)
        if stored is None:
            create.append(row)
        elif stored != (row.name, row.parent_code):
            update.append(row)
        else:
            unchanged += 1
    return RegionPlan(create=create, update=update, unchanged=unchanged)


# --- Where a centre stands ---------------------------------------------------------------------------

# Indonesia's bounding box, as the model validators have it: Rote (-11) to Weh (6), Sabang to Merauke.
LATITUDE_RANGE = (Decimal("-11"), Decimal("6"))
LONGITUDE_RANGE = (Decimal("94"), Decimal("142"))

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"

# Provinces by Kemendagri code (UU 9/1987 zones; Papua's 2022 provinces keep WIT).
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})


def latitude_in_indonesia(value: Decimal) -> bool:
    return LATITUDE_RANGE[0] <= value <= LATITUDE_RANGE[1]


def longitude_in_indonesia(value: Decimal) -> bool:
    return LONGITUDE_RANGE[0] <= value <= LONGITUDE_RANGE[1]


def time_zone_for_province(province_code: str) -> str:
    """WIB for Sumatra, Java and West/Central Kalimantan; WITA for Bali, Nusa Tenggara, the rest of
    Kalimantan and Sulawesi; WIT for Maluku and Papua."""
    if province_code in WITA_PROVINCES:
        return WITA
    if province_code in WIT_PROVINCES:
        return WIT
    return WIB


def unknown_choices(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    return [value for value in values if value not in allowed_set]


def unique_in_order(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- Capacity ------------------------------------------------------------------------------------------

MAX_PLACES = 100_000


class CapacityProblem(StrEnum):
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    SETTING_NOT_OFFERED = "setting_not_offered"
    UNKNOWN_SETTING = "unknown_setting"
    UNKNOWN_COMPONENT = "unknown_component"


def capacity_problems(
    places: Mapping[tuple[str, str], int],
    *,
    settings_offered: Iterable[str],
    known_settings: Iterable[str],
    known_components: Iterable[str],
) -> dict[tuple[str, str], CapacityProblem]:
    """Check ``{(component_code, setting): places}``; zero means "none" and is always allowed."""
    offered = set(settings_offered)
    settings_set = set(known_settings)
    components = set(known_components)
    problems: dict[tuple[str, str], CapacityProblem] = {}
    for key, value in places.items():
        component, setting = key
        if component not in components:
            problems[key] = CapacityProblem.UNKNOWN_COMPONENT
        elif setting not in settings_set:
            problems[key] = CapacityProblem.UNKNOWN_SETTING
        elif value < 0:
            problems[key] = CapacityProblem.NEGATIVE
        elif value > MAX_PLACES:
            problems[key] = CapacityProblem.TOO_LARGE
        elif value > 0 and setting not in offered:
            problems[key] = CapacityProblem.SETTING_NOT_OFFERED
    return problems


# --- Accounts: who may grant what ------------------------------------------------------------------------

SYSADMIN = "sysadmin"
CENTRE_HEAD = "centre_head"
NATIONAL_ROLES = frozenset({"national_analyst", "sysadmin"})
CENTRE_BOUND_ROLES = frozenset({"case_manager", "professional", "intake", "centre_head", "hr"})
# A centre head staffs their own centre but never creates peers or national accounts.
GRANTABLE_BY_CENTRE_HEAD = frozenset({"case_manager", "professional", "intake", "hr"})
ALL_ROLES = NATIONAL_ROLES | CENTRE_BOUND_ROLES


def roles_grantable_by(actor_role: str) -> frozenset[str]:
    if actor_role == SYSADMIN:
        return ALL_ROLES
    if actor_role == CENTRE_HEAD:
        return GRANTABLE_BY_CENTRE_HEAD
    return frozenset()


def may_administer_accounts(actor_role: str) -> bool:
    return bool(roles_grantable_by(actor_role))


def may_manage_account(
    *,
    actor_role: str,
    actor_id: int,
    actor_centres: frozenset[int],
    target_id: int,
    target_role: str,
    target_centres: frozenset[int],
) -> bool:
    """A system administrator manages every account; a centre head the staff accounts of their centres
    (not their own, not a peer's and not a national one)."""
    if actor_role == SYSADMIN:
        return True
    if actor_role != CENTRE_HEAD or target_id == actor_id:
        return False
    return target_role in GRANTABLE_BY_CENTRE_HEAD and bool(target_centres & actor_centres)


class AccountProblem(StrEnum):
    ROLE_NOT_GRANTABLE = "role_not_grantable"
    CENTRE_NOT_YOURS = "centre_not_yours"
    CENTRE_REQUIRED = "centre_required"
    NATIONAL_HAS_NO_CENTRE = "national_has_no_centre"
    OWN_ROLE = "own_role"
    OWN_DEACTIVATION = "own_deactivation"


def account_problems(
    *,
    actor_role: str,
    actor_centres: frozenset[int],
    role: str,
    sentra_ids: frozenset[int],
    kept_ids: frozenset[int] = frozenset(),
    is_self: bool = False,
    current_role: str | None = None,
    is_active: bool = True,
) -> dict[str, AccountProblem]:
    """Field-keyed problems with giving ``role`` and the centres ``sentra_ids`` to an account.

    ``kept_ids`` are memberships the actor cannot change (centres they do not lead) that the account
    keeps anyway; they count toward "a centre role needs a centre".
    """
    problems: dict[str, AccountProblem] = {}
    if is_self and current_role is not None and role != current_role:
        problems["role"] = AccountProblem.OWN_ROLE
    elif role not in roles_grantable_by(actor_role) and not (is_self and role == current_role):
        problems["role"] = AccountProblem.ROLE_NOT_GRANTABLE
    if is_self and not is_active:
        problems["is_active"] = AccountProblem.OWN_DEACTIVATION
    if actor_role != SYSADMIN and not sentra_ids <= actor_centres:
        problems["centres"] = AccountProblem.CENTRE_NOT_YOURS
    elif role in CENTRE_BOUND_ROLES and not (sentra_ids | kept_ids):
        problems["centres"] = AccountProblem.CENTRE_REQUIRED
    elif role in NATIONAL_ROLES and (sentra_ids | kept_ids):
        problems["centres"] = AccountProblem.NATIONAL_HAS_NO_CENTRE
    return problems


def membership_changes(
    *, current: frozenset[int], wanted: frozenset[int], editable: frozenset[int] | None
) -> tuple[frozenset[int], frozenset[int]]:
    """``(add, remove)`` to move ``current`` to ``wanted``, touching only ``editable`` centres
    (None: every centre). Memberships in centres the actor cannot edit are left as they are."""
    if editable is None:
        return wanted - current, current - wanted
    return (wanted & editable) - current, (current & editable) - wanted
