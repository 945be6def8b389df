"""The people behind the centre dashboard's outcome figure: same rule, same counts, scoped and logged."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sentra.assessments import selectors
from sentra.beneficiaries.models import Beneficiary
from sentra.core.models import AccessLogEntry, User
from sentra.insights.models import CentreStatus
from sentra.insights.services.rollups import refresh_rollups
from sentra.network.models import Sentra
from tests.assessments.factories import PHQ9_MILD, PHQ9_SEVERE, record
from tests.beneficiaries.factories import person

pytestmark = pytest.mark.django_db

URL = "/assessments/outcomes/"
PHQ9_NONE = {str(n): 0 for n in range(1, 10)}  # total 0
GAD7_HIGH = {str(n): 3 for n in range(1, 8)}  # total 21
GAD7_NONE = {str(n): 0 for n in range(1, 8)}  # total 0


def _at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def outcomes_world(staff: dict[str, User], centre_a: Sentra, centre_b: Sentra) -> dict[str, Beneficiary]:
    """Hand-computed, centre A (lower scores are better on both instruments):

    * Ani, PHQ-9 24 -> 5: improved; GAD-7 21 -> 0: improved
    * Budi, PHQ-9 5 -> 5: unchanged (a later, unscored form does not count)
    * Citra, PHQ-9 5 -> 24: worse
    * Dodi, PHQ-9 24 -> 0 -> 5: improved (first against latest; the middle one is ignored)
    * Eka, one PHQ-9 only: not reassessed, not counted
    * Fajar at centre B, PHQ-9 24 -> 5: improved, but not centre A's

    So centre A: 5 measured (person, instrument) pairs, 3 improved, 1 unchanged, 1 worse.
    """
    assessor = staff["professional"]
    people = {name: person(centre_a, name) for name in ("Ani", "Budi", "Citra", "Dodi", "Eka")}
    series: list[tuple[str, str, list[dict[str, int]]]] = [
        ("Ani", "phq9", [PHQ9_SEVERE, PHQ9_MILD]),
        ("Ani", "gad7", [GAD7_HIGH, GAD7_NONE]),
        ("Budi", "phq9", [PHQ9_MILD, PHQ9_MILD]),
        ("Citra", "phq9", [PHQ9_MILD, PHQ9_SEVERE]),
        ("Dodi", "phq9", [PHQ9_SEVERE, PHQ9_NONE, PHQ9_MILD]),
        ("Eka", "phq9", [PHQ9_MILD]),
    ]
    for name, instrument, results in series:
        for index, answers in enumerate(results):
            record(assessor, people[name], instrument, answers, assessed_at=_at(40 - 10 * index))
    record(assessor, people["Budi"], "phq9", {"1": 3}, assessed_at=_at(2), allow_incomplete=True)
    people["Fajar"] = person(centre_b, "Fajar")
    for index, answers in enumerate([PHQ9_SEVERE, PHQ9_MILD]):
        record(staff["professional_b"], people["Fajar"], "phq9", answers, assessed_at=_at(30 - 10 * index))
    return people


def _counts(html: str) -> dict[str, int]:
    match = re.search(r'data-testid="outcome-counts"([^>]*)>', html)
    assert match
    return {key: int(value) for key, value in re.findall(r'data-(\w+)="(\d+)"', match.group(1))}


def _shown(html: str) -> int:
    match = re.search(r'data-testid="outcome-count">(\d+)<', html)
    assert match
    return int(match.group(1))


def test_the_selector_follows_the_hand_computed_fixture(
    staff: dict[str, User], centre_a: Sentra, outcomes_world: dict[str, Beneficiary]
) -> None:
    found = selectors.outcome_list(staff["centre_head"], centre_ids=[centre_a.pk])
    assert found.measured == 5
    assert found.counts == {"improved": 3, "unchanged": 1, "worse": 1}
    pairs = {
        (row.full_name, row.instrument): (row.first_total, row.latest_total, row.outcome)
        for row in found.rows
    }
    assert pairs == {
        ("Ani", "phq9"): (24, 5, "improved"),
        ("Ani", "gad7"): (21, 0, "improved"),
        ("Budi", "phq9"): (5, 5, "unchanged"),
        ("Citra", "phq9"): (5, 24, "worse"),
        ("Dodi", "phq9"): (24, 5, "improved"),
    }
    worse = selectors.outcome_list(staff["centre_head"], centre_ids=[centre_a.pk], outcome="worse")
    assert [row.full_name for row in worse.rows] == ["Citra"]
    gad7 = selectors.outcome_list(staff["centre_head"], centre_ids=[centre_a.pk], instrument="gad7")
    assert (gad7.measured, len(gad7.rows)) == (1, 1)
    # the same rule as the aggregate measure, instrument by instrument
    for code in ("phq9", "gad7"):
        measure = selectors.improvement([centre_a.pk], code)
        listed = selectors.outcome_list(staff["centre_head"], centre_ids=[centre_a.pk], instrument=code)
        assert (measure.persons, measure.improved, measure.unchanged, measure.worse) == (
            listed.measured,
            listed.counts["improved"],
            listed.counts["unchanged"],
            listed.counts["worse"],
        )


def test_the_dashboard_figure_links_to_a_list_with_the_same_counts(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    centre_a: Sentra,
    outcomes_world: dict[str, Beneficiary],
) -> None:
    refresh_rollups(full=True)
    assert CentreStatus.objects.get(sentra=centre_a).modules["outcomes"] == {"measured": 5, "improved": 3}
    client = client_for(staff["centre_head"])
    html = client.get("/dashboard/", {"centre": str(centre_a.pk)}).content.decode()
    improved = re.search(r'href="([^"]+)" data-testid="figure-outcomes"', html)
    measured = re.search(r'href="([^"]+)" data-testid="figure-outcomes-measured"', html)
    assert improved
    assert measured
    assert re.search(r'data-testid="figure-outcomes">60%<', html)
    listing = client.get(improved.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert _shown(listing.content.decode()) == 3
    everyone = client.get(measured.group(1).replace("&amp;", "&")).content.decode()
    assert _shown(everyone) == 5
    assert _counts(everyone) == {"measured": 5, "improved": 3, "unchanged": 1, "worse": 1}


@pytest.mark.parametrize("role", ["centre_head", "case_manager", "professional", "sysadmin"])
def test_who_sees_centre_a_people(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    centre_a: Sentra,
    outcomes_world: dict[str, Beneficiary],
    role: str,
) -> None:
    response = client_for(staff[role]).get(URL, {"centre": str(centre_a.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-person="{outcomes_world["Ani"].pk}"' in html
    assert f'data-person="{outcomes_world["Fajar"].pk}"' not in html
    assert _shown(html) == 5


def test_other_centres_people_are_absent_or_404(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    centre_a: Sentra,
    outcomes_world: dict[str, Beneficiary],
) -> None:
    client = client_for(staff["case_manager_b"])
    assert client.get(URL, {"centre": str(centre_a.pk)}).status_code == 404
    assert client.get(URL, {"centre": "x"}).status_code == 404
    html = client.get(URL).content.decode()
    assert f'data-person="{outcomes_world["Fajar"].pk}"' in html
    for name in ("Ani", "Budi", "Citra", "Dodi"):
        assert f'data-person="{outcomes_world[name].pk}"' not in html
    assert client.get(URL, {"centre": str(centre_a.pk), "export": "csv"}).status_code == 404


@pytest.mark.parametrize("role", ["intake", "hr", "national_analyst"])
def test_roles_without_the_sensitive_permission_are_refused(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    outcomes_world: dict[str, Beneficiary],
    role: str,
) -> None:
    client = client_for(staff[role])
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "csv"}).status_code == 403


def test_every_result_shown_is_access_logged(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    centre_a: Sentra,
    outcomes_world: dict[str, Beneficiary],
) -> None:
    head = staff["centre_head"]
    client_for(head).get(URL, {"centre": str(centre_a.pk), "outcome": "improved"})
    logged = AccessLogEntry.objects.filter(actor=head, category="assessment", purpose="outcome list")
    assert logged.count() == 6  # three rows, the first and the latest result of each


def test_a_bad_filter_is_named_not_a_500(
    client_for: Callable[[User], Client], staff: dict[str, User], outcomes_world: dict[str, Beneficiary]
) -> None:
    client = client_for(staff["centre_head"])
    for query in ({"instrument": "nope"}, {"outcome": "better"}):
        response = client.get(URL, query)
        assert response.status_code == 400
        assert b'data-testid="filter-error"' in response.content


def test_the_export_holds_the_filtered_rows(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    centre_a: Sentra,
    outcomes_world: dict[str, Beneficiary],
) -> None:
    client = client_for(staff["centre_head"])
    response = client.get(URL, {"centre": str(centre_a.pk), "outcome": "improved", "export": "csv"})
    assert response.status_code == 200
    content: Any = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 1 + 3
    assert sorted(row[1] for row in rows[1:]) == ["Ani", "Ani", "Dodi"]
    exported = AccessLogEntry.objects.filter(category="assessment", purpose="outcome list export")
    assert exported.count() == 6  # three rows, the first and the latest result of each
    xlsx = client.get(URL, {"centre": str(centre_a.pk), "export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('.xlsx"')


def test_the_page_costs_the_same_queries_for_more_people(
    client_for: Callable[[User], Client],
    staff: dict[str, User],
    centre_a: Sentra,
    outcomes_world: dict[str, Beneficiary],
) -> None:
    client = client_for(staff["centre_head"])
    query = {"centre": str(centre_a.pk)}
    client.get(URL, query)  # warm the per-process caches (instrument library, session)
    with CaptureQueriesContext(connection) as five:
        assert _shown(client.get(URL, query).content.decode()) == 5
    for name in ("Gita", "Hadi", "Indah"):
        someone = person(centre_a, name)
        for index, answers in enumerate([PHQ9_SEVERE, PHQ9_MILD]):
            record(staff["professional"], someone, "phq9", answers, assessed_at=_at(20 - 10 * index))
    with CaptureQueriesContext(connection) as eight:
        assert _shown(client.get(URL, query).content.decode()) == 8
    assert len(eight.captured_queries) == len(five.captured_queries)
