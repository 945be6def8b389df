"""Compiled scoring plans: one per instrument, form and parameter set, built once and cached.

A plan resolves the items of the chosen form, each score's missing-answer rule and range, a band
table for every range scheme (every possible value maps to exactly one band: gaps and overlaps are
refused) and the compiled conditions of classifications and flags.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sentra.assessments.rules.conditions import CompileContext, Condition, compile_condition, resolve_number
from sentra.assessments.rules.errors import DefinitionError
from sentra.assessments.rules.model import Band, Form, Instrument, Item, SchemeDef


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
