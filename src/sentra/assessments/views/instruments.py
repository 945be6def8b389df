"""Instrument pages: the list, and a scoring form per instrument that scores live (htmx).

The form posts ``item_<number>`` fields (and ``param_<name>`` for parameters) and goes through the
same ``scoring.score_answers`` as the CLI and the API, so a refused answer gets the same message
naming its item. Nothing is stored: recording an assessment against a beneficiary belongs to the
beneficiary's record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.assessments import selectors
from sentra.assessments.rules import Instrument, Problem, text_in
from sentra.assessments.rules.model import Form, Item
from sentra.assessments.scoring import Scored, problem_message, score_answers
from sentra.assessments.views.display import component_label, profession_label
from sentra.core.http import AuthenticatedHttpRequest

ITEM_PREFIX = "item_"
PARAM_PREFIX = "param_"
# A printed option whose answer another option of the same item shares is posted as "value#position"
# so the page can show again exactly which statement was chosen (Lawton); the suffix is dropped
# before scoring.
POSITION_SUFFIX = re.compile(r"#\d+$")
MISSING_CODES = ("unanswered", "too_many_missing", "undetermined")


def _language() -> str:
    return get_language() or "id"


def _domain_label(domain: str) -> str:
    labels = {
        "functioning": _("Daily functioning"),
        "disability": _("Disability"),
        "mental_health": _("Mental health"),
    }
    return labels.get(domain, domain)


@login_required
@require_GET
def instrument_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    language = _language()
    groups: dict[str, list[dict[str, Any]]] = {}
    for instrument in selectors.instrument_list():
        groups.setdefault(instrument.domain, []).append(
            {
                "code": instrument.code,
                "short_name": instrument.short_name,
                "name": text_in(instrument.name, language),
                "items": len(instrument.items),
                "version": instrument.version,
            }
        )
    sections = [{"label": _domain_label(domain), "instruments": rows} for domain, rows in groups.items()]
    return render(request, "assessments/instrument_list.html", {"sections": sections})


def read_submission(data: QueryDict) -> tuple[dict[str, str], dict[str, str]]:
    """Answers and parameters from the posted form; unknown ``item_`` fields are kept to be refused."""
    answers: dict[str, str] = {}
    parameters: dict[str, str] = {}
    for key in data:
        value = str(data.get(key, ""))
        if key.startswith(ITEM_PREFIX):
            answers[key[len(ITEM_PREFIX) :]] = POSITION_SUFFIX.sub("", value.strip())
        elif key.startswith(PARAM_PREFIX) and value.strip():
            parameters[key[len(PARAM_PREFIX) :]] = value.strip()
    return answers, parameters


def _option_rows(item: Item, chosen: str | None, language: str) -> list[dict[str, Any]]:
    values = [str(option.value) for option in item.options]
    rows = []
    for position, option in enumerate(item.options, start=1):
        value = str(option.value)
        posted = f"{value}#{position}" if values.count(value) > 1 else value
        first_of_value = values.index(value) + 1 == position
        checked = chosen == posted or (chosen == value and first_of_value)
        rows.append(
            {
                "id": f"item-{item.number}-{position}",
                "value": posted,
                "label": text_in(option.label, language),
                "badge": "" if option.points is None or not item.numeric else str(option.value),
                "checked": checked,
            }
        )
    return rows


def _form_of(instrument: Instrument, parameters: Mapping[str, str]) -> Form:
    try:
        return instrument.form(parameters.get("form"))
    except KeyError:
        return instrument.forms[0]


def form_context(
    instrument: Instrument, posted: Mapping[str, str], parameters: Mapping[str, str], scored: Scored | None
) -> dict[str, Any]:
    language = _language()
    form = _form_of(instrument, parameters)
    item_errors: dict[str, list[str]] = {}
    if scored is not None:
        for problem in scored.result.problems:
            if problem.item is not None and problem.code not in MISSING_CODES:
                item_errors.setdefault(problem.item, []).append(problem_message(problem))
    by_number = instrument.item_by_number
    items = [
        {
            "number": number,
            "label": by_number[number].label,
            "text": text_in(by_number[number].text, language),
            "options": _option_rows(by_number[number], posted.get(f"{ITEM_PREFIX}{number}"), language),
            "errors": item_errors.get(number, []),
        }
        for number in form.items
    ]
    parameter_rows = [
        {
            "name": f"{PARAM_PREFIX}{parameter.code}",
            "code": parameter.code,
            "label": text_in(parameter.label, language),
            "note": text_in(parameter.note, language),
            "value": parameters.get(parameter.code, str(parameter.default)),
            "min": parameter.minimum,
            "max": parameter.maximum,
        }
        for parameter in instrument.parameters
    ]
    forms = [
        {"code": f.code, "label": text_in(f.label, language), "selected": f is form} for f in instrument.forms
    ]
    return {
        "instrument": instrument,
        "name": text_in(instrument.name, language),
        "instructions": text_in(instrument.instructions, language),
        "form_code": form.code,
        "forms": forms if len(forms) > 1 else [],
        "items": items,
        "parameters": parameter_rows,
        "decisions": [text_in(d["text"], language) for d in instrument.decisions],
        "missing_rule": text_in(instrument.scores[0].missing.note, language) if instrument.scores else "",
        "source": instrument.source,
        "licence": instrument.licence,
    }


def result_context(scored: Scored, *, final: bool) -> dict[str, Any]:
    """Everything the result panel shows, in the active language."""
    language = _language()
    instrument, result = scored.instrument, scored.result
    problems: list[Problem] = list(result.problems)
    unanswered = [p for p in problems if p.code in MISSING_CODES]
    refused = [p for p in problems if p.code not in MISSING_CODES]
    schemes = []
    for scheme in instrument.schemes:
        band = result.band_info.get(scheme.code)
        schemes.append(
            {
                "code": scheme.code,
                "label": text_in(scheme.label, language),
                "headline": scheme.code == result.band_scheme,
                "band_code": band.code if band else None,
                "band_label": text_in(band.label, language) if band else None,
                "basis": band.basis if band else None,
                "note": text_in(band.note, language) if band else "",
            }
        )
    recommendations = []
    for recommendation in scored.recommendations:
        rule = recommendation.rule
        actions = []
        for action in rule.actions:
            people = ", ".join(profession_label(p) for p in action["to"])
            if action["kind"] == "task":
                actions.append(
                    _("Task within {hours} hours for {people}: {title}").format(
                        hours=action["due_within_hours"],
                        people=people,
                        title=text_in(action["title"], language),
                    )
                )
            else:
                actions.append(_("Alert to {people}").format(people=people))
        recommendations.append(
            {
                "urgency": rule.urgency,
                "service": text_in(rule.service, language),
                "component": component_label(rule.component, rule.subtype, language),
                "component_code": "/".join(filter(None, (rule.component, rule.subtype))),
                "professions": [profession_label(p) for p in rule.professions],
                "actions": actions,
                "needs": [text_in(need["label"], language) for need in rule.needs],
                "rule_id": rule.id,
                "rule_text": text_in(rule.text, language),
                "evidence": [evidence.text for evidence in recommendation.evidence],
            }
        )
    headline = result.headline_score
    return {
        "scored": scored,
        "result": result,
        "final": final,
        "answered": result.items_asked - len(result.missing),
        "item_count": result.items_asked,
        "range": result.ranges.get(headline) if headline else None,
        "unrounded": float(result.unrounded[headline]) if headline and headline in result.unrounded else None,
        "other_scores": [
            {"code": code, "label": text_in(score.label, language), "value": result.scores.get(code)}
            for code, score in ((s.code, s) for s in instrument.scores)
            if code != headline
        ],
        "schemes": schemes,
        "flags": [
            {"code": code, "label": text_in(instrument.flag(code).label, language)} for code in result.flags
        ],
        "refused": [{"item": p.item, "message": problem_message(p)} for p in refused],
        "unanswered": [{"item": p.item, "message": problem_message(p)} for p in unanswered],
        "unanswered_items": [p.item for p in unanswered],
        "recommendations": recommendations,
        "needs_notice": text_in(scored.ruleset.notice, language),
    }


@login_required
@require_http_methods(["GET", "POST"])
def instrument_score(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    instrument = selectors.instrument_get(code)
    data = request.POST if request.method == "POST" else request.GET
    answers, parameters = read_submission(data)
    scored = None
    if request.method == "POST":
        scored = score_answers(code=instrument.code, answers=answers, parameters=parameters)
    context = form_context(instrument, data, parameters, scored)
    if scored is not None:
        context.update(result_context(scored, final="final" in request.POST))
    if request.method == "POST" and getattr(request, "htmx", False):
        context["oob_bar"] = True  # the phone's sticky score bar is updated out of band
        return render(request, "assessments/_result.html", context)
    return render(request, "assessments/instrument_score.html", context)
