"""Duplicate scoring: how likely two person records are the same person, with the reasons why.

Pure: plain ``PersonFacts`` in, a ``Match`` (score 0-100 and reason codes) out. It never merges: a
person reviews every candidate. The score adds up

* name similarity (up to 60): the best of several rapidfuzz comparisons of the normalised names
  (``rules.names``) and known aliases: token order ignored, spaces ignored (Nur Hayati / Nurhayati),
  one name contained in the other (single names, a dropped family name) slightly discounted;
* birth date agreement (up to 25; minus 15 when years lie far apart);
* region agreement (up to 10: same village, district, regency/city, province);
* sex (5 when equal, minus 20 when different).

Equal NIKs are not scored here: an equal NIK hash is the same person, and registration refuses it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from sentra.beneficiaries.rules.names import compact

NAME_WEIGHT = 0.6
CANDIDATE_THRESHOLD = 60.0
REVIEW_THRESHOLD = 75.0

# Reason codes (the Django layer words them).
NAME_IDENTICAL = "name_identical"
NAME_SIMILAR = "name_similar"
NAME_CONTAINED = "name_contained"
ALIAS_MATCH = "alias_match"
BIRTH_DATE_SAME = "birth_date_same"
BIRTH_DATE_TRANSPOSED = "birth_date_transposed"
BIRTH_YEAR_SAME = "birth_year_same"
BIRTH_YEAR_CLOSE = "birth_year_close"
BIRTH_DATE_FAR = "birth_date_far"
BIRTH_DATE_UNKNOWN = "birth_date_unknown"
REGION_VILLAGE = "region_same_village"
REGION_DISTRICT = "region_same_district"
REGION_REGENCY = "region_same_regency"
REGION_PROVINCE = "region_same_province"
SEX_DIFFERS = "sex_differs"
KK_SAME = "kk_same"


@dataclass(frozen=True)
class PersonFacts:
    name_key: str
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_date_estimated: bool = False
    region_code: str = ""
    alias_keys: tuple[str, ...] = ()
    kk_hash: str = ""


@dataclass(frozen=True)
class Reason:
    code: str
    value: int | None = None

    def as_dict(self) -> dict[str, int | str | None]:
        return {"code": self.code, "value": self.value}


@dataclass(frozen=True)
class Match:
    score: float
    name_score: float
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def is_candidate(self) -> bool:
        return self.score >= CANDIDATE_THRESHOLD


def _pair_similarity(left: str, right: str) -> tuple[float, bool]:
    """(similarity 0-100, whether it came from one name containing the other)."""
    if not left or not right:
        return 0.0, False
    direct = max(
        fuzz.ratio(left, right),
        fuzz.token_sort_ratio(left, right),
        fuzz.ratio(compact(left), compact(right)),
    )
    left_tokens, right_tokens = left.split(), right.split()
    contained = 0.0
    if min(len(left_tokens), len(right_tokens)) >= 1 and max(len(left_tokens), len(right_tokens)) >= 2:
        # "Siti Aminah" within "Siti Aminah Binti Ahmad": a plausible record of the same person.
        contained = fuzz.token_set_ratio(left, right) * 0.9
        shorter = min(left_tokens, right_tokens, key=len)
        if len(shorter) == 1 and len(shorter[0]) < 4:
            contained = 0.0  # a lone short token ("ali") is contained in too many names
    if contained > direct:
        return contained, True
    return float(direct), False


def name_similarity(first: PersonFacts, second: PersonFacts) -> tuple[float, list[Reason]]:
    best, contained = _pair_similarity(first.name_key, second.name_key)
    reasons: list[Reason] = []
    alias_best = 0.0
    for left in (first.name_key, *first.alias_keys):
        for right in (second.name_key, *second.alias_keys):
            if left == first.name_key and right == second.name_key:
                continue
            similarity, _contained = _pair_similarity(left, right)
            alias_best = max(alias_best, similarity)
    if alias_best > best:
        best = alias_best
        reasons.append(Reason(ALIAS_MATCH, round(alias_best)))
    elif first.name_key and first.name_key == second.name_key:
        reasons.append(Reason(NAME_IDENTICAL, 100))
    elif contained:
        reasons.append(Reason(NAME_CONTAINED, round(best)))
    else:
        reasons.append(Reason(NAME_SIMILAR, round(best)))
    return best, reasons


def _years_apart(first: datetime.date, second: datetime.date) -> float:
    return abs((first - second).days) / 365.25


def birth_points(first: PersonFacts, second: PersonFacts) -> tuple[float, Reason]:
    if first.birth_date is None or second.birth_date is None:
        return 8.0, Reason(BIRTH_DATE_UNKNOWN)
    a, b = first.birth_date, second.birth_date
    estimated = first.birth_date_estimated or second.birth_date_estimated
    if a == b and not estimated:
        return 25.0, Reason(BIRTH_DATE_SAME)
    if a.year == b.year and estimated:
        return 16.0, Reason(BIRTH_YEAR_SAME)
    same_day_month = (a.day, a.month) == (b.day, b.month)
    if same_day_month and (a.year % 100 == b.year % 100 or abs(a.year - b.year) == 1):
        return 18.0, Reason(BIRTH_DATE_TRANSPOSED)  # century or a one-off year typed wrong
    if a.year == b.year and (a.day, a.month) == (b.month, b.day):
        return 18.0, Reason(BIRTH_DATE_TRANSPOSED)  # day and month swapped
    if a.year == b.year:
        return 12.0, Reason(BIRTH_YEAR_SAME)
    gap = _years_apart(a, b)
    if gap <= (5 if estimated else 2):
        return 8.0, Reason(BIRTH_YEAR_CLOSE, round(gap))
    if gap > 10:
        return -15.0, Reason(BIRTH_DATE_FAR, round(gap))
    return 0.0, Reason(BIRTH_DATE_FAR, round(gap))


def region_points(first: PersonFacts, second: PersonFacts) -> tuple[float, Reason | None]:
    a, b = first.region_code, second.region_code
    if not a or not b:
        return 0.0, None
    a_parts, b_parts = a.split("."), b.split(".")
    common = 0
    for left, right in zip(a_parts, b_parts, strict=False):
        if left != right:
            break
        common += 1
    if common >= 4:
        return 10.0, Reason(REGION_VILLAGE)
    if common == 3:
        return 7.0, Reason(REGION_DISTRICT)
    if common == 2:
        return 4.0, Reason(REGION_REGENCY)
    if common == 1:
        return 2.0, Reason(REGION_PROVINCE)
    return 0.0, None


def score(first: PersonFacts, second: PersonFacts) -> Match:
    """How likely two records describe the same person (0-100), with the reasons."""
    name, reasons = name_similarity(first, second)
    total = name * NAME_WEIGHT
    birth, birth_reason = birth_points(first, second)
    total += birth
    reasons.append(birth_reason)
    region, region_reason = region_points(first, second)
    total += region
    if region_reason is not None:
        reasons.append(region_reason)
    if first.sex and second.sex:
        if first.sex == second.sex:
            total += 5.0
        else:
            total -= 20.0
            reasons.append(Reason(SEX_DIFFERS))
    if first.kk_hash and first.kk_hash == second.kk_hash:
        reasons.append(Reason(KK_SAME))  # family members share a KK: context, not evidence
    clamped = round(max(0.0, min(100.0, total)), 1)
    return Match(score=clamped, name_score=round(name, 1), reasons=tuple(reasons))


@dataclass(frozen=True)
class Ranked:
    key: int
    match: Match


def rank(
    probe: PersonFacts,
    candidates: Iterable[tuple[int, PersonFacts]],
    *,
    threshold: float = CANDIDATE_THRESHOLD,
    limit: int = 20,
) -> list[Ranked]:
    """Candidates scoring at least ``threshold``, best first (ties by key for a stable order)."""
    ranked = [Ranked(key, score(probe, facts)) for key, facts in candidates]
    kept = [item for item in ranked if item.match.score >= threshold]
    kept.sort(key=lambda item: (-item.match.score, -item.match.name_score, item.key))
    return kept[:limit]


def name_rank(
    query_key: str, candidates: Iterable[tuple[int, str, tuple[str, ...]]], *, limit: int = 20
) -> list[tuple[int, float]]:
    """Name-only search: (key, similarity) best first, for the search box."""
    probe = PersonFacts(name_key=query_key)
    results: list[tuple[int, float]] = []
    for key, name_key, alias_keys in candidates:
        similarity, _reasons = name_similarity(probe, PersonFacts(name_key=name_key, alias_keys=alias_keys))
        results.append((key, round(similarity, 1)))
    results.sort(key=lambda item: (-item[1], item[0]))
    return results[:limit]
