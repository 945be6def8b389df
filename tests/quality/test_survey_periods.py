"""Survey periods: who may create and open them, every rule named by its field, publication."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import AuditEvent, Role
from sentra.quality import services
from sentra.quality.models import PeriodKind, PeriodStatus, PopulationSource, SurveyPeriod
from tests.quality.factories import add_responses, answers, make_period

pytestmark = pytest.mark.django_db


def semester(year: int = 2026, half: int = 1, **extra) -> services.PeriodInput:
    start = datetime.date(year, 1 if half == 1 else 7, 1)
    end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
    data = {"kind": PeriodKind.SEMESTER, "year": year, "half": half, "starts_on": start, "ends_on": end}
    data.update(extra)
    return services.PeriodInput(**data)


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.INTAKE])
def test_the_head_and_the_desk_create_periods(centre_a, make_user, role) -> None:
    user = make_user(role=role, centres=(centre_a,))
    period = services.period_create(actor=user, sentra=centre_a, data=semester(population=420))
    assert period.status == PeriodStatus.DRAFT
    assert period.population_source == PopulationSource.ENTERED
    assert str(period.label) == "Semester I 2026"
    assert AuditEvent.objects.filter(object_type="quality.surveyperiod", object_id=str(period.pk)).exists()


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.HR, Role.NATIONAL_ANALYST])
def test_other_roles_may_not(centre_a, make_user, role) -> None:
    user = make_user(role=role, centres=(centre_a,))
    with pytest.raises(PermissionDenied):
        services.period_create(actor=user, sentra=centre_a, data=semester())


def test_a_head_of_another_centre_may_not(centre_a, centre_b, make_user) -> None:
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    with pytest.raises(PermissionDenied):
        services.period_create(actor=head_b, sentra=centre_a, data=semester())


def test_every_rule_is_named_by_its_field(centre_a, make_user) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    services.period_create(actor=head, sentra=centre_a, data=semester())
    bad = semester(half=3, ends_on=datetime.date(2025, 12, 1), population=0)
    with pytest.raises(ValidationError) as exc:
        services.period_create(actor=head, sentra=centre_a, data=bad)
    assert {"half", "ends_on", "population"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.period_create(actor=head, sentra=centre_a, data=semester())
    assert "already has a survey" in exc.value.message_dict["__all__"][0]
    yearly = services.PeriodInput(
        kind=PeriodKind.YEAR,
        year=2026,
        half=2,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        services.period_create(actor=head, sentra=centre_a, data=yearly)
    assert "half" in exc.value.message_dict
    assert SurveyPeriod.objects.count() == 1


def test_two_open_periods_may_not_overlap(centre_a, make_user) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    first = services.period_create(actor=head, sentra=centre_a, data=semester())
    yearly = services.period_create(
        actor=head,
        sentra=centre_a,
        data=services.PeriodInput(
            kind=PeriodKind.YEAR,
            year=2026,
            half=0,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        ),
    )
    services.period_set_status(actor=head, period=first, status=PeriodStatus.OPEN)
    with pytest.raises(ValidationError) as exc:
        services.period_set_status(actor=head, period=yearly, status=PeriodStatus.OPEN)
    assert "overlaps" in exc.value.message_dict["status"][0]
    services.period_set_status(actor=head, period=first, status=PeriodStatus.CLOSED)
    services.period_set_status(actor=head, period=yearly, status=PeriodStatus.OPEN)


def test_a_period_with_responses_does_not_go_back_to_draft(centre_a, make_user) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    period = make_period(centre_a)
    add_responses(period, [answers(3)])
    with pytest.raises(ValidationError):
        services.period_set_status(actor=head, period=period, status=PeriodStatus.DRAFT)


def test_the_population_from_the_registry_when_a_provider_is_configured(
    centre_a, make_user, settings
) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    period = make_period(centre_a, population=None)
    with pytest.raises(ValidationError) as exc:
        services.period_count_population(actor=head, period=period)
    assert "no one served" in exc.value.message_dict["population"][0]
    settings.SENTRA_SURVEY_POPULATION_PROVIDER = "tests.quality.test_survey_periods.fake_registry_count"
    services.period_count_population(actor=head, period=period)
    period.refresh_from_db()
    assert period.population == 321
    assert period.population_source == PopulationSource.REGISTRY


def fake_registry_count(sentra, starts_on, ends_on) -> int:
    return 321


def test_only_the_centre_head_publishes_and_it_is_audited(centre_a, centre_b, make_user) -> None:
    period = make_period(centre_a, population=20)
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    with pytest.raises(ValidationError):
        services.period_publish(actor=head, period=period)  # nothing to publish yet
    add_responses(period, [answers(4), answers(3)])
    for role in (Role.INTAKE, Role.SYSADMIN, Role.NATIONAL_ANALYST):
        with pytest.raises(PermissionDenied):
            services.period_publish(actor=make_user(role=role, centres=(centre_a,)), period=period)
    with pytest.raises(PermissionDenied):
        services.period_publish(actor=make_user(role=Role.CENTRE_HEAD, centres=(centre_b,)), period=period)
    services.period_publish(actor=head, period=period)
    period.refresh_from_db()
    assert period.published_by == head
    assert period.published_result["ikm"] == "87.50"
    assert period.published_result["grade"] == "B"
    assert period.published_result["sample_min"] == 19
    event = AuditEvent.objects.filter(object_type="quality.surveyperiod", actor=head).latest("id")
    assert "published_at" in event.changes
    services.period_unpublish(actor=head, period=period)
    period.refresh_from_db()
    assert period.published_at is None
