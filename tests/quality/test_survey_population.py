"""The survey population counted from the registry and the case records, and the sample that follows."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sentra.beneficiaries.models import Beneficiary, Relationship
from sentra.cases.models import Case, Referral
from sentra.core.models import Role
from sentra.network.models import Sentra
from sentra.quality import services
from sentra.quality.models import PopulationSource
from sentra.quality.rules.ikm import krejcie_morgan_minimum
from sentra.quality.selectors.population import registry_population
from tests.beneficiaries.factories import consent, guardian_of, person

pytestmark = pytest.mark.django_db

STARTS, ENDS = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
_numbers = itertools.count(1)


def case_at(sentra: Sentra, who: Beneficiary, manager, opened: datetime.date, closed=None) -> Case:
    return Case.objects.create(
        case_number=f"T-{next(_numbers)}",
        beneficiary=who,
        sentra=sentra,
        case_manager=manager,
        setting="residential",
        cluster="lansia",
        opened_on=opened,
        closed_on=closed,
    )


def registered_on(who: Beneficiary, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Beneficiary.objects.filter(pk=who.pk).update(created_at=moment)


def referral(case: Case, to: Sentra, user, day: datetime.date, status: str = "accepted") -> Referral:
    return Referral.objects.create(
        case=case,
        from_sentra=case.sentra,
        target_kind="sentra",
        to_sentra=to,
        reason="Butuh layanan lanjutan",
        consent=consent(case.beneficiary, purpose="referral"),
        status=status,
        sent_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
        sent_by=user,
        response_due_on=day + datetime.timedelta(days=5),
    )


@pytest.fixture
def served(centre_a, centre_b, make_user):
    """Centre A served 3 beneficiaries, 2 relatives and 2 referrers between January and June 2026."""
    manager_a = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    manager_b = make_user(role=Role.CASE_MANAGER, centres=(centre_b,))
    old = datetime.date(2024, 1, 1)
    p1 = person(centre_a, "Sarmi", sex="F")
    case_at(centre_a, p1, manager_a, datetime.date(2025, 10, 1))  # open throughout
    guardian_of(p1, "Sri Wahyuni")  # a family member not registered
    p5 = person(centre_b, "Darmo")  # a registered relative, not served by A
    Relationship.objects.create(beneficiary=p1, related_beneficiary=p5, relationship_type="child")
    p2 = person(centre_a, "Karto")
    case_at(centre_a, p2, manager_a, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))  # before
    p3 = person(centre_a, "Tini", sex="F")
    case_at(centre_a, p3, manager_a, datetime.date(2026, 7, 5))  # after
    p4 = person(centre_a, "Paijo", intake_channel="dinsos_referral")
    registered_on(p4, datetime.date(2026, 3, 1))  # registered in the period on an agency's referral
    p6 = person(centre_b, "Wagiman")
    Relationship.objects.create(beneficiary=p1, related_beneficiary=p6, relationship_type="sibling")
    case_b = case_at(centre_b, p6, manager_b, old)
    referral(case_b, centre_a, manager_b, datetime.date(2026, 1, 20))
    referral(case_b, centre_a, manager_b, datetime.date(2026, 2, 20))  # the same referrer again
    referral(case_b, centre_a, manager_b, datetime.date(2026, 3, 20), status="withdrawn")
    case_at(centre_a, p6, manager_a, datetime.date(2026, 2, 1))  # p6 is served: not a relative
    for who in (p1, p2, p3, p5, p6):
        registered_on(who, old)
    return centre_a


def test_the_registry_count_has_known_parts(served) -> None:
    count = registry_population(sentra_id=served.pk, starts_on=STARTS, ends_on=ENDS)
    assert (count.beneficiaries, count.families, count.referrers) == (3, 2, 2)
    assert count.total == 7


def test_another_centre_counts_only_its_own(served, centre_b) -> None:
    count = registry_population(sentra_id=centre_b.pk, starts_on=STARTS, ends_on=ENDS)
    assert (count.beneficiaries, count.families, count.referrers) == (1, 0, 0)  # Wagiman's case at B


def test_a_new_period_takes_the_registry_count_over_the_typed_figure(served, make_user) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(served,))
    period = services.period_create(
        actor=head,
        sentra=served,
        data=services.PeriodInput(
            kind="semester", year=2026, half=1, starts_on=STARTS, ends_on=ENDS, population=500
        ),
    )
    assert period.population == 7
    assert period.population_source == PopulationSource.REGISTRY
    assert "3 beneficiaries" in period.population_note
    assert krejcie_morgan_minimum(period.population) == 7  # the minimum sample follows the count


def test_the_typed_figure_stands_where_the_registry_has_no_one(centre_a, make_user) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    period = services.period_create(
        actor=head,
        sentra=centre_a,
        data=services.PeriodInput(
            kind="semester", year=2026, half=1, starts_on=STARTS, ends_on=ENDS, population=500
        ),
    )
    assert period.population == 500
    assert period.population_source == PopulationSource.ENTERED
    with pytest.raises(ValidationError) as exc:
        services.period_count_population(actor=head, period=period)
    assert "population" in exc.value.message_dict
    period.refresh_from_db()
    assert period.population == 500


def test_recounting_follows_new_records(served, make_user) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(served,))
    period = services.period_create(
        actor=head,
        sentra=served,
        data=services.PeriodInput(kind="semester", year=2026, half=1, starts_on=STARTS, ends_on=ENDS),
    )
    extra = person(served, "Sukinem", sex="F")
    registered_on(extra, datetime.date(2026, 4, 2))
    services.period_count_population(actor=head, period=period)
    period.refresh_from_db()
    assert period.population == 8


def test_a_configured_provider_takes_precedence(served, make_user, settings) -> None:
    settings.SENTRA_SURVEY_POPULATION_PROVIDER = "tests.quality.test_survey_population.provider_count"
    head = make_user(role=Role.CENTRE_HEAD, centres=(served,))
    period = services.period_create(
        actor=head,
        sentra=served,
        data=services.PeriodInput(kind="semester", year=2026, half=1, starts_on=STARTS, ends_on=ENDS),
    )
    assert period.population == 1000
    assert period.population_source == PopulationSource.REGISTRY
    assert krejcie_morgan_minimum(1000) == 278


def provider_count(sentra, starts_on, ends_on) -> int:
    return 1000
