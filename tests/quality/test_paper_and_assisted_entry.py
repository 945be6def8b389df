"""Staff type in paper questionnaires or fill one in with a respondent (marked as assisted)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import AuditEvent, Role
from sentra.quality import services
from sentra.quality.models import Channel, PeriodStatus, SurveyResponse
from tests.quality.factories import make_period, response_input

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.INTAKE, Role.CENTRE_HEAD, Role.CASE_MANAGER, Role.PROFESSIONAL])
def test_centre_staff_enter_paper_and_assisted_questionnaires(centre_a, make_user, role) -> None:
    period = make_period(centre_a)
    staff = make_user(role=role, centres=(centre_a,))
    paper = services.survey_enter(
        actor=staff, period=period, data=response_input(4), channel=Channel.PAPER, paper_number=" 017 "
    )
    assisted = services.survey_enter(
        actor=staff, period=period, data=response_input(2), channel=Channel.ASSISTED
    )
    assert (paper.channel, paper.paper_number, paper.entered_by) == (Channel.PAPER, "017", staff)
    assert assisted.channel == Channel.ASSISTED
    assert AuditEvent.objects.filter(object_type="quality.surveyresponse", actor=staff).count() == 2


@pytest.mark.parametrize("role", [Role.HR, Role.NATIONAL_ANALYST])
def test_others_may_not_enter(centre_a, make_user, role) -> None:
    period = make_period(centre_a)
    user = make_user(role=role, centres=(centre_a,) if role == Role.HR else ())
    with pytest.raises(PermissionDenied):
        services.survey_enter(actor=user, period=period, data=response_input(), channel=Channel.PAPER)


def test_staff_of_another_centre_may_not_enter(centre_a, centre_b, make_user) -> None:
    period = make_period(centre_a)
    other = make_user(role=Role.INTAKE, centres=(centre_b,))
    with pytest.raises(PermissionDenied):
        services.survey_enter(actor=other, period=period, data=response_input(), channel=Channel.PAPER)


def test_the_same_paper_form_is_not_entered_twice(centre_a, make_user) -> None:
    period = make_period(centre_a)
    staff = make_user(role=Role.INTAKE, centres=(centre_a,))
    services.survey_enter(
        actor=staff, period=period, data=response_input(), channel=Channel.PAPER, paper_number="5"
    )
    with pytest.raises(ValidationError) as exc:
        services.survey_enter(
            actor=staff, period=period, data=response_input(1), channel=Channel.PAPER, paper_number="5"
        )
    assert "already entered" in exc.value.message_dict["paper_number"][0]
    assert SurveyResponse.objects.count() == 1


def test_every_problem_is_reported_at_once_and_nothing_saved(centre_a, make_user) -> None:
    period = make_period(centre_a, status=PeriodStatus.CLOSED)
    staff = make_user(role=Role.INTAKE, centres=(centre_a,))
    with pytest.raises(ValidationError) as exc:
        services.survey_enter(
            actor=staff,
            period=period,
            data=response_input(3, sarana=0, sex="?"),
            channel=Channel.PAPER,
            code="ZZZZ",
        )
    assert set(exc.value.message_dict) == {"sarana", "sex", "code", "__all__"}
    assert SurveyResponse.objects.count() == 0


def test_a_slip_code_written_on_paper_is_used_up(centre_a, make_user) -> None:
    period = make_period(centre_a)
    staff = make_user(role=Role.INTAKE, centres=(centre_a,))
    code = services.codes_generate(actor=staff, period=period, count=1)[0]
    services.survey_enter(
        actor=staff, period=period, data=response_input(), channel=Channel.PAPER, code=code.code
    )
    with pytest.raises(ValidationError) as exc:
        services.survey_enter(
            actor=staff, period=period, data=response_input(), channel=Channel.PAPER, code=code.code
        )
    assert "already been used" in exc.value.message_dict["code"][0]
    assert SurveyResponse.objects.count() == 1


def test_only_paper_or_assisted(centre_a, make_user) -> None:
    period = make_period(centre_a)
    staff = make_user(role=Role.INTAKE, centres=(centre_a,))
    with pytest.raises(PermissionDenied):
        services.survey_enter(actor=staff, period=period, data=response_input(), channel=Channel.ONLINE)
