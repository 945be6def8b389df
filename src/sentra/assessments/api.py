"""Instrument endpoints: the library, one definition (for building forms), and stateless scoring.

Scoring needs no personal data and stores nothing; it is authenticated like every endpoint. Invalid
answers answer 422 with one error per item (``field`` = ``answers.<item>``), the same messages as the
CLI and the pages.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from sentra.assessments import selectors
from sentra.assessments.api_records import router as records_router
from sentra.assessments.rules import Instrument, text_in
from sentra.assessments.rules.model import Band, Item, SchemeDef
from sentra.assessments.scoring import UnknownInstrument, score_answers

router = Router(tags=["assessments"])
# Recorded assessments and needs: personal data, in a module of their own.
router.add_router("/", records_router)


class TextOut(Schema):
    id: str = Field(description="Bahasa Indonesia")
    en: str = Field(description="English")


def _instrument(code: str) -> Instrument:
    try:
        return selectors.library().get(code)
    except KeyError:
        raise HttpError(404, UnknownInstrument(code).message) from None


# --- The library ------------------------------------------------------------------------------------


class InstrumentSummaryOut(Schema):
    code: str
    version: str
    short_name: str
    name: TextOut
    label: str = Field(description="The name in the active language")
    domain: str = Field(description="functioning, disability or mental_health")
    item_count: int
    answer_help: TextOut = Field(description="What an answer is: points, a code, or yes/no")


def _summary(instrument: Instrument) -> dict[str, Any]:
    return {
        "code": instrument.code,
        "version": instrument.version,
        "short_name": instrument.short_name,
        "name": instrument.name,
        "label": text_in(instrument.name, get_language() or "id"),
        "domain": instrument.domain,
        "item_count": len(instrument.items),
        "answer_help": instrument.answer_help,
    }


@router.get("/instruments", response=list[InstrumentSummaryOut], summary="The assessment instruments")
def instrument_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(instrument) for instrument in selectors.instrument_list()]


class OptionOut(Schema):
    value: int | str = Field(description="The answer to send for this option")
    points: int | None = Field(description="Scored points (after reversal); null: counts as unanswered")
    label: TextOut


class ItemOut(Schema):
    number: str
    label: str = Field(description="How the printed form numbers the item (e.g. A for Lawton)")
    key: str
    text: TextOut
    reverse: bool
    options: list[OptionOut]


class FormOut(Schema):
    code: str
    label: TextOut
    items: list[str]


class ParameterOut(Schema):
    code: str
    kind: str
    default: int | str
    min: int | None
    max: int | None
    label: TextOut
    note: TextOut


class MissingRuleOut(Schema):
    rule: str = Field(description="complete: every item needed; prorate: sum x n / answered, rounded half up")
    max_missing: int
    basis: str
    note: dict[str, str]


class ScoreDefOut(Schema):
    code: str
    label: TextOut
    items: list[str] | None = Field(description="null: every item of the chosen form")
    derived_from: str | None
    divide_by: int
    missing: MissingRuleOut


class BandOut(Schema):
    code: str
    label: TextOut
    min: int | str | None = Field(None, description="Lower bound; '$name' is a parameter")
    max: int | str | None = None
    basis: str = Field(description="published, secondary or product_rule")
    note: dict[str, str]


class SchemeOut(Schema):
    code: str
    label: TextOut
    score: str | None = Field(description="The score banded; null for a classification by conditions")
    basis: str
    source: str
    note: dict[str, str]
    bands: list[BandOut]


class FlagOut(Schema):
    code: str
    label: TextOut
    when: dict[str, Any]
    basis: str
    source: str


class DecisionOut(Schema):
    topic: str
    text: TextOut


class InstrumentOut(InstrumentSummaryOut):
    instructions: TextOut
    items: list[ItemOut]
    forms: list[FormOut]
    parameters: list[ParameterOut]
    scores: list[ScoreDefOut]
    headline_score: str | None
    schemes: list[SchemeOut]
    headline_scheme: str | None
    flags: list[FlagOut]
    decisions: list[DecisionOut]
    source: dict[str, Any]
    licence: dict[str, Any]


def _item(item: Item) -> dict[str, Any]:
    return {
        "number": item.number,
        "label": item.label,
        "key": item.key,
        "text": item.text,
        "reverse": item.reverse,
        "options": [{"value": o.value, "points": o.points, "label": o.label} for o in item.options],
    }


def _band(band: Band) -> dict[str, Any]:
    return {
        "code": band.code,
        "label": band.label,
        "min": band.low,
        "max": band.high,
        "basis": band.basis,
        "note": dict(band.note),
    }


def _scheme(scheme: SchemeDef) -> dict[str, Any]:
    bands = [_band(band) for band in scheme.bands] + [_band(band) for band, _ in scheme.outcomes]
    if scheme.otherwise is not None:
        bands.append(_band(scheme.otherwise))
    return {
        "code": scheme.code,
        "label": scheme.label,
        "score": scheme.score,
        "basis": scheme.basis,
        "source": scheme.source,
        "note": dict(scheme.note),
        "bands": bands,
    }


@router.get(
    "/instruments/{code}", response=InstrumentOut, summary="One instrument's definition (to build a form)"
)
def instrument_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    instrument = _instrument(code)
    return {
        **_summary(instrument),
        "instructions": instrument.instructions,
        "items": [_item(item) for item in instrument.items],
        "forms": [{"code": f.code, "label": f.label, "items": list(f.items)} for f in instrument.forms],
        "parameters": [
            {
                "code": p.code,
                "kind": p.kind,
                "default": p.default,
                "min": p.minimum,
                "max": p.maximum,
                "label": p.label,
                "note": p.note,
            }
            for p in instrument.parameters
        ],
        "scores": [
            {
                "code": s.code,
                "label": s.label,
                "items": None if s.items is None else list(s.items),
                "derived_from": s.derive_from,
                "divide_by": s.divide_by,
                "missing": {
                    "rule": s.missing.rule,
                    "max_missing": s.missing.max_missing,
                    "basis": s.missing.basis,
                    "note": dict(s.missing.note),
                },
            }
            for s in instrument.scores
        ],
        "headline_score": instrument.headline_score,
        "schemes": [_scheme(scheme) for scheme in instrument.schemes],
        "headline_scheme": instrument.headline_scheme,
        "flags": [
            {"code": f.code, "label": f.label, "when": f.when, "basis": f.basis, "source": f.source}
            for f in instrument.flags
        ],
        "decisions": list(instrument.decisions),
        "source": dict(instrument.source),
        "licence": dict(instrument.licence),
    }


# --- Scoring ----------------------------------------------------------------------------------------


class ScoreIn(Schema):
    answers: dict[str, Any] = Field(
        description='Item number -> answer, e.g. {"1": 2, "2": 0}; points, WG codes or "yes"/"no"',
        examples=[{"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 0}],
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict, description='Instrument parameters, e.g. {"cutoff": 8} for the SRQ-20'
    )


class ErrorOut(Schema):
    item: str | None
    code: str
    message: str
    parameter: str | None = None


class EvidenceOut(Schema):
    instrument: str
    kind: str
    name: str
    value: Any
    expected: str
    text: str


class RuleRefOut(Schema):
    id: str
    text: TextOut
    ruleset: str
    ruleset_version: str
    status: str


class RecommendationOut(Schema):
    rule: RuleRefOut
    component: str = Field(description="ATENSI component code")
    subtype: str | None
    service: TextOut
    professions: list[str]
    urgency: str = Field(description="routine, soon or urgent")
    actions: list[dict[str, Any]]
    needs: list[dict[str, Any]]
    evidence: list[EvidenceOut]


class ScoreOut(Schema):
    instrument: str
    version: str
    form: str
    parameters: dict[str, Any]
    valid: bool
    errors: list[ErrorOut]
    total: int | None
    total_unrounded: float | None = Field(description="The prorated total before rounding, when prorated")
    range: list[int] | None
    scores: dict[str, int | None]
    band: str | None
    band_scheme: str | None
    bands: dict[str, str | None] = Field(description="Every scheme's band, by scheme code")
    band_basis: dict[str, str]
    flags: list[str]
    answered: int
    items: int
    missing: list[str]
    imputed: list[str]
    recommendations: list[RecommendationOut]
    needs_rules: dict[str, str]


@router.post(
    "/instruments/{code}/score",
    response=ScoreOut,
    summary="Score answers (stateless; nothing is stored)",
    description="422 when an answer is out of range, an item is unknown or too many are unanswered: "
    "one error per item, field `answers.<item>`.",
)
def instrument_score(request: HttpRequest, code: str, payload: ScoreIn) -> dict[str, Any]:
    _instrument(code)
    scored = score_answers(code=code, answers=payload.answers, parameters=payload.parameters)
    if not scored.valid:
        errors: dict[str, list[str]] = {}
        for problem, entry in zip(scored.result.problems, scored.errors(), strict=True):
            errors.setdefault(problem.field, []).append(entry["message"])
        raise ValidationError(errors)
    return scored.as_dict()
