"""Finding candidate records in the database, then scoring them with the pure rules.

Retrieval narrows a million rows to a few hundred; ``rules.duplicates`` ranks those.

* PostgreSQL: ``name_key % query`` (pg_trgm, served by the GIN index of migration 0002) and the same on
  ``aliases_key``, best trigram similarity first.
* SQLite (development, tests): rows whose name key contains the start of one of the query's tokens
  or its space-less form, capped; fine at the sizes SQLite is used for.

Both accept any queryset, so callers decide the scope: ``visible_to(user)`` for what a person may see,
the whole table for the system-level duplicate queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest

from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.rules import duplicates, names
from sentra.beneficiaries.rules.duplicates import PersonFacts

PREFILTER_LIMIT = 300
SQLITE_SCAN_LIMIT = 5000
_FACT_FIELDS = (
    "pk",
    "name_key",
    "aliases_key",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "region_id",
    "kk_hash",
)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def facts_of(beneficiary: Beneficiary) -> PersonFacts:
    return PersonFacts(
        name_key=beneficiary.name_key,
        sex=beneficiary.sex,
        birth_date=beneficiary.birth_date,
        birth_date_estimated=beneficiary.birth_date_estimated,
        region_code=beneficiary.region_id or "",
        alias_keys=_split_aliases(beneficiary.aliases_key),
        kk_hash=beneficiary.kk_hash,
    )


def _split_aliases(aliases_key: str) -> tuple[str, ...]:
    return tuple(part for part in aliases_key.split(" | ") if part) if aliases_key else ()


class TrigramSimilar(Func):
    """``lhs % rhs`` (pg_trgm): similarity above ``pg_trgm.similarity_threshold``, index-assisted."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class Similarity(Func):
    function = "similarity"
    output_field = FloatField()


def _trigram_filter(queryset: QuerySet[Beneficiary], key: str) -> QuerySet[Beneficiary]:
    by_name = TrigramSimilar(F("name_key"), Value(key))
    # The alias index is partial (aliases_key <> ''): say so, or PostgreSQL cannot use it.
    by_alias = Q(TrigramSimilar(F("aliases_key"), Value(key))) & ~Q(aliases_key="")
    similarity = Greatest(Similarity(F("name_key"), Value(key)), Similarity(F("aliases_key"), Value(key)))
    return queryset.filter(Q(by_name) | by_alias).annotate(trigram=similarity).order_by("-trigram", "pk")


def _sqlite_filter(queryset: QuerySet[Beneficiary], key: str) -> QuerySet[Beneficiary]:
    condition = Q(name_key__startswith=names.compact(key)[:4]) | Q(aliases_key__contains=key[:4])
    for token in key.split():
        if len(token) >= 3:
            condition |= Q(name_key__contains=token[:4])
    return queryset.filter(condition).order_by("pk")


# Trigram similarity thresholds tried in turn: strict first (a small index scan even for common names
# such as Siti or Muhammad), looser only when too few rows pass.
THRESHOLDS = (0.6, 0.45, 0.3)


def prefilter(
    queryset: QuerySet[Beneficiary], key: str, *, limit: int = PREFILTER_LIMIT, wanted: int = 20
) -> list[dict]:  # type: ignore[type-arg]
    """Rows (as dicts of the fields scoring needs) whose names may resemble ``key``.

    Spelling variants normalise to the same key, so the people with exactly this key (a B-tree look-up)
    come first; when they are fewer than ``wanted``, PostgreSQL adds trigram matches at decreasing
    similarity thresholds, stopping as soon as enough rows pass.
    """
    if not key:
        return []
    if not is_postgresql():
        return list(_sqlite_filter(queryset, key).values(*_FACT_FIELDS)[:SQLITE_SCAN_LIMIT])
    rows: list[dict] = list(queryset.filter(name_key=key).values(*_FACT_FIELDS)[:limit])  # type: ignore[type-arg]
    if len(rows) >= wanted:
        return rows
    exact = {row["pk"] for row in rows}
    for threshold in THRESHOLDS:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [threshold])
            similar = list(_trigram_filter(queryset, key).values(*_FACT_FIELDS)[:limit])
        if len(exact) + len(similar) >= wanted or threshold == THRESHOLDS[-1]:
            return rows + [row for row in similar if row["pk"] not in exact]
    return rows


def _row_facts(row: dict) -> PersonFacts:  # type: ignore[type-arg]
    return PersonFacts(
        name_key=row["name_key"],
        sex=row["sex"],
        birth_date=row["birth_date"],
        birth_date_estimated=row["birth_date_estimated"],
        region_code=row["region_id"] or "",
        alias_keys=_split_aliases(row["aliases_key"]),
        kk_hash=row["kk_hash"],
    )


@dataclass(frozen=True)
class Candidate:
    pk: int
    match: duplicates.Match


def duplicate_candidates(
    probe: PersonFacts,
    queryset: QuerySet[Beneficiary],
    *,
    exclude_pk: int | None = None,
    threshold: float = duplicates.CANDIDATE_THRESHOLD,
    limit: int = 20,
) -> list[Candidate]:
    """Records of ``queryset`` that may be the person described by ``probe``, best first."""
    rows = prefilter(queryset.active(), probe.name_key)  # type: ignore[attr-defined]
    pool = [(row["pk"], _row_facts(row)) for row in rows if row["pk"] != exclude_pk]
    ranked = duplicates.rank(probe, pool, threshold=threshold, limit=limit)
    return [Candidate(pk=item.key, match=item.match) for item in ranked]


def name_search(queryset: QuerySet[Beneficiary], query: str, *, limit: int = 20) -> list[tuple[int, float]]:
    """(pk, similarity) of the records whose names best match ``query``, best first."""
    key = names.name_key(query)
    rows = prefilter(queryset, key)
    pool = [(row["pk"], row["name_key"], _split_aliases(row["aliases_key"])) for row in rows]
    return [item for item in duplicates.name_rank(key, pool, limit=limit) if item[1] >= 50]
