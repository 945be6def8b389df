"""Questionnaires on the open link: bad input is refused with a reason and nothing is counted twice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sentra.core.models import AuditEvent, Role
from sentra.quality import services
from sentra.quality.models import Channel, OneTimeCode, PeriodStatus, SurveyResponse
from tests.quality.factories import make_period, response_input

pytestmark = pytest.mark.django_db
ADDRESS = "198.51.100.7"


def submit(sentra, data=None, code: str = "", address: str | None = ADDRESS):
    return services.survey_submit(sentra=sentra, data=data or response_input(), code=code, address=address)


def refusal(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_questionnaire_is_counted_in_the_open_period(centre_a, make_user) -> None:
    period = make_period(centre_a)
    staff = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    response = submit(
        centre_a, response_input(4, biaya=None, served_by_id=staff.pk, suggestions="  Terima kasih ")
    )
    assert response.period == period
    assert response.channel == Channel.ONLINE
    assert response.biaya is None
    assert response.persyaratan == 4
    assert response.suggestions == "Terima kasih"
    assert response.served_by == staff
    assert response.client_hash
    assert ADDRESS not in response.client_hash
    event = AuditEvent.objects.get(object_type="quality.surveyresponse", object_id=str(response.pk))
    assert event.actor_label == "public"
    assert event.sentra_id == centre_a.pk


def test_value_5_is_refused_naming_the_element_and_nothing_is_saved(centre_a) -> None:
    make_period(centre_a)
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, response_input(3, waktu=5))
    assert "5 is not one of them" in refusal(exc)["waktu"][0]
    assert SurveyResponse.objects.count() == 0


def test_unknown_choices_are_named(centre_a, make_user) -> None:
    make_period(centre_a)
    outsider = make_user(role=Role.CASE_MANAGER)
    with pytest.raises(ValidationError) as exc:
        submit(
            centre_a,
            response_input(3, sex="X", age_group="99", service_code="nope", served_by_id=outsider.pk),
        )
    assert set(refusal(exc)) == {"sex", "age_group", "service", "served_by"}
    assert SurveyResponse.objects.count() == 0


def test_an_empty_questionnaire_is_refused(centre_a) -> None:
    make_period(centre_a)
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, response_input(None))
    assert "at least one" in refusal(exc)["__all__"][0]


def test_an_unknown_code_is_refused(centre_a) -> None:
    make_period(centre_a)
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, code="BCDF-GHJK")
    assert "not known" in refusal(exc)["code"][0]
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, code="not a code at all")
    assert "not known" in refusal(exc)["code"][0]
    assert SurveyResponse.objects.count() == 0


def test_a_one_time_code_admits_one_response_and_a_replay_is_refused(centre_a, make_user) -> None:
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    code = services.codes_generate(actor=head, period=period, count=1)[0]
    response = submit(centre_a, code=code.code.lower().replace("-", " "))
    assert response.one_time_code == code
    code.refresh_from_db()
    assert code.used_at is not None
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, response_input(2), code=code.code)
    assert "already been used" in refusal(exc)["code"][0]
    assert SurveyResponse.objects.count() == 1


def test_a_code_of_another_centre_is_unknown_here(centre_a, centre_b, make_user) -> None:
    make_period(centre_a)
    period_b = make_period(centre_b)
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    code = services.codes_generate(actor=head_b, period=period_b, count=1)[0]
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, code=code.code)
    assert "not known" in refusal(exc)["code"][0]
    assert not OneTimeCode.objects.filter(used_at__isnull=False).exists()


def test_a_flood_from_one_address_is_refused_after_the_limit(centre_a, settings) -> None:
    settings.SENTRA_SURVEY_RATE_LIMIT = 3
    make_period(centre_a)
    for value in (1, 2, 3):
        submit(centre_a, response_input(value))
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, response_input(4))
    assert "Too many questionnaires" in refusal(exc)["__all__"][0]
    assert SurveyResponse.objects.count() == 3
    submit(centre_a, response_input(4), address="198.51.100.8")  # another address is not affected
    assert SurveyResponse.objects.count() == 4


def test_guessing_codes_counts_toward_the_limit_but_a_valid_code_passes(
    centre_a, make_user, settings
) -> None:
    settings.SENTRA_SURVEY_RATE_LIMIT = 2
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    code = services.codes_generate(actor=head, period=period, count=1)[0]
    for guess in ("BCDF-BCDF", "BCDF-BCDG"):
        with pytest.raises(ValidationError):
            submit(centre_a, code=guess)
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, code="BCDF-BCDH")
    assert "Too many" in refusal(exc)["__all__"][0]
    assert submit(centre_a, code=code.code).one_time_code == code  # a real slip still works


def test_the_same_questionnaire_twice_from_one_address_counts_once(centre_a) -> None:
    make_period(centre_a)
    submit(centre_a, response_input(3, suggestions="Ruang tunggu panas"))
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, response_input(3, suggestions="Ruang tunggu panas"))
    assert "counts once" in refusal(exc)["__all__"][0]
    assert SurveyResponse.objects.count() == 1
    submit(centre_a, response_input(3, suggestions="Ruang tunggu panas"), address="198.51.100.99")
    submit(centre_a, response_input(3, suggestions="Ruang tunggu sejuk"))
    assert SurveyResponse.objects.count() == 3


def test_no_open_period_means_no_survey(centre_a) -> None:
    make_period(centre_a, status=PeriodStatus.CLOSED)
    with pytest.raises(ValidationError) as exc:
        submit(centre_a)
    assert "no survey open" in refusal(exc)["__all__"][0]


def test_a_code_of_a_closed_period_is_refused(centre_a, make_user) -> None:
    period = make_period(centre_a)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    code = services.codes_generate(actor=head, period=period, count=1)[0]
    services.period_set_status(actor=head, period=period, status=PeriodStatus.CLOSED)
    with pytest.raises(ValidationError) as exc:
        submit(centre_a, code=code.code)
    assert "not open" in refusal(exc)["code"][0]
    assert SurveyResponse.objects.count() == 0
