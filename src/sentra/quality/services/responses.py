"""Questionnaires: sent on the open link (public), or typed in from paper or with a respondent by staff.

Abuse resistance on the open link, in this order: a valid one-time code admits exactly one response
and skips the rate limit; otherwise each address gets ``SENTRA_SURVEY_RATE_LIMIT`` attempts per window;
the same answers and profile from the same address within the duplicate window count once. Every
refusal says why, and a refused submission saves nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra, ServiceComponent
from sentra.quality import conf
from sentra.quality.models import (
    AgeGroup,
    Channel,
    Education,
    Occupation,
    OneTimeCode,
    PeriodStatus,
    Sex,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.quality.rules.codes import (
    ONE_TIME_CODE_LENGTH,
    looks_like_code,
    normalise_code,
    survey_fingerprint,
)
from sentra.quality.rules.ikm import ANSWER_MAX, ANSWER_MIN, ELEMENT_NAMES, is_valid_answer
from sentra.quality.services._common import (
    PUBLIC,
    centre_today,
    client_hash,
    minutes,
    rate_limited,
    require_centre_role,
)

SUGGESTIONS_MAX = 2000
ENTRY_ROLES = frozenset({"centre_head", "intake", "case_manager", "professional"})


@dataclass(frozen=True)
class ResponseInput:
    answers: Mapping[str, int | None]
    sex: str = ""
    age_group: str = ""
    education: str = ""
    occupation: str = ""
    service_code: str = ""
    suggestions: str = ""
    served_by_id: int | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


def staff_of(sentra_id: int) -> list[User]:
    """The people a respondent may name as "who served you": active members with a name."""
    people = (
        User.objects.filter(memberships__sentra_id=sentra_id, is_active=True)
        .exclude(first_name="", last_name="")
        .order_by("first_name", "last_name")
        .distinct()
    )
    return list(people)


def _answer_errors(answers: Mapping[str, int | None]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(answers) - set(ELEMENT_NAMES))
    if unknown:
        errors["answers"] = [_("Unknown survey element: {names}.").format(names=", ".join(unknown))]
    for name in ELEMENT_NAMES:
        value = answers.get(name)
        if value is not None and not is_valid_answer(value):
            errors[name] = [
                _("Choose one of the four answers ({min} to {max}); {value} is not one of them.").format(
                    min=ANSWER_MIN, max=ANSWER_MAX, value=value
                )
            ]
    if not errors and all(answers.get(name) is None for name in ELEMENT_NAMES):
        errors["__all__"] = [_("Answer at least one of the nine questions.")]
    return errors


def _choice_error(value: str, allowed: list[str]) -> list[str] | None:
    if value and value not in allowed:
        return [_("'{value}' is not one of the choices.").format(value=value)]
    return None


def _check(data: ResponseInput, sentra_id: int) -> tuple[dict[str, list[str]], ServiceComponent | None]:
    errors = _answer_errors(data.answers)
    for name, value, allowed in (
        ("sex", data.sex, Sex.values),
        ("age_group", data.age_group, AgeGroup.values),
        ("education", data.education, Education.values),
        ("occupation", data.occupation, Occupation.values),
    ):
        if problem := _choice_error(value, allowed):
            errors[name] = problem
    service = None
    if data.service_code:
        service = ServiceComponent.objects.filter(code=data.service_code).first()
        if service is None:
            errors["service"] = [_("'{value}' is not one of the choices.").format(value=data.service_code)]
    if len(data.suggestions) > SUGGESTIONS_MAX:
        errors["suggestions"] = [_("Keep suggestions under {max} characters.").format(max=SUGGESTIONS_MAX)]
    if data.served_by_id is not None and data.served_by_id not in {user.pk for user in staff_of(sentra_id)}:
        errors["served_by"] = [_("Choose a staff member of this centre, or leave it empty.")]
    return errors, service


def _build(period: SurveyPeriod, data: ResponseInput, service: ServiceComponent | None) -> SurveyResponse:
    response = SurveyResponse(
        period=period,
        sex=data.sex,
        age_group=data.age_group,
        education=data.education,
        occupation=data.occupation,
        service=service,
        suggestions=data.suggestions.strip(),
        served_by_id=data.served_by_id,
    )
    for name in ELEMENT_NAMES:
        setattr(response, name, data.answers.get(name))
    profile = {
        "sex": data.sex,
        "age_group": data.age_group,
        "education": data.education,
        "occupation": data.occupation,
        "service": data.service_code,
        "served_by": data.served_by_id or "",
        "suggestions": response.suggestions,
    }
    response.fingerprint = survey_fingerprint(
        {name: data.answers.get(name) for name in ELEMENT_NAMES}, profile
    )
    return response


def _find_code(typed: str) -> OneTimeCode | None:
    if not looks_like_code(typed, ONE_TIME_CODE_LENGTH):
        return None
    return OneTimeCode.objects.select_related("period").filter(code=normalise_code(typed)).first()


def _code_errors(code: OneTimeCode | None, typed: str, sentra: Sentra) -> list[str]:
    if code is None or code.period.sentra_id != sentra.pk:
        return [
            _("The code {code} is not known here. Check the slip, or leave the code empty.").format(
                code=typed.strip().upper()
            )
        ]
    if code.used_at is not None:
        return [_("This code has already been used: each slip admits one questionnaire.")]
    if code.period.status != PeriodStatus.OPEN:
        return [_("This code belongs to a survey period that is not open.")]
    return []


def open_period_for(sentra: Sentra, today: datetime.date | None = None) -> SurveyPeriod | None:
    """The centre's survey that is open today (centre time), if any."""
    today = today or centre_today(sentra)
    return (
        SurveyPeriod.objects.filter(
            sentra=sentra, status=PeriodStatus.OPEN, starts_on__lte=today, ends_on__gte=today
        )
        .order_by("-starts_on")
        .first()
    )


def survey_submit(
    *, sentra: Sentra, data: ResponseInput, code: str = "", address: str | None = None
) -> SurveyResponse:
    """A questionnaire sent by a member of the public on the centre's open link."""
    typed = code.strip()
    found = _find_code(typed) if typed else None
    code_ok = found is not None and not _code_errors(found, typed, sentra)
    if not code_ok and rate_limited(
        "survey",
        address,
        limit=conf.survey_rate_limit(),
        window_seconds=conf.survey_rate_window_seconds(),
    ):
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "Too many questionnaires were sent from your connection. Please try again in "
                        "{minutes} minutes, or ask the centre for a survey slip with a code."
                    ).format(minutes=minutes(conf.survey_rate_window_seconds()))
                ]
            }
        )
    errors, service = _check(data, sentra.pk)
    if typed and (problems := _code_errors(found, typed, sentra)):
        errors["code"] = problems
    if errors:
        raise ValidationError(errors)
    period = found.period if found is not None else open_period_for(sentra)
    if period is None:
        raise ValidationError({"__all__": [_("There is no survey open at this centre right now.")]})
    return _save_online(period=period, data=data, service=service, code=found, address=address)


@transaction.atomic
def _save_online(
    *,
    period: SurveyPeriod,
    data: ResponseInput,
    service: ServiceComponent | None,
    code: OneTimeCode | None,
    address: str | None,
) -> SurveyResponse:
    # One submission of a period at a time: the duplicate and code checks below see every earlier one.
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != PeriodStatus.OPEN:
        raise ValidationError({"__all__": [_("There is no survey open at this centre right now.")]})
    response = _build(period, data, service)
    response.channel = Channel.ONLINE
    response.client_hash = client_hash(address)
    if code is not None:
        code = OneTimeCode.objects.select_for_update().get(pk=code.pk)
        if code.used_at is not None:
            raise ValidationError(
                {"code": [_("This code has already been used: each slip admits one questionnaire.")]}
            )
    elif response.client_hash:
        since = timezone.now() - datetime.timedelta(seconds=conf.survey_duplicate_window_seconds())
        if SurveyResponse.objects.filter(
            period=period,
            fingerprint=response.fingerprint,
            client_hash=response.client_hash,
            submitted_at__gte=since,
        ).exists():
            raise ValidationError(
                {
                    "__all__": [
                        _("This questionnaire was already received from your connection; it counts once.")
                    ]
                }
            )
    return _store(response, code=code, actor=None)


def _store(response: SurveyResponse, *, code: OneTimeCode | None, actor: User | None) -> SurveyResponse:
    if code is not None:
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        response.one_time_code = code
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(
            {"__all__": [_("This questionnaire was already received; it counts once.")]}
        ) from None
    audit.record_create(
        actor=actor,
        instance=response,
        sentra_id=response.period.sentra_id,
        actor_label=None if actor else PUBLIC,
    )
    return response


@transaction.atomic
def survey_enter(
    *,
    actor: User,
    period: SurveyPeriod,
    data: ResponseInput,
    channel: str,
    code: str = "",
    paper_number: str = "",
) -> SurveyResponse:
    """Staff type in a paper questionnaire, or fill it in with a respondent who asked for help."""
    require_centre_role(actor, period.sentra_id, ENTRY_ROLES)
    if channel not in (Channel.PAPER, Channel.ASSISTED):
        raise PermissionDenied
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    errors, service = _check(data, period.sentra_id)
    if period.status != PeriodStatus.OPEN:
        errors["__all__"] = [_("The survey period is not open: open it before entering questionnaires.")]
    typed = code.strip()
    found = None
    if typed:
        found = _find_code(typed)
        problems = _code_errors(found, typed, period.sentra)
        if not problems and found is not None and found.period_id != period.pk:
            problems = [_("This code belongs to another survey period.")]
        if problems:
            errors["code"] = problems
    number = paper_number.strip()
    if number and SurveyResponse.objects.filter(period=period, paper_number=number).exists():
        errors["paper_number"] = [_("Questionnaire {number} is already entered.").format(number=number)]
    if errors:
        raise ValidationError(errors)
    response = _build(period, data, service)
    response.channel = channel
    response.paper_number = number
    response.entered_by = actor
    if found is not None:
        found = OneTimeCode.objects.select_for_update().get(pk=found.pk)
    return _store(response, code=found, actor=actor)
