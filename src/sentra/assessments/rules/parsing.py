"""Parsing and checking definition files into ``Instrument`` objects, and loading a folder of them.

The checks refuse a file that would score wrongly (gaps or overlaps between bands, references to
unknown items, a stated range that does not match the options), so a mistake in a definition fails
when the library loads, not at a desk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sentra.assessments.rules.errors import DefinitionError
from sentra.assessments.rules.model import (
    CODE_RE,
    FORMAT,
    LANGUAGES,
    Band,
    FlagDef,
    Form,
    Instrument,
    Item,
    Library,
    MissingRule,
    Option,
    ParameterDef,
    SchemeDef,
    ScoreDef,
    Section,
    Text,
    version_key,
)


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
        loaded, key=lambda i: (rank.get(i.code, len(rank)), i.code, version_key(i.version))
    ):
        library.add(instrument)
    return library
