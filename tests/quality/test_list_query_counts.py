"""The quality list pages read in a fixed number of queries, however many rows they show (no N+1).

Each page is measured on a small set, then must not need more queries on a set several times larger.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.quality import services
from sentra.quality.models import AlertKind, ComplaintAlert
from sentra.quality.services import readiness as readiness_services
from tests.factories import SentraFactory
from tests.quality.factories import add_responses, answers, file_complaint, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_flood_limit(settings: Any) -> None:
    # many complaints from the factory's one address: the flood limit is not what is measured here
    settings.SENTRA_COMPLAINT_RATE_LIMIT = 1000


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _check(client: Client, url: str, grow: Callable[[], None], assert_max: Any) -> None:
    small = _count(client, url)
    grow()
    with assert_max(small):
        assert client.get(url).status_code == 200


def _periods(centre: Sentra, count: int, start: int) -> None:
    for index in range(count):
        year = 2018 + (start + index) // 2
        period = make_period(centre, year=year, half=(start + index) % 2 + 1)
        add_responses(period, [answers(3), answers(4)])


@pytest.fixture
def head(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))


def test_period_list(client_for, head, centre_a, django_assert_max_num_queries) -> None:
    _periods(centre_a, 2, 0)
    _check(
        client_for(head),
        reverse("quality:period_list"),
        lambda: _periods(centre_a, 8, 2),
        django_assert_max_num_queries,
    )


def test_response_list_api(client_for, head, centre_a, django_assert_max_num_queries) -> None:
    period = make_period(centre_a)
    add_responses(period, [answers(3)] * 2)
    url = f"/api/v1/survey-periods/{period.pk}/responses"
    _check(
        client_for(head), url, lambda: add_responses(period, [answers(2)] * 20), django_assert_max_num_queries
    )


def test_complaint_list(client_for, make_user, centre_a, django_assert_max_num_queries) -> None:
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    for _ in range(2):
        file_complaint(centre_a)

    def grow() -> None:
        for index in range(10):
            complaint = file_complaint(centre_a, description=f"Keluhan nomor {index} tentang antrean.")
            if index % 2:
                services.complaint_triage(actor=desk, complaint=complaint, category_code="layanan")
                services.complaint_assign(actor=desk, complaint=complaint, assignee_id=desk.pk)

    _check(
        client_for(desk), reverse("quality:complaint_list") + "?status=", grow, django_assert_max_num_queries
    )


def test_national_complaint_counts(client_for, make_user, centre_a, django_assert_max_num_queries) -> None:
    file_complaint(centre_a)

    def grow() -> None:
        for index in range(6):
            file_complaint(SentraFactory(name=f"Sentra {index}", code=f"sentra-{index}"))

    analyst = client_for(make_user(role=Role.NATIONAL_ANALYST))
    _check(analyst, reverse("quality:complaint_list"), grow, django_assert_max_num_queries)


def test_action_and_alert_lists(client_for, head, centre_a, django_assert_max_num_queries) -> None:
    # complaint alerts are written by the deadline task; rows stand in for its runs here
    period = make_period(centre_a)

    def add_actions(count: int) -> None:
        for index in range(count):
            services.action_create(
                actor=head,
                period=period,
                data=services.ActionInput(
                    element="waktu", title=f"Langkah {index}", owner_id=head.pk, due_on=period.ends_on
                ),
            )

    add_actions(2)
    client = client_for(head)
    _check(client, reverse("quality:action_list"), lambda: add_actions(8), django_assert_max_num_queries)

    def add_alerts(count: int) -> None:
        for _ in range(count):
            ComplaintAlert.objects.create(
                complaint=file_complaint(centre_a), recipient=head, kind=AlertKind.OVERDUE_RESOLUTION
            )

    add_alerts(2)
    _check(client, reverse("quality:alert_list"), lambda: add_alerts(8), django_assert_max_num_queries)


def _record_readiness(centres: list[Sentra]) -> None:
    for centre in centres:
        for day in (datetime.date(2025, 9, 1), datetime.date(2026, 3, 1)):
            period = readiness_services.readiness_period_open(actor=None, sentra=centre, day=day)
            readiness_services.readiness_record(actor=None, period=period)


def test_readiness_national(client_for, make_user, centre_a, centre_b, django_assert_max_num_queries) -> None:
    _record_readiness([centre_a, centre_b])
    analyst = client_for(make_user(role=Role.NATIONAL_ANALYST))
    more = [SentraFactory(name=f"Sentra R{index}", code=f"sentra-r{index}") for index in range(6)]
    _check(
        analyst,
        reverse("quality:readiness_national"),
        lambda: _record_readiness(more),
        django_assert_max_num_queries,
    )
