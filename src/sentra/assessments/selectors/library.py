"""Reads of the assessments app: the instrument library and the needs rules, loaded once per process.

Both are data files shipped with the code (``instruments/*.json``, ``needs_rules/default.json``) and
checked when first loaded; the pure engines in ``rules/`` do the work.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.http import Http404

import sentra.network
from sentra.assessments.rules import Instrument, Library, Ruleset, load_library, load_ruleset, parse_ruleset
from sentra.core.models import Profession

APP_DIR = Path(__file__).resolve().parent.parent
INSTRUMENTS_DIR = APP_DIR / "instruments"
# Structured forms in the same definition format that are not standard instruments: the ATENSI
# comprehensive assessment (with its rapid and initial variants).
FORMS_DIR = APP_DIR / "forms"
NEEDS_RULES_FILE = APP_DIR / "needs_rules" / "default.json"
ATENSI_FILE = Path(sentra.network.__file__).resolve().parent / "data" / "atensi.json"

# The order of the issue: functioning, disability, then mental health.
ORDER = ("barthel", "lawton", "katz", "wgss", "phq9", "phq2", "gad7", "gds15", "k10", "k6", "srq20")
# Who a recommendation may ask for: the professions of sentra.core plus the social worker.
PEKERJA_SOSIAL = "pekerja_sosial"


@functools.cache
def library() -> Library:
    return load_library(INSTRUMENTS_DIR, order=ORDER)


@functools.cache
def forms_library() -> Library:
    return load_library(FORMS_DIR)


@functools.cache
def definitions() -> Library:
    """Instruments and forms together: what an assessment may be recorded with and rules may read."""
    combined = Library()
    for source in (library(), forms_library()):
        for versions in source.versions.values():
            for instrument in versions.values():
                combined.add(instrument)
    return combined


@functools.cache
def atensi_catalogue() -> dict[str, dict[str, Any]]:
    """The seven ATENSI components by code, with names and sub-types, from the network app's file."""
    data = json.loads(ATENSI_FILE.read_text(encoding="utf-8"))
    return {
        component["code"]: {
            "number": component["number"],
            "name_id": component["name_id"],
            "name_en": component["name_en"],
            "subtypes": {subtype["code"]: subtype for subtype in component["subtypes"]},
        }
        for component in data["components"]
    }


def atensi_components() -> dict[str, set[str]]:
    """ATENSI component codes with their sub-type codes."""
    return {code: set(entry["subtypes"]) for code, entry in atensi_catalogue().items()}


def professions() -> set[str]:
    return {*Profession.values, PEKERJA_SOSIAL}


@functools.cache
def needs_ruleset() -> Ruleset:
    return load_ruleset(
        NEEDS_RULES_FILE, library=definitions(), components=atensi_components(), professions=professions()
    )


def instrument_list() -> list[Instrument]:
    """The current version of every instrument, in the library's order."""
    return library().current()


def instrument_get(code: str, version: str | None = None) -> Instrument:
    """One instrument by code (and version); 404 when unknown."""
    try:
        return library().get(code, version)
    except KeyError:
        raise Http404(code) from None


# Parsed administrator-edited rulesets by row id: a saved version never changes, so this never goes stale.
_PARSED: dict[int, Ruleset] = {}


def active_ruleset() -> Ruleset:
    """The needs rules new assessments use: the active edited version, else the shipped default."""
    from sentra.assessments.models import NeedsRuleset

    try:
        row = NeedsRuleset.objects.filter(is_active=True).only("pk", "data").first()
    except DatabaseError:
        # Scoring is stateless: ``sentra score`` works before the database is migrated, with the
        # shipped rules (an edited version exists only once the table does).
        row = None
    if row is None:
        return needs_ruleset()
    cached = _PARSED.get(row.pk)
    if cached is None:
        cached = _PARSED[row.pk] = parse_ruleset(
            row.data, library=definitions(), components=atensi_components(), professions=professions()
        )
    return cached
