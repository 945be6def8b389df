"""One-time codes: generated in numbered batches for a period, unique, seen only by the survey desk."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import OneTimeCode, PeriodStatus
from sentra.quality.rules.codes import ALPHABET, looks_like_code, normalise_code
from tests.quality.factories import make_period

pytestmark = pytest.mark.django_db


def test_batches_of_unique_codes(centre_a, make_user) -> None:
    period = make_period(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    first = services.codes_generate(actor=desk, period=period, count=40)
    second = services.codes_generate(actor=desk, period=period, count=10)
    codes = [code.code for code in first + second]
    assert len(set(codes)) == 50
    assert {code.batch for code in first} == {1}
    assert {code.batch for code in second} == {2}
    assert all(looks_like_code(code, 8) and set(code.replace("-", "")) <= set(ALPHABET) for code in codes)


@pytest.mark.parametrize("count", [0, 501])
def test_batch_size_is_bounded(centre_a, make_user, count) -> None:
    period = make_period(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    with pytest.raises(ValidationError) as exc:
        services.codes_generate(actor=desk, period=period, count=count)
    assert "count" in exc.value.message_dict


def test_no_codes_for_a_closed_period(centre_a, make_user) -> None:
    period = make_period(centre_a, status=PeriodStatus.CLOSED)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    with pytest.raises(ValidationError):
        services.codes_generate(actor=desk, period=period, count=5)


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.HR])
def test_only_the_survey_desk_generates_and_sees_codes(centre_a, make_user, role) -> None:
    period = make_period(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    services.codes_generate(actor=desk, period=period, count=3)
    other = make_user(role=role, centres=(centre_a,))
    with pytest.raises(PermissionDenied):
        services.codes_generate(actor=other, period=period, count=3)
    assert OneTimeCode.objects.visible_to(other).count() == 0
    assert OneTimeCode.objects.visible_to(desk).count() == 3
    analyst = make_user(role=Role.NATIONAL_ANALYST)
    assert OneTimeCode.objects.visible_to(analyst).count() == 0


def test_typing_is_forgiving() -> None:
    assert normalise_code(" bcdf 2345 ") == "BCDF-2345"
    assert normalise_code("bcdf-2345") == "BCDF-2345"
    assert not looks_like_code("BCDF-234O", 8)  # the letter O is not in the alphabet
