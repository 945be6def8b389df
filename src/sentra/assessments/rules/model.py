"""The parsed model of an instrument definition: immutable dataclasses, and the library of versions.

``parsing`` builds these from a definition file (``"format": "sentra.instrument/1"``, documented in
``src/sentra/assessments/README.md``); ``plans`` compiles one per form and parameter set for the
scoring engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sentra.assessments.rules.errors import DefinitionError

if TYPE_CHECKING:
    from sentra.assessments.rules.plans import Plan

FORMAT = "sentra.instrument/1"
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGES = ("id", "en")

Text = Mapping[str, str]


def text_in(text: Text | None, language: str) -> str:
    """The text in ``language`` (``"id"``, ``"en"``, or ``"en-us"``), falling back to English, then any."""
    if not text:
        return ""
    short = language.split("-")[0].lower()
    return text.get(short) or text.get("en") or next(iter(text.values()), "")


# --- The parsed model ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    value: int | str
    points: int | None  # scored points (after reversal); None: the answer counts as missing
    label: Text


@dataclass(frozen=True)
class Item:
    number: str
    key: str
    text: Text
    options: tuple[Option, ...]
    reverse: bool
    label: str  # how the printed form numbers it ("9", or "A" for Lawton)
    numeric: bool  # answers are integers (points or codes) rather than words ("yes"/"no")
    lookup: Mapping[int | str, int | None]  # accepted answer -> scored points
    min_points: int
    max_points: int

    @property
    def allowed(self) -> list[int | str]:
        """The distinct accepted answers, in printed order."""
        seen: list[int | str] = []
        for option in self.options:
            if option.value not in seen:
                seen.append(option.value)
        return seen


@dataclass(frozen=True)
class Form:
    code: str
    label: Text
    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A heading that groups items on the form (the comprehensive assessment's aspects)."""

    code: str
    label: Text
    items: tuple[str, ...]


@dataclass(frozen=True)
class MissingRule:
    rule: str  # "complete": every item needed; "prorate": sum x n / answered, rounded half up
    max_missing: int
    basis: str  # "published" or "product_rule"
    note: Text
    source: str


@dataclass(frozen=True)
class ScoreDef:
    code: str
    label: Text
    items: tuple[str, ...] | None  # None: every item of the active form
    missing: MissingRule
    derive_from: str | None
    divide_by: int
    stated_range: tuple[int, int] | None


@dataclass(frozen=True)
class Band:
    code: str
    label: Text
    basis: str  # "published", "product_rule" or "secondary"
    note: Text
    low: Any = None  # literal integer or "$param" (range schemes only)
    high: Any = None


@dataclass(frozen=True)
class SchemeDef:
    code: str
    label: Text
    score: str | None  # range schemes band a score
    bands: tuple[Band, ...]  # range schemes
    outcomes: tuple[tuple[Band, Any], ...]  # classification schemes: (band, condition spec), first true wins
    otherwise: Band | None
    basis: str
    source: str
    note: Text


@dataclass(frozen=True)
class FlagDef:
    code: str
    label: Text
    when: Any
    basis: str
    source: str


@dataclass(frozen=True)
class ParameterDef:
    code: str
    kind: str  # "integer" (a form is chosen with the reserved parameter "form")
    default: int
    minimum: int
    maximum: int
    label: Text
    note: Text


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    short_name: str
    name: Text
    domain: str
    instructions: Text
    answer_help: Text
    items: tuple[Item, ...]
    forms: tuple[Form, ...]
    scores: tuple[ScoreDef, ...]
    headline_score: str | None
    schemes: tuple[SchemeDef, ...]
    headline_scheme: str | None
    flags: tuple[FlagDef, ...]
    parameters: tuple[ParameterDef, ...]
    source: Mapping[str, Any]
    licence: Mapping[str, Any]
    decisions: tuple[Mapping[str, Any], ...]
    # Which way the headline total improves ("lower" for symptom scales, "higher" for functioning);
    # None when the instrument has no total to compare (WG-SS).
    better: str | None = None
    sections: tuple[Section, ...] = ()
    _plans: dict[tuple[tuple[str, Any], ...], Plan] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def item_by_number(self) -> dict[str, Item]:
        return {item.number: item for item in self.items}

    def form(self, code: str | None = None) -> Form:
        if code is None:
            return self.forms[0]
        for form in self.forms:
            if form.code == code:
                return form
        raise KeyError(code)

    def scheme(self, code: str) -> SchemeDef:
        for scheme in self.schemes:
            if scheme.code == code:
                return scheme
        raise KeyError(code)

    def flag(self, code: str) -> FlagDef:
        for flag in self.flags:
            if flag.code == code:
                return flag
        raise KeyError(code)

    @property
    def default_parameters(self) -> dict[str, Any]:
        values: dict[str, Any] = {parameter.code: parameter.default for parameter in self.parameters}
        if len(self.forms) > 1:
            values["form"] = self.forms[0].code
        return values

    def plan(self, parameters: Mapping[str, Any]) -> Plan:
        """The compiled scoring plan for one set of (already checked) parameters, cached."""
        key = tuple(sorted(parameters.items()))
        plan = self._plans.get(key)
        if plan is None:
            from sentra.assessments.rules.plans import compile_plan  # plans import this module

            plan = compile_plan(self, parameters)
            self._plans[key] = plan
        return plan


# --- The library: definitions by code and version ------------------------------------------------------


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass
class Library:
    """Definitions by code and version; the newest version is current, older ones stay for old results."""

    versions: dict[str, dict[str, Instrument]] = field(default_factory=dict)

    def add(self, instrument: Instrument) -> None:
        known = self.versions.setdefault(instrument.code, {})
        if instrument.version in known:
            raise DefinitionError(f"{instrument.code} version {instrument.version} is defined twice")
        known[instrument.version] = instrument

    def get(self, code: str, version: str | None = None) -> Instrument:
        """Raises ``KeyError`` for an unknown code or version."""
        known = self.versions[code]
        if version is None:
            return known[max(known, key=version_key)]
        return known[version]

    @property
    def codes(self) -> list[str]:
        return list(self.versions)

    def current(self) -> list[Instrument]:
        return [self.get(code) for code in self.versions]

    def __contains__(self, code: object) -> bool:
        return code in self.versions
