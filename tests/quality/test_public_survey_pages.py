"""The public survey page per centre, its thank-you page and the published results (no account)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import Channel, SurveyResponse
from sentra.quality.rules.ikm import ELEMENT_NAMES
from tests.quality.factories import add_responses, answers, make_period

pytestmark = pytest.mark.django_db


def form_data(value: int = 3, **extra) -> dict[str, str]:
    data = {name: str(value) for name in ELEMENT_NAMES}
    data.update({"sex": "F", "age_group": "46-60", "suggestions": "Pelayanan ramah"})
    data.update(extra)
    return data


def test_the_survey_page_shows_the_regulation_wording_in_indonesian_by_default(
    client: Client, centre_a, settings
) -> None:
    settings.LANGUAGE_CODE = "id"
    make_period(centre_a)
    response = client.get(reverse("quality:survey_form", args=[centre_a.code]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="survey-form"' in page
    assert "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?" in page
    assert "Dikelola dengan baik" in page
    assert page.count('type="radio"') == 9 * 4


def test_english_on_request_with_the_language_switch(client: Client, centre_a) -> None:
    make_period(centre_a)
    client.cookies["sentra_language"] = "en"
    page = client.get(reverse("quality:survey_form", args=[centre_a.code])).content.decode()
    assert "How fair is the cost or fee of the service?" in page
    assert "Well managed" in page


def test_submitting_counts_once_and_thanks(client: Client, centre_a) -> None:
    period = make_period(centre_a)
    url = reverse("quality:survey_form", args=[centre_a.code])
    response = client.post(url, form_data(4), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:survey_thanks", args=[centre_a.code])
    assert client.get(response["Location"]).status_code == 200
    response = client.post(url, form_data(4), REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 200
    assert "counts once" in response.content.decode()
    assert SurveyResponse.objects.filter(period=period, channel=Channel.ONLINE).count() == 1


def test_bad_input_is_shown_on_the_page_and_nothing_saved(client: Client, centre_a) -> None:
    make_period(centre_a)
    url = reverse("quality:survey_form", args=[centre_a.code])
    response = client.post(url, form_data(3, waktu="5"))
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(url, form_data(3, code="ZZZZ-ZZZZ"))
    assert "not known" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_slip_link_prefills_the_code(client: Client, centre_a, make_user) -> None:
    period = make_period(centre_a)
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    code = services.codes_generate(actor=desk, period=period, count=1)[0]
    url = reverse("quality:survey_form", args=[centre_a.code]) + f"?kode={code.code}"
    assert f'value="{code.code}"' in client.get(url).content.decode()
    client.post(url, form_data(2, code=code.code))
    assert SurveyResponse.objects.get().one_time_code == code


def test_no_open_period_and_unknown_or_inactive_centres(client: Client, centre_a, centre_b) -> None:
    page = client.get(reverse("quality:survey_form", args=[centre_a.code])).content.decode()
    assert 'data-testid="survey-closed"' in page
    assert client.get("/survei/no-such-centre/").status_code == 404
    centre_b.is_active = False
    centre_b.save()
    assert client.get(reverse("quality:survey_form", args=[centre_b.code])).status_code == 404


def test_published_results_are_public_and_frozen(client: Client, centre_a, make_user) -> None:
    period = make_period(centre_a, population=30)
    add_responses(period, [answers(4), answers(4), answers(3)])
    url = reverse("quality:survey_results", args=[centre_a.code])
    assert 'data-testid="no-results"' in client.get(url).content.decode()
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    services.period_publish(actor=head, period=period)
    add_responses(period, [answers(1)])  # later answers do not change the published figure
    page = client.get(url).content.decode()
    assert 'data-testid="public-ikm">91.67<' in page
    assert 'data-testid="public-grade">A<' in page
    assert "PermenPANRB 14/2017" in page
