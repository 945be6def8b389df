"""Who sees which application and score: pages and API, role by role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import AccessLogEntry, User
from sentra.training import services
from sentra.training.models import Application, OverseasProgramme
from tests.training.conftest import Net


@pytest.fixture
def ranked(net: Net, open_programme: OverseasProgramme) -> tuple[Application, Application, Application]:
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=3)
    bayu = services.application_submit(actor=net.bayu, programme=open_programme, language_level=1)
    citra = services.application_submit(actor=net.citra, programme=open_programme, language_level=3)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    return ani, bayu, citra


def _page(client: Client, application: Application) -> int:
    return client.get(reverse("training:application_detail", args=[application.pk])).status_code


def _api(client: Client, application: Application) -> int:
    return client.get(f"/api/v1/training/applications/{application.pk}").status_code


@pytest.mark.parametrize("read", [_page, _api])
def test_each_role_sees_only_the_applications_in_its_scope(
    net: Net,
    ranked: tuple[Application, Application, Application],
    client_for: Callable[[User], Client],
    read: Callable[[Client, Application], int],
) -> None:
    ani, bayu, citra = ranked
    expected = {
        net.ani: (200, 404, 404),  # own only
        net.bayu: (404, 200, 404),
        net.citra: (404, 404, 200),
        net.hr_a: (200, 200, 200),  # committee of the organising centre: all
        net.head_a: (200, 200, 200),
        net.hr_b: (404, 404, 200),  # a participating centre: its own staff only
        net.analyst: (404, 404, 404),  # aggregates only
        net.admin: (200, 200, 200),
    }
    for user, codes in expected.items():
        client = client_for(user)
        assert tuple(read(client, a) for a in (ani, bayu, citra)) == codes, user.username


def test_committee_reading_a_score_is_access_logged(
    net: Net, ranked: tuple[Application, Application, Application], client_for: Callable[[User], Client]
) -> None:
    ani, _bayu, _citra = ranked
    client_for(net.ani).get(reverse("training:application_detail", args=[ani.pk]))
    assert not AccessLogEntry.objects.filter(
        object_id=str(ani.pk), object_type="training.application"
    ).exists()
    client_for(net.hr_a).get(reverse("training:application_detail", args=[ani.pk]))
    assert AccessLogEntry.objects.filter(
        object_id=str(ani.pk), object_type="training.application", actor=net.hr_a
    ).exists()


def test_programme_page_shows_the_ranking_to_the_committee_and_own_score_to_staff(
    net: Net, ranked: tuple[Application, Application, Application], client_for: Callable[[User], Client]
) -> None:
    ani, _bayu, _citra = ranked
    url = reverse("training:programme_detail", args=[ani.programme_id])
    committee = client_for(net.hr_a).get(url).content.decode()
    for application in ranked:
        assert f'data-application="{application.pk}"' in committee
    own = client_for(net.bayu).get(url).content.decode()
    assert 'data-testid="own-application"' in own
    assert 'data-testid="score-breakdown"' in own
    assert f'data-application="{ani.pk}"' not in own
    assert "Ani" not in own
    analyst = client_for(net.analyst).get(url)
    assert analyst.status_code == 200
    body = analyst.content.decode()
    assert 'data-testid="programme-counts"' in body
    assert 'data-testid="ranking"' not in body
    assert "Bayu" not in body
    assert "Citra" not in body


def test_api_application_list_is_scoped(
    net: Net, ranked: tuple[Application, Application, Application], client_for: Callable[[User], Client]
) -> None:
    ani, bayu, citra = ranked
    url = f"/api/v1/training/programmes/{ani.programme_id}/applications"
    ids = {
        u.username: {row["id"] for row in client_for(u).get(url).json()["items"]}
        for u in (net.ani, net.hr_a, net.hr_b, net.analyst)
    }
    assert ids == {
        "ani": {ani.pk},
        "hr_a": {ani.pk, bayu.pk, citra.pk},
        "hr_b": {citra.pk},
        "analyst": set(),
    }


def test_programme_invisible_to_a_centre_not_invited(
    net: Net,
    open_programme: OverseasProgramme,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    from tests.factories import SentraFactory

    outsider = make_user(role="hr", centres=(SentraFactory(),), username="outsider")
    client = client_for(outsider)
    assert client.get(reverse("training:programme_detail", args=[open_programme.pk])).status_code == 404
    assert client.get(f"/api/v1/training/programmes/{open_programme.pk}").status_code == 404


def test_only_the_committee_ranks(
    net: Net, open_programme: OverseasProgramme, client_for: Callable[[User], Client]
) -> None:
    for user in (net.ani, net.hr_b):
        response = client_for(user).post(
            reverse("training:programme_action", args=[open_programme.pk, "rank"])
        )
        assert response.status_code == 403
        assert (
            client_for(user).post(f"/api/v1/training/programmes/{open_programme.pk}/rank").status_code == 403
        )
    response = client_for(net.hr_a).post(f"/api/v1/training/programmes/{open_programme.pk}/rank")
    assert response.status_code == 200
    assert response.json()["status"] == "ranked"


def test_ranking_page_has_no_query_per_applicant(
    net: Net,
    ranked: tuple[Application, Application, Application],
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("training:programme_detail", args=[ranked[0].programme_id])
    client = client_for(net.hr_a)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
