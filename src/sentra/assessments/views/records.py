"""A person's assessments: record one, read a result (access-logged), the person's list.

Only the holders of the sensitive-data permission (case managers, other professionals, centre heads)
and system administrators open these pages; for anyone else, and for a person they may not open,
every page answers 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sentra.assessments import selectors, services
from sentra.assessments.models import SENSITIVE_ROLES, Assessment, Need
from sentra.assessments.rules import Instrument, text_in
from sentra.assessments.scoring import score_answers
from sentra.assessments.views.display import need_rows
from sentra.assessments.views.instruments import form_context, read_submission, result_context
from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import Case
from sentra.core.access import get_visible_or_404
from sentra.core.http import AuthenticatedHttpRequest
from sentra.core.models import User

READER_ROLES = SENSITIVE_ROLES | {"sysadmin"}


def person_for(user: User, beneficiary_id: int) -> Beneficiary:
    """The person, when the user may read their assessments; 404 otherwise."""
    if user.role not in READER_ROLES:
        raise Http404
    return get_visible_or_404(
        Beneficiary.objects.select_related("registered_sentra"), user, pk=beneficiary_id
    )


def _open_cases(user: User, beneficiary: Beneficiary) -> list[Case]:
    return list(
        Case.objects.visible_to(user)
        .filter(beneficiary=beneficiary, closed_on__isnull=True)
        .select_related("sentra")
        .order_by("-opened_on")
    )


@login_required
@require_GET
def person_assessments(request: AuthenticatedHttpRequest, beneficiary_id: int) -> HttpResponse:
    user = request.user
    beneficiary = person_for(user, beneficiary_id)
    assessments = list(selectors.assessments_of(user, beneficiary.pk))
    selectors.log_history_access(user, assessments, purpose="assessment list")
    language = request.LANGUAGE_CODE
    library = selectors.definitions()
    names = {instrument.code: instrument.short_name for instrument in library.current()}
    rows = [
        {
            "assessment": assessment,
            "name": names.get(assessment.instrument, assessment.instrument),
            "band_label": _band_label(assessment, language),
        }
        for assessment in assessments
    ]
    instruments_used = sorted({a.instrument for a in assessments}, key=_order)
    needs = list(selectors.needs_of(user, beneficiary.pk).order_by("status", "-created_at"))
    return render(
        request,
        "assessments/person.html",
        {
            "b": beneficiary,
            "rows": rows,
            "histories": [{"code": code, "name": names.get(code, code)} for code in instruments_used],
            "needs": need_rows(user, needs, language),
            "can_record": services.may_record(user, beneficiary),
        },
    )


def _order(code: str) -> int:
    return selectors.ORDER.index(code) if code in selectors.ORDER else len(selectors.ORDER)


def _band_label(assessment: Assessment, language: str) -> str:
    """The headline band in words, from the definition version it was scored with."""
    if not assessment.band:
        return ""
    try:
        instrument = selectors.definitions().get(assessment.instrument, assessment.version)
        scheme = instrument.scheme(assessment.band_scheme)
    except KeyError:
        return assessment.band
    for band in scheme.bands:
        if band.code == assessment.band:
            return text_in(band.label, language)
    for band, _condition in scheme.outcomes:
        if band.code == assessment.band:
            return text_in(band.label, language)
    if scheme.otherwise is not None and scheme.otherwise.code == assessment.band:
        return text_in(scheme.otherwise.label, language)
    return assessment.band


@login_required
@require_GET
def record_choose(request: AuthenticatedHttpRequest, beneficiary_id: int) -> HttpResponse:
    user = request.user
    beneficiary = person_for(user, beneficiary_id)
    if not services.may_record(user, beneficiary):
        raise PermissionDenied
    language = request.LANGUAGE_CODE
    instruments = [
        {"code": i.code, "short_name": i.short_name, "name": text_in(i.name, language), "items": len(i.items)}
        for i in selectors.instrument_list()
    ]
    comprehensive = [
        {
            "code": form.code,
            "instrument": i.code,
            "label": text_in(form.label, language),
            "name": text_in(i.name, language),
            "items": len(form.items),
        }
        for i in selectors.forms_library().current()
        for form in i.forms
    ]
    return render(
        request,
        "assessments/record_choose.html",
        {"b": beneficiary, "instruments": instruments, "comprehensive": comprehensive},
    )


def _parse_date(text: str) -> datetime.datetime | None:
    """A date from the form as the start of that day in the active time zone; None when blank."""
    if not text.strip():
        return None
    day = datetime.date.fromisoformat(text.strip())
    now = timezone.localtime()
    if day == now.date():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


@login_required
@require_http_methods(["GET", "POST"])
def record_form(request: AuthenticatedHttpRequest, beneficiary_id: int, code: str) -> HttpResponse:
    user = request.user
    beneficiary = person_for(user, beneficiary_id)
    if not services.may_record(user, beneficiary):
        raise PermissionDenied
    try:
        instrument = selectors.definitions().get(code)
    except KeyError:
        raise Http404 from None
    data = request.POST if request.method == "POST" else request.GET
    answers, parameters = read_submission(data)
    cases = _open_cases(user, beneficiary)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        chosen_case = next((c for c in cases if str(c.pk) == data.get("case", "")), None)
        try:
            assessed_at = _parse_date(str(data.get("assessed_on", "")))
        except ValueError:
            errors["assessed_at"] = [_("Give the date as YYYY-MM-DD.")]
            assessed_at = None
        if data.get("case") and chosen_case is None:
            errors["case"] = [_("Choose one of this person's cases that you work on.")]
        if not errors:
            try:
                assessment = services.assessment_record(
                    actor=user,
                    beneficiary=beneficiary,
                    instrument=instrument.code,
                    answers=answers,
                    parameters=parameters,
                    case=chosen_case,
                    assessed_at=assessed_at,
                    notes=str(data.get("notes", "")),
                    narrative={
                        section.code: str(data.get(f"narrative_{section.code}", ""))
                        for section in instrument.sections
                    },
                    allow_incomplete=data.get("allow_incomplete") == "1",
                )
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                return HttpResponseRedirect(reverse("assessments:assessment_detail", args=[assessment.pk]))
    context = form_context(instrument, data, parameters, None)
    for item in context["items"]:
        item["errors"] = errors.get(f"answers.{item['number']}", [])
    context["sections"] = section_rows(instrument, context["items"], data, request.LANGUAGE_CODE)
    other_errors = [
        message
        for field, messages in errors.items()
        if not field.startswith("answers.")
        for message in messages
    ]
    context.update(
        {
            "b": beneficiary,
            "cases": cases,
            "chosen_case": str(data.get("case", "")),
            "assessed_on": str(data.get("assessed_on", "")) or timezone.localdate().isoformat(),
            "notes": str(data.get("notes", "")),
            "allow_incomplete": data.get("allow_incomplete") == "1",
            "errors": errors,
            "item_error_count": sum(1 for field in errors if field.startswith("answers.")),
            "other_errors": other_errors,
        }
    )
    return render(request, "assessments/record_form.html", context, status=422 if errors else 200)


def section_rows(
    instrument: Instrument, items: list[dict[str, Any]], data: Any, language: str
) -> list[dict[str, Any]]:
    """The form's items under their section headings (only the items of the chosen variant)."""
    by_number = {item["number"]: item for item in items}
    rows = []
    for section in instrument.sections:
        chosen = [by_number[number] for number in section.items if number in by_number]
        if chosen:
            rows.append(
                {
                    "code": section.code,
                    "label": text_in(section.label, language),
                    "items": chosen,
                    "narrative": str(data.get(f"narrative_{section.code}", "")),
                }
            )
    return rows


def answer_rows(assessment: Assessment, language: str) -> list[dict[str, Any]]:
    """Each asked item with the answer chosen, in words, from the version it was scored with."""
    try:
        instrument = selectors.definitions().get(assessment.instrument, assessment.version)
    except KeyError:
        return []
    form = instrument.form(assessment.form or None) if assessment.form else instrument.forms[0]
    rows = []
    for number in form.items:
        item = instrument.item_by_number[number]
        given = assessment.answers.get(number)
        label = ""
        if given not in (None, ""):
            for option in item.options:
                if str(option.value).lower() == str(given).strip().lower():
                    label = text_in(option.label, language)
                    break
        rows.append(
            {
                "number": number,
                "label": item.label,
                "text": text_in(item.text, language),
                "answer": "" if given is None else given,
                "answer_label": label,
            }
        )
    return rows


@login_required
@require_GET
def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if user.role not in READER_ROLES:
        raise Http404
    assessment = selectors.assessment_for_reading(user, pk, purpose="assessment result")
    language = request.LANGUAGE_CODE
    context: dict[str, Any] = {
        "assessment": assessment,
        "b": assessment.beneficiary,
        "assessor_name": assessment.assessor.get_full_name() or assessment.assessor.username,
        "needs": need_rows(
            user, list(Need.objects.filter(assessment=assessment).prefetch_related("devices")), language
        ),
    }
    scored = score_answers(
        code=assessment.instrument,
        answers=assessment.answers,
        parameters=assessment.parameters,
        version=assessment.version,
    )
    context.update(result_context(scored, final=True))
    answers = answer_rows(assessment, language)
    by_number = {row["number"]: row for row in answers}
    context.update(
        {
            "stored": True,
            "name": text_in(scored.instrument.name, language),
            "short_name": scored.instrument.short_name,
            "form_label": text_in(scored.instrument.form(assessment.form).label, language)
            if len(scored.instrument.forms) > 1 and assessment.form
            else "",
            "answers": answers,
            "answer_sections": [
                {
                    "label": text_in(section.label, language),
                    "rows": [by_number[n] for n in section.items if n in by_number],
                    "narrative": assessment.narrative.get(section.code, ""),
                }
                for section in scored.instrument.sections
                if any(n in by_number for n in section.items)
            ],
        }
    )
    return render(request, "assessments/assessment_detail.html", context)
