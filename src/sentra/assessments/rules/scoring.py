"""The one scoring engine: answers + an instrument definition -> a result. Pure, no Django.

Answers map item numbers (``"1"``, ``"2"``, ...) to the answer of that item: the option's points for
scored items, the code for Washington Group items, ``"yes"``/``"no"`` for yes/no items. An absent
item, ``None`` or ``""`` is unanswered. Every problem is reported at once, each naming its item.

What happens, in order:

1. parameters are checked (unknown names, values out of their range);
2. each answer is looked up in its item's options (bools, unknown words and out-of-range numbers are
   refused; ``"2"`` and ``2`` are the same answer; ``"Ya"`` is not ``"yes"``);
3. scores are summed with each score's missing-answer rule (``complete`` or ``prorate``: sum x n /
   answered, rounded half up, at most ``max_missing`` unanswered);
4. range schemes band the scores; classification schemes are evaluated in three-valued logic;
5. flags are raised from whatever answers are usable, even when the result as a whole is invalid,
   so a safety flag (PHQ-9 item 9) is never lost to a missing answer elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sentra.assessments.rules.conditions import Facts
from sentra.assessments.rules.model import Band, Instrument, Item
from sentra.assessments.rules.plans import Plan

_INVALID = object()


def show(value: Any) -> str:
    """An answer as the person typed it, for messages: ``7``, ``"maybe"``, ``true``."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _list(values: list[Any]) -> str:
    return ", ".join(str(value) for value in values)


# English message templates; the Django layer has a translated template for every code.
MESSAGES: dict[str, str] = {
    "not_an_object": "The answers must be an object that maps item numbers to answers.",
    "unknown_item": "Item {item} does not exist in {instrument}; its items are {items}.",
    "not_in_form": "Item {item} is not asked in the {form} form of {instrument}.",
    "not_allowed": "Item {item}: {value} is not an allowed answer; allowed answers are {allowed}.",
    "unanswered": "Item {item} is unanswered; {instrument} is scored only when every item is answered.",
    "too_many_missing": (
        "Item {item} is unanswered, and too many items are unanswered to score {instrument} "
        "({missing} unanswered, at most {max_missing} allowed)."
    ),
    "undetermined": "Item {item} is unanswered, so {instrument} {scheme} cannot be determined.",
    "unknown_parameter": "{instrument} has no parameter {parameter}; it accepts: {accepted}.",
    "bad_parameter": "Parameter {parameter}: {value} is not allowed; allowed values are {allowed}.",
    "unknown_instrument": "Unknown instrument {instrument}; the instruments are {known}.",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a submission. ``item`` names the item (or ``parameter`` the parameter)."""

    code: str
    item: str | None = None
    parameter: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(item=self.item, parameter=self.parameter, **self.details)

    @property
    def field(self) -> str:
        """Where the problem lies in a request body: ``answers.9``, ``parameters.cutoff``, ``answers``."""
        if self.item is not None:
            return f"answers.{self.item}"
        if self.parameter is not None:
            return f"parameters.{self.parameter}"
        return "answers"

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"item": self.item, "code": self.code, "message": self.message}
        if self.parameter is not None:
            entry["parameter"] = self.parameter
        return entry


@dataclass(frozen=True)
class Result:
    instrument: str
    version: str
    form: str
    parameters: Mapping[str, Any]
    valid: bool
    problems: tuple[Problem, ...]
    points: Mapping[str, int]  # scored points of every usable answer
    missing: tuple[str, ...]  # unanswered items (including "refused"/"don't know" codes)
    scores: Mapping[str, int | None]
    unrounded: Mapping[str, Fraction]  # prorated scores before rounding
    ranges: Mapping[str, tuple[int, int]]
    total: int | None
    headline_score: str | None
    band: str | None
    band_scheme: str | None
    bands: Mapping[str, str | None]
    band_info: Mapping[str, Band | None]
    flags: tuple[str, ...]
    items_asked: int

    @property
    def imputed(self) -> tuple[str, ...]:
        """Unanswered items whose points were prorated into the headline score."""
        if self.valid and self.headline_score in self.unrounded:
            return self.missing
        return ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of CLI and API output (messages in English; see the Django layer for others)."""
        unrounded = self.unrounded.get(self.headline_score or "") if self.valid else None
        headline_range = self.ranges.get(self.headline_score or "")
        return {
            "instrument": self.instrument,
            "version": self.version,
            "form": self.form,
            "parameters": dict(self.parameters),
            "valid": self.valid,
            "errors": [problem.as_dict() for problem in self.problems],
            "total": self.total,
            "total_unrounded": None if unrounded is None else round(float(unrounded), 4),
            "range": list(headline_range) if headline_range else None,
            "scores": dict(self.scores),
            "band": self.band,
            "band_scheme": self.band_scheme,
            "bands": dict(self.bands),
            "band_basis": {scheme: band.basis for scheme, band in self.band_info.items() if band is not None},
            "flags": list(self.flags),
            "answered": self.items_asked - len(self.missing),
            "items": self.items_asked,
            "missing": list(self.missing),
            "imputed": list(self.imputed),
        }


def resolve_parameters(
    instrument: Instrument, given: Mapping[str, Any] | None
) -> tuple[dict[str, Any], list[Problem]]:
    """Defaults overlaid with the given values; integers may come as text (``"8"``) from a CLI or form."""
    values = instrument.default_parameters
    problems: list[Problem] = []
    if not given:
        return values, problems
    accepted = [parameter.code for parameter in instrument.parameters]
    if len(instrument.forms) > 1:
        accepted.append("form")
    for name, raw in given.items():
        if name == "form" and len(instrument.forms) > 1:
            forms = [form.code for form in instrument.forms]
            if raw not in forms:
                problems.append(
                    Problem(
                        "bad_parameter", parameter=name, details={"value": show(raw), "allowed": _list(forms)}
                    )
                )
            else:
                values["form"] = raw
            continue
        parameter = next((p for p in instrument.parameters if p.code == name), None)
        if parameter is None:
            problems.append(
                Problem(
                    "unknown_parameter",
                    parameter=str(name),
                    details={"instrument": instrument.short_name, "accepted": _list(accepted) or "-"},
                )
            )
            continue
        number = _as_int(raw)
        if number is None or not parameter.minimum <= number <= parameter.maximum:
            problems.append(
                Problem(
                    "bad_parameter",
                    parameter=name,
                    details={"value": show(raw), "allowed": f"{parameter.minimum}-{parameter.maximum}"},
                )
            )
            continue
        values[name] = number
    return values, problems


def _as_int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


def _lookup(item: Item, raw: Any) -> Any:
    """Scored points (or None for a missing-code answer), or ``_INVALID``."""
    if type(raw) is not bool:
        try:
            return item.lookup[raw]
        except (KeyError, TypeError):
            pass
        if isinstance(raw, str):
            alternative: Any = _as_int(raw) if item.numeric else raw.strip().casefold()
            if alternative is not None and alternative in item.lookup:
                return item.lookup[alternative]
    return _INVALID


def _half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)).__floor__())


def score(instrument: Instrument, answers: Any, parameters: Mapping[str, Any] | None = None) -> Result:
    """Score one submission. Never raises for bad answers: they come back as problems."""
    problems: list[Problem] = []
    if parameters:
        resolved, parameter_problems = resolve_parameters(instrument, parameters)
        problems.extend(parameter_problems)
    else:
        resolved = instrument.default_parameters
    plan: Plan = instrument.plan(resolved)
    malformed = not isinstance(answers, Mapping)
    if malformed:
        problems.append(Problem("not_an_object"))
        answers = {}
    elif not all(type(key) is str for key in answers):
        answers = {str(key): value for key, value in answers.items()}

    numbers = plan.numbers
    for key in answers:
        if key not in numbers:
            if key in instrument.item_by_number:
                details = {"form": plan.form.code, "instrument": instrument.short_name}
                problems.append(Problem("not_in_form", item=key, details=details))
            else:
                known = f"{plan.items[0].number}-{plan.items[-1].number}"
                details = {"instrument": instrument.short_name, "items": known}
                problems.append(Problem("unknown_item", item=key, details=details))

    points: dict[str, int] = {}
    missing: list[str] = []
    for item in plan.items:
        raw = answers.get(item.number)
        if raw is None or raw == "":
            missing.append(item.number)
            continue
        found = _lookup(item, raw)
        if found is _INVALID:
            allowed = _list([show(value) for value in item.allowed])
            typed = _as_int(raw) if item.numeric and isinstance(raw, str) else None  # "7" from a form reads 7
            details = {"value": show(raw if typed is None else typed), "allowed": allowed}
            problems.append(Problem("not_allowed", item=item.number, details=details))
        elif found is None:
            missing.append(item.number)
        else:
            points[item.number] = found
    answer_problems = bool(problems)

    scores: dict[str, int | None] = {}
    unrounded: dict[str, Fraction] = {}
    ranges: dict[str, tuple[int, int]] = {}
    missing_problems: list[Problem] = []
    for score_plan in plan.scores:
        ranges[score_plan.code] = (score_plan.low, score_plan.high)
        if score_plan.derive_from is not None:
            source = scores[score_plan.derive_from]
            scores[score_plan.code] = None if source is None else source // score_plan.divide_by
            continue
        total = 0
        unanswered: list[str] = []
        for number in score_plan.numbers:
            value = points.get(number)
            if value is None:
                unanswered.append(number)
            else:
                total += value
        value_or_none: int | None = total
        if unanswered:
            if score_plan.rule == "prorate" and len(unanswered) <= score_plan.max_missing:
                count = len(score_plan.numbers)
                exact = Fraction(total * count, count - len(unanswered))
                unrounded[score_plan.code] = exact
                value_or_none = _half_up(exact)
            else:
                value_or_none = None
            if score_plan.code == instrument.headline_score:
                missing_problems.extend(_missing_problems(instrument, score_plan, unanswered, missing))
        scores[score_plan.code] = None if answer_problems else value_or_none

    bands: dict[str, str | None] = {}
    band_info: dict[str, Band | None] = {}
    facts = Facts(points=points, scores=scores, schemes=bands)
    for scheme in plan.schemes:
        band: Band | None
        if scheme.score is not None:
            value = scores[scheme.score]
            band = None if value is None else scheme.table[value]
        else:
            band = scheme.otherwise
            for candidate, condition in scheme.outcomes:
                outcome = condition(facts)
                if outcome is None:
                    band = None
                    break
                if outcome:
                    band = candidate
                    break
        band_info[scheme.code] = band
        bands[scheme.code] = None if band is None else band.code

    flags = tuple(code for code, condition in plan.flags if condition(facts) is True)

    headline_scheme = instrument.headline_scheme
    if instrument.headline_score is None and headline_scheme is not None and bands[headline_scheme] is None:
        for number in missing:
            details = {"scheme": headline_scheme, "instrument": instrument.short_name}
            missing_problems.append(Problem("undetermined", item=number, details=details))
    if not malformed:  # a list or a string is one problem, not one per item
        problems.extend(missing_problems)

    if len(problems) > 1:
        order = {number: index for index, number in enumerate(instrument.item_by_number)}
        problems.sort(key=lambda p: (p.item is not None, order.get(p.item or "", len(order))))
    valid = not problems
    if not valid:
        scores = dict.fromkeys(scores)
        bands = dict.fromkeys(bands)
        band_info = dict.fromkeys(band_info)
        unrounded = {}
    headline_total = scores.get(instrument.headline_score) if instrument.headline_score else None
    headline_band = bands.get(headline_scheme) if headline_scheme else None
    return Result(
        instrument=instrument.code,
        version=instrument.version,
        form=plan.form.code,
        parameters=resolved,
        valid=valid,
        problems=tuple(problems),
        points=points,
        missing=tuple(missing),
        scores=scores,
        unrounded=unrounded,
        ranges=ranges,
        total=headline_total,
        headline_score=instrument.headline_score,
        band=headline_band,
        band_scheme=headline_scheme,
        bands=bands,
        band_info=band_info,
        flags=flags,
        items_asked=len(plan.items),
    )


def _missing_problems(
    instrument: Instrument, score_plan: Any, unanswered: list[str], missing: list[str]
) -> list[Problem]:
    """Problems for the unanswered items of the headline score, when its rule cannot cope with them."""
    truly_missing = [number for number in unanswered if number in missing]
    if score_plan.rule == "prorate":
        if len(truly_missing) <= score_plan.max_missing:
            return []
        details = {
            "instrument": instrument.short_name,
            "missing": len(truly_missing),
            "max_missing": score_plan.max_missing,
        }
        return [Problem("too_many_missing", item=number, details=details) for number in truly_missing]
    return [
        Problem("unanswered", item=number, details={"instrument": instrument.short_name})
        for number in truly_missing
    ]
