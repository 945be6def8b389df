"""Instrument definitions: parse and check a definition file into an immutable ``Instrument``.

The file format (``"format": "sentra.instrument/1"``) is documented in
``src/sentra/assessments/README.md``. Everything an instrument's scoring needs is data in its file:
items with their options and points, reverse-scored items, forms (item subsets), scores with their
missing-answer rule, band schemes, flags and parameters. The checks here refuse a file that would
score wrongly (gaps or overlaps between bands, references to unknown items, a stated range that does
not match the options), so a mistake in a definition fails when the library loads, not at a desk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from sentra.assessments.rules.conditions import CompileContext, Condition, compile_condition, resolve_number
from sentra.assessments.rules.errors import DefinitionError

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
            plan = compile_plan(self, parameters)
            self._plans[key] = plan
        return plan


# --- Compiled plans: one per form and parameter set -------------------------------------------------


@dataclass(frozen=True)
class ScorePlan:
    code: str
    numbers: tuple[str, ...]
    rule: str
    max_missing: int
    derive_from: str | None
    divide_by: int
    low: int
    high: int


@dataclass(frozen=True)
class SchemePlan:
    code: str
    score: str | None
    table: Mapping[int, Band]  # range schemes: every possible score value -> its band
    outcomes: tuple[tuple[Band, Condition], ...]
    otherwise: Band | None


@dataclass(frozen=True)
class Plan:
    form: Form
    parameters: Mapping[str, Any]
    items: tuple[Item, ...]
    numbers: frozenset[str]
    scores: tuple[ScorePlan, ...]
    schemes: tuple[SchemePlan, ...]
    flags: tuple[tuple[str, Condition], ...]


def compile_plan(instrument: Instrument, parameters: Mapping[str, Any]) -> Plan:
    form = instrument.form(parameters.get("form"))
    by_number = instrument.item_by_number
    items = tuple(by_number[number] for number in form.items)
    in_form = frozenset(form.items)
    score_plans: list[ScorePlan] = []
    ranges: dict[str, tuple[int, int]] = {}
    for score in instrument.scores:
        if score.derive_from is not None:
            low, high = ranges[score.derive_from]
            numbers: tuple[str, ...] = ()
            low, high = low // score.divide_by, high // score.divide_by
        else:
            numbers = form.items if score.items is None else tuple(n for n in score.items if n in in_form)
            low = sum(by_number[n].min_points for n in numbers)
            high = sum(by_number[n].max_points for n in numbers)
        ranges[score.code] = (low, high)
        if (
            score.stated_range is not None
            and form is instrument.forms[0]
            and score.stated_range != (low, high)
        ):
            raise DefinitionError(
                f"{instrument.code}: score {score.code!r} states range {list(score.stated_range)} "
                f"but its options give {[low, high]}"
            )
        score_plans.append(
            ScorePlan(
                code=score.code,
                numbers=numbers,
                rule=score.missing.rule,
                max_missing=score.missing.max_missing,
                derive_from=score.derive_from,
                divide_by=score.divide_by,
                low=low,
                high=high,
            )
        )
    context = CompileContext(
        items=form.items,
        all_items=frozenset(by_number),
        scores=frozenset(ranges),
        schemes=frozenset(scheme.code for scheme in instrument.schemes),
        parameters=parameters,
        where=instrument.code,
    )
    scheme_plans = []
    for scheme in instrument.schemes:
        where = replace(context, where=f"{instrument.code} scheme {scheme.code}")
        if scheme.score is not None:
            table = _band_table(scheme, ranges[scheme.score], where)
            scheme_plans.append(SchemePlan(scheme.code, scheme.score, table, (), None))
        else:
            outcomes = tuple((band, compile_condition(spec, where)) for band, spec in scheme.outcomes)
            scheme_plans.append(SchemePlan(scheme.code, None, {}, outcomes, scheme.otherwise))
    flag_plans = tuple(
        (
            flag.code,
            compile_condition(flag.when, replace(context, where=f"{instrument.code} flag {flag.code}")),
        )
        for flag in instrument.flags
    )
    return Plan(
        form=form,
        parameters=dict(parameters),
        items=items,
        numbers=in_form,
        scores=tuple(score_plans),
        schemes=tuple(scheme_plans),
        flags=flag_plans,
    )


def _band_table(scheme: SchemeDef, score_range: tuple[int, int], context: CompileContext) -> dict[int, Band]:
    """Every value the score can take mapped to exactly one band; gaps and overlaps are refused."""
    low, high = score_range
    bounds = []
    for band in scheme.bands:
        band_low = resolve_number(band.low, context, "min")
        band_high = resolve_number(band.high, context, "max")
        bounds.append((band, band_low if band_low is not None else low, band_high))
    table: dict[int, Band] = {}
    for index, (band, band_low, band_high) in enumerate(bounds):
        # A band without "max" runs up to the next band's "min" (or the top of the score range).
        top = band_high
        if top is None:
            top = bounds[index + 1][1] - 1 if index + 1 < len(bounds) else high
        for value in range(max(band_low, low), min(top, high) + 1):
            if value in table:
                raise DefinitionError(f"{context.where}: score {value} falls in two bands")
            table[value] = band
    gaps = [value for value in range(low, high + 1) if value not in table]
    if gaps:
        raise DefinitionError(f"{context.where}: scores {gaps} fall in no band")
    return table


# --- Parsing ------------------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> Text:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        raise DefinitionError(f"{where}: {key!r} needs text in {' and '.join(LANGUAGES)}")
    return dict(value)


def _code(value: Any, where: str) -> str:
    if not isinstance(value, str) or not CODE_RE.match(value):
        raise DefinitionError(f"{where}: {value!r} is not a lowercase code")
    return value


def _basis(data: Mapping[str, Any], where: str, default: str = "published") -> str:
    basis = data.get("basis", default)
    if basis not in ("published", "product_rule", "secondary"):
        raise DefinitionError(f"{where}: basis must be published, product_rule or secondary")
    return str(basis)


def _options(raw: Any, where: str, reverse: bool) -> tuple[tuple[Option, ...], dict[int | str, int | None]]:
    if not isinstance(raw, list) or not raw:
        raise DefinitionError(f"{where}: options must be a non-empty list")
    parsed: list[tuple[int | str, int | None, Text]] = []
    for index, entry in enumerate(raw):
        spot = f"{where} option {index + 1}"
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise DefinitionError(f"{spot}: value must be an integer or a word")
        if isinstance(value, str) and value != value.strip().casefold():
            raise DefinitionError(f"{spot}: word answers are lowercase without spaces around")
        if entry.get("missing"):
            points = None
        else:
            points = entry.get("points")
            if isinstance(points, bool) or not isinstance(points, int):
                raise DefinitionError(f"{spot}: points must be an integer (or mark the option missing)")
        parsed.append((value, points, _text(entry, "label", spot)))
    kinds = {type(value) for value, _, _ in parsed}
    if len(kinds) != 1:
        raise DefinitionError(f"{where}: every option's value must be of the same kind")
    scored = [points for _, points, _ in parsed if points is not None]
    if not scored:
        raise DefinitionError(f"{where}: no option carries points")
    low, high = min(scored), max(scored)
    options = tuple(
        Option(value, None if points is None else (low + high - points if reverse else points), label)
        for value, points, label in parsed
    )
    lookup: dict[int | str, int | None] = {}
    for option in options:
        if option.value in lookup and lookup[option.value] != option.points:
            raise DefinitionError(f"{where}: answer {option.value!r} is given two different point values")
        lookup[option.value] = option.points
    return options, lookup


def _missing_rule(raw: Any, where: str) -> MissingRule:
    if raw is None:
        raw = {"rule": "complete", "basis": "product_rule"}
    rule = raw.get("rule")
    if rule not in ("complete", "prorate"):
        raise DefinitionError(f"{where}: missing rule must be 'complete' or 'prorate'")
    max_missing = raw.get("max_missing", 0)
    if rule == "prorate" and (not isinstance(max_missing, int) or max_missing < 1):
        raise DefinitionError(f"{where}: a prorating rule needs max_missing >= 1")
    if raw.get("rounding", "half_up") != "half_up":
        raise DefinitionError(f"{where}: the only rounding is half_up")
    return MissingRule(
        rule=rule,
        max_missing=max_missing if rule == "prorate" else 0,
        basis=_basis(raw, where),
        note=_text(raw, "note", where, required=False),
        source=str(raw.get("source", "")),
    )


def _band(entry: Mapping[str, Any], where: str, default_basis: str) -> Band:
    return Band(
        code=_code(entry.get("code"), where),
        label=_text(entry, "label", where),
        basis=_basis(entry, where, default_basis),
        note=_text(entry, "note", where, required=False),
        low=entry.get("min"),
        high=entry.get("max"),
    )


def _sections(entries: Any, numbers: list[str], where: str) -> tuple[Section, ...]:
    """Optional headings; every item listed belongs to exactly one section."""
    sections = []
    seen: set[str] = set()
    for entry in entries:
        spot = f"{where} section {entry.get('code')}"
        chosen = [str(n) for n in entry.get("items") or []]
        if not chosen or not set(chosen) <= set(numbers) or seen & set(chosen):
            raise DefinitionError(f"{spot}: items must be known item numbers, each in one section")
        seen |= set(chosen)
        sections.append(Section(_code(entry.get("code"), spot), _text(entry, "label", spot), tuple(chosen)))
    if sections and seen != set(numbers):
        raise DefinitionError(f"{where}: sections must cover every item")
    return tuple(sections)


def parse_instrument(data: Mapping[str, Any]) -> Instrument:
    """Parse and check one definition; raises ``DefinitionError`` naming the place of any mistake."""
    if data.get("format") != FORMAT:
        raise DefinitionError(f"not a {FORMAT} definition (format={data.get('format')!r})")
    code = _code(data.get("code"), "definition")
    where = code
    version = data.get("version")
    if not isinstance(version, str) or not re.match(r"^\d+(\.\d+)*$", version):
        raise DefinitionError(f"{where}: version must look like '1' or '1.2'")
    for key in ("source", "licence"):
        if not isinstance(data.get(key), Mapping) or not data[key].get(
            "citation" if key == "source" else "terms"
        ):
            raise DefinitionError(f"{where}: {key!r} is required (with a citation / the terms)")
    option_sets = data.get("option_sets", {})
    items: list[Item] = []
    for index, entry in enumerate(data.get("items") or []):
        number = entry.get("number")
        spot = f"{where} item {number or index + 1}"
        if not isinstance(number, str) or not number.isdigit():
            raise DefinitionError(f"{spot}: number must be a string of digits")
        reverse = bool(entry.get("reverse", False))
        raw_options = entry.get("options")
        if isinstance(raw_options, str):
            if raw_options not in option_sets:
                raise DefinitionError(f"{spot}: unknown option set {raw_options!r}")
            raw_options = option_sets[raw_options]
        options, lookup = _options(raw_options, spot, reverse)
        scored = [option.points for option in options if option.points is not None]
        items.append(
            Item(
                number=number,
                key=_code(entry.get("key"), spot),
                text=_text(entry, "text", spot),
                options=options,
                reverse=reverse,
                label=str(entry.get("label", number)),
                numeric=isinstance(options[0].value, int),
                lookup=lookup,
                min_points=min(p for p in scored if p is not None),
                max_points=max(p for p in scored if p is not None),
            )
        )
    if not items:
        raise DefinitionError(f"{where}: no items")
    numbers = [item.number for item in items]
    if len(set(numbers)) != len(numbers):
        raise DefinitionError(f"{where}: item numbers repeat")
    if numbers != [str(n) for n in range(1, len(numbers) + 1)]:
        raise DefinitionError(f"{where}: items must be numbered 1..{len(numbers)} in order")

    forms = []
    for entry in data.get("forms") or [
        {"code": "standard", "items": "*", "label": {"id": "Baku", "en": "Standard"}}
    ]:
        spot = f"{where} form {entry.get('code')}"
        chosen = entry.get("items", "*")
        form_items = tuple(numbers) if chosen == "*" else tuple(str(n) for n in chosen)
        if not set(form_items) <= set(numbers) or not form_items:
            raise DefinitionError(f"{spot}: items must be '*' or a non-empty list of item numbers")
        forms.append(Form(_code(entry.get("code"), spot), _text(entry, "label", spot), form_items))

    parameters = []
    for entry in data.get("parameters") or []:
        spot = f"{where} parameter {entry.get('code')}"
        kind = entry.get("kind")
        pcode = _code(entry.get("code"), spot)
        if pcode == "form":
            raise DefinitionError(f"{spot}: 'form' is reserved for choosing a form")
        if kind == "integer":
            low, high, default = entry.get("min"), entry.get("max"), entry.get("default")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high, default)):
                raise DefinitionError(f"{spot}: an integer parameter needs integer min, max and default")
            if not low <= default <= high:
                raise DefinitionError(f"{spot}: default outside min..max")
            parameters.append(
                ParameterDef(
                    pcode,
                    kind,
                    default,
                    low,
                    high,
                    _text(entry, "label", spot),
                    _text(entry, "note", spot),
                )
            )
        else:
            raise DefinitionError(f"{spot}: kind must be 'integer'")

    scores: list[ScoreDef] = []
    for entry in data.get("scores") or []:
        spot = f"{where} score {entry.get('code')}"
        scode = _code(entry.get("code"), spot)
        derive = entry.get("derive")
        stated = entry.get("range")
        if derive is not None:
            source_code = derive.get("from")
            divide_by = derive.get("divide_by")
            source_score = next((s for s in scores if s.code == source_code), None)
            if source_score is None or not isinstance(divide_by, int) or divide_by < 1:
                raise DefinitionError(f"{spot}: derive needs an earlier score and an integer divide_by")
            if source_score.missing.rule != "complete":
                raise DefinitionError(f"{spot}: only a complete-form score can be divided exactly")
            used = numbers if source_score.items is None else source_score.items
            by_number = {item.number: item for item in items}
            if any(
                option.points is not None and option.points % divide_by
                for number in used
                for option in by_number[number].options
            ):
                raise DefinitionError(f"{spot}: every option's points must divide by {divide_by}")
            scores.append(
                ScoreDef(
                    scode,
                    _text(entry, "label", spot),
                    (),
                    source_score.missing,
                    source_code,
                    divide_by,
                    (int(stated[0]), int(stated[1])) if stated else None,
                )
            )
            continue
        chosen = entry.get("items", "*")
        score_items = None if chosen == "*" else tuple(str(n) for n in chosen)
        if score_items is not None and not set(score_items) <= set(numbers):
            raise DefinitionError(f"{spot}: refers to unknown items")
        scores.append(
            ScoreDef(
                scode,
                _text(entry, "label", spot),
                score_items,
                _missing_rule(entry.get("missing"), spot),
                None,
                1,
                (int(stated[0]), int(stated[1])) if stated else None,
            )
        )
    score_codes = [score.code for score in scores]
    if len(set(score_codes)) != len(score_codes):
        raise DefinitionError(f"{where}: score codes repeat")

    schemes = []
    for entry in data.get("schemes") or []:
        spot = f"{where} scheme {entry.get('code')}"
        basis = _basis(entry, spot)
        scheme_score = entry.get("score")
        if scheme_score is not None:
            if scheme_score not in score_codes:
                raise DefinitionError(f"{spot}: unknown score {scheme_score!r}")
            bands = tuple(_band(band, spot, basis) for band in entry.get("bands") or [])
            if not bands:
                raise DefinitionError(f"{spot}: no bands")
            outcomes: tuple[tuple[Band, Any], ...] = ()
            otherwise = None
        else:
            bands = ()
            outcomes = tuple((_band(o, spot, basis), o.get("when")) for o in entry.get("outcomes") or [])
            if not outcomes or "otherwise" not in entry:
                raise DefinitionError(f"{spot}: a classification needs outcomes and an otherwise")
            otherwise = _band(entry["otherwise"], spot, basis)
        schemes.append(
            SchemeDef(
                code=_code(entry.get("code"), spot),
                label=_text(entry, "label", spot),
                score=scheme_score,
                bands=bands,
                outcomes=outcomes,
                otherwise=otherwise,
                basis=basis,
                source=str(entry.get("source", "")),
                note=_text(entry, "note", spot, required=False),
            )
        )
    scheme_codes = [scheme.code for scheme in schemes]
    if len(set(scheme_codes)) != len(scheme_codes):
        raise DefinitionError(f"{where}: scheme codes repeat")

    flags = []
    for entry in data.get("flags") or []:
        spot = f"{where} flag {entry.get('code')}"
        flags.append(
            FlagDef(
                code=_code(entry.get("code"), spot),
                label=_text(entry, "label", spot),
                when=entry.get("when"),
                basis=_basis(entry, spot),
                source=str(entry.get("source", "")),
            )
        )

    headline_score = data.get("headline_score")
    if headline_score is not None and headline_score not in score_codes:
        raise DefinitionError(f"{where}: headline_score {headline_score!r} is not a score")
    headline_scheme = data.get("headline_scheme")
    if headline_scheme is not None and headline_scheme not in scheme_codes:
        raise DefinitionError(f"{where}: headline_scheme {headline_scheme!r} is not a scheme")
    if headline_score is None and headline_scheme is None:
        raise DefinitionError(f"{where}: needs a headline score or a headline scheme")
    sections = _sections(data.get("sections") or [], numbers, where)
    better = data.get("better")
    if better not in (None, "lower", "higher") or (better is not None and headline_score is None):
        raise DefinitionError(f"{where}: 'better' is 'lower' or 'higher', and needs a headline score")

    instrument = Instrument(
        code=code,
        version=version,
        short_name=str(data.get("short_name") or code),
        name=_text(data, "name", where),
        domain=_code(data.get("domain"), where),
        instructions=_text(data, "instructions", where),
        answer_help=_text(data, "answer_help", where),
        items=tuple(items),
        forms=tuple(forms),
        scores=tuple(scores),
        headline_score=headline_score,
        schemes=tuple(schemes),
        headline_scheme=headline_scheme,
        flags=tuple(flags),
        parameters=tuple(parameters),
        source=dict(data["source"]),
        licence=dict(data["licence"]),
        decisions=tuple(data.get("decisions") or ()),
        better=better,
        sections=sections,
    )
    for parameters_case in _parameter_cases(instrument):
        instrument.plan(parameters_case)  # compiles every condition and band table: fails now, not later
    return instrument


def _parameter_cases(instrument: Instrument) -> Iterator[dict[str, Any]]:
    """Defaults, every form, and each integer parameter at its extremes."""
    defaults = instrument.default_parameters
    yield defaults
    for form in instrument.forms[1:]:
        yield {**defaults, "form": form.code}
    for parameter in instrument.parameters:
        for value in (parameter.minimum, parameter.maximum):
            yield {**defaults, parameter.code: value}


# --- The library: every definition file of a folder ----------------------------------------------------


def _version_key(version: str) -> tuple[int, ...]:
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
            return known[max(known, key=_version_key)]
        return known[version]

    @property
    def codes(self) -> list[str]:
        return list(self.versions)

    def current(self) -> list[Instrument]:
        return [self.get(code) for code in self.versions]

    def __contains__(self, code: object) -> bool:
        return code in self.versions


def load_library(folder: Path, order: Sequence[str] = ()) -> Library:
    """Every ``*.json`` definition in ``folder``; codes listed in ``order`` come first, in that order."""
    library = Library()
    loaded = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            loaded.append(parse_instrument(data))
        except (json.JSONDecodeError, DefinitionError) as exc:
            raise DefinitionError(f"{path.name}: {exc}") from None
    rank = {code: index for index, code in enumerate(order)}
    for instrument in sorted(
        loaded, key=lambda i: (rank.get(i.code, len(rank)), i.code, _version_key(i.version))
    ):
        library.add(instrument)
    return library
