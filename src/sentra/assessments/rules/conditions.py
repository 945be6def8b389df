"""A small condition language for instrument definitions, evaluated in three-valued logic.

Conditions are JSON objects in the definition files; they are compiled once into closures. Every
closure answers ``True`` (certainly holds), ``False`` (certainly does not hold) or ``None`` (cannot
be known because answers it depends on are missing). Three values are what the published rules need:
a Washington Group identifier is 1 as soon as one answered domain meets it, 0 only when every domain
is answered and none does, and missing otherwise.

Grammar (``min``/``max`` are inclusive bounds and may name a parameter as ``"$name"``)::

    {"item": "9", "min": 1}                          the scored points of item 9 are >= 1
    {"score": "total", "min": 10, "max": 14}         a score of the instrument
    {"scheme": "disability3", "in": ["with_disability"]}  the band a scheme gave
    {"count": {"items": "*", "min_points": 2, "item_min_points": {"9": 1}}, "min": 5}
                                                     how many items reach their threshold
    {"all": [...]}  {"any": [...]}  {"not": {...}}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sentra.assessments.rules.errors import DefinitionError


@dataclass(slots=True)
class Facts:
    """What a condition may look at: scored points of the usable answers, scores and scheme bands."""

    points: Mapping[str, int]
    scores: Mapping[str, int | None]
    schemes: Mapping[str, str | None]


Condition = Callable[[Facts], bool | None]


@dataclass(frozen=True)
class CompileContext:
    """What names a condition may refer to, resolved for one form and one set of parameters."""

    items: Sequence[str]  # the items of the active form, in order
    all_items: frozenset[str]  # every item of the instrument (a reference outside the form is an error)
    scores: frozenset[str]
    schemes: frozenset[str]
    parameters: Mapping[str, Any]
    where: str


def resolve_number(value: Any, context: CompileContext, field: str) -> int | None:
    """A literal integer bound, ``"$param"`` resolved against the parameters, or ``None`` when absent."""
    if value is None:
        return None
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in context.parameters:
            raise DefinitionError(f"{context.where}: {field} refers to unknown parameter {value!r}")
        value = context.parameters[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise DefinitionError(f"{context.where}: {field} must be an integer or a $parameter, not {value!r}")
    return int(value)


def _bounds(spec: Mapping[str, Any], context: CompileContext) -> tuple[int | None, int | None]:
    low = resolve_number(spec.get("min"), context, "min")
    high = resolve_number(spec.get("max"), context, "max")
    if low is None and high is None:
        raise DefinitionError(f"{context.where}: a comparison needs min or max: {dict(spec)!r}")
    return low, high


def _within(low: int | None, high: int | None) -> Callable[[int], bool]:
    if high is None:
        assert low is not None
        return lambda value: value >= low
    if low is None:
        return lambda value: value <= high
    return lambda value: low <= value <= high


def compile_condition(spec: Any, context: CompileContext) -> Condition:
    if not isinstance(spec, Mapping):
        raise DefinitionError(f"{context.where}: a condition must be an object, not {spec!r}")
    if "all" in spec or "any" in spec:
        key = "all" if "all" in spec else "any"
        parts = spec[key]
        if not isinstance(parts, list) or not parts:
            raise DefinitionError(f"{context.where}: {key!r} needs a non-empty list")
        compiled = tuple(compile_condition(part, context) for part in parts)
        return _all(compiled) if key == "all" else _any(compiled)
    if "not" in spec:
        inner = compile_condition(spec["not"], context)

        def negation(facts: Facts) -> bool | None:
            outcome = inner(facts)
            return None if outcome is None else not outcome

        return negation
    if "item" in spec:
        return _item_condition(spec, context)
    if "score" in spec:
        return _score_condition(spec, context)
    if "scheme" in spec:
        return _scheme_condition(spec, context)
    if "count" in spec:
        return _count_condition(spec, context)
    raise DefinitionError(f"{context.where}: unknown condition {dict(spec)!r}")


def _all(parts: tuple[Condition, ...]) -> Condition:
    def conjunction(facts: Facts) -> bool | None:
        unknown = False
        for part in parts:
            outcome = part(facts)
            if outcome is False:
                return False
            if outcome is None:
                unknown = True
        return None if unknown else True

    return conjunction


def _any(parts: tuple[Condition, ...]) -> Condition:
    def disjunction(facts: Facts) -> bool | None:
        unknown = False
        for part in parts:
            outcome = part(facts)
            if outcome is True:
                return True
            if outcome is None:
                unknown = True
        return None if unknown else False

    return disjunction


def _item_condition(spec: Mapping[str, Any], context: CompileContext) -> Condition:
    number = str(spec["item"])
    if number not in context.all_items:
        raise DefinitionError(f"{context.where}: unknown item {number!r}")
    low, high = _bounds(spec, context)
    test = _within(low, high)
    if number not in context.items:
        return lambda facts: None  # not asked in this form: never known

    def item_condition(facts: Facts) -> bool | None:
        value = facts.points.get(number)
        return None if value is None else test(value)

    return item_condition


def _score_condition(spec: Mapping[str, Any], context: CompileContext) -> Condition:
    code = spec["score"]
    if code not in context.scores:
        raise DefinitionError(f"{context.where}: unknown score {code!r}")
    test = _within(*_bounds(spec, context))

    def score_condition(facts: Facts) -> bool | None:
        value = facts.scores.get(code)
        return None if value is None else test(value)

    return score_condition


def _scheme_condition(spec: Mapping[str, Any], context: CompileContext) -> Condition:
    code = spec["scheme"]
    if code not in context.schemes:
        raise DefinitionError(f"{context.where}: unknown scheme {code!r}")
    accepted = spec.get("in")
    if not isinstance(accepted, list) or not accepted:
        raise DefinitionError(f"{context.where}: a scheme condition needs a non-empty 'in' list")
    wanted = frozenset(accepted)

    def scheme_condition(facts: Facts) -> bool | None:
        band = facts.schemes.get(code)
        return None if band is None else band in wanted

    return scheme_condition


def _count_condition(spec: Mapping[str, Any], context: CompileContext) -> Condition:
    counted = spec["count"]
    if not isinstance(counted, Mapping):
        raise DefinitionError(f"{context.where}: 'count' must be an object")
    chosen = counted.get("items", "*")
    if chosen == "*":
        numbers = tuple(context.items)
    else:
        if not isinstance(chosen, list):
            raise DefinitionError(f"{context.where}: count items must be '*' or a list")
        unknown = [str(number) for number in chosen if str(number) not in context.all_items]
        if unknown:
            raise DefinitionError(f"{context.where}: count refers to unknown items {unknown}")
        numbers = tuple(str(number) for number in chosen if str(number) in context.items)
    default_threshold = resolve_number(counted.get("min_points"), context, "min_points")
    if default_threshold is None:
        raise DefinitionError(f"{context.where}: count needs min_points")
    overrides = counted.get("item_min_points", {})
    thresholds = tuple(
        (number, resolve_number(overrides.get(number, default_threshold), context, "item_min_points") or 0)
        for number in numbers
    )
    low, high = _bounds(spec, context)
    lowest = low if low is not None else 0
    highest = high if high is not None else len(thresholds)

    def count_condition(facts: Facts) -> bool | None:
        known = unknown = 0
        points = facts.points
        for number, threshold in thresholds:
            value = points.get(number)
            if value is None:
                unknown += 1
            elif value >= threshold:
                known += 1
        # The true count lies somewhere in [known, known + unknown].
        if known >= lowest and known + unknown <= highest:
            return True
        if known + unknown < lowest or known > highest:
            return False
        return None

    return count_condition
