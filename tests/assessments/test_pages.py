"""Instrument pages: the list, the phone-friendly form, live scoring (htmx) and refused answers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role, User

pytestmark = pytest.mark.django_db

PHQ9 = {
    "item_1": "2",
    "item_2": "2",
    "item_3": "1",
    "item_4": "1",
    "item_5": "1",
    "item_6": "1",
    "item_7": "1",
}
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(code: str) -> str:
    return reverse("assessments:instrument_score", args=[code])


@pytest.fixture
def browser(client_for: Callable[[User], Client], make_user: Callable[..., User], centre_a) -> Client:
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are asserted in their English source
    return client


def test_sign_in_is_required(client: Client):
    for path in (reverse("assessments:instrument_list"), url("phq9")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert client.post(url("phq9"), PHQ9).status_code == 302


@pytest.mark.parametrize("role", Role.values)
def test_every_role_sees_the_list_and_a_form(client_for, personas, role: str):
    client = client_for(personas[role])
    listing = client.get(reverse("assessments:instrument_list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    for code in ("barthel", "lawton", "katz", "wgss", "phq9", "phq2", "gad7", "gds15", "k10", "k6", "srq20"):
        assert f'data-testid="instrument-{code}"' in body
        assert url(code) in body
    assert client.get(url("wgss")).status_code == 200


def test_the_navigation_links_to_the_instruments(browser: Client):
    assert reverse("assessments:instrument_list") in browser.get("/").content.decode()


def test_the_form_shows_every_item_with_its_options(browser: Client):
    body = browser.get(url("phq9")).content.decode()
    assert 'name="viewport"' in body
    assert "assessments/assessments.css" in body
    for number in range(1, 10):
        assert f'data-testid="item-{number}"' in body
        for points in range(4):
            assert f'id="item-{number}-{points + 1}" name="item_{number}" value="{points}"' in body
    assert f'hx-post="{url("phq9")}"' in body
    assert 'hx-trigger="change, submit"' in body
    assert 'data-testid="about-instrument"' in body


def test_an_unknown_instrument_is_404(browser: Client):
    assert browser.get(url("sdq")).status_code == 404
    assert browser.post(url("sdq"), {"item_1": "0"}).status_code == 404


def test_live_scoring_returns_only_the_result_with_the_score_bar_out_of_band(browser: Client):
    response = browser.post(url("phq9"), {**PHQ9, "item_8": "1", "item_9": "0"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert '<p class="stat" data-testid="total">10' in body
    assert 'data-band="moderate"' in body
    assert 'data-testid="scheme-diagnostic_algorithm"' in body
    assert "<code>other_depressive_syndrome</code>" in body
    assert 'data-testid="recommendation-psychosocial-distress"' in body
    assert "<code>psychosocial-distress</code>" in body
    assert 'id="score-bar" class="score-bar" data-testid="score-bar" hx-swap-oob="true"' in body


def test_while_answering_the_missing_items_are_listed_not_shouted(browser: Client):
    body = browser.post(url("gad7"), {"item_1": "3", "item_2": "3"}, **HTMX).content.decode()
    assert 'data-testid="not-scored"' in body
    assert 'data-testid="still-to-answer"' in body
    assert 'href="#item-3"' in body
    assert 'data-testid="missing-errors"' not in body


def test_pressing_score_on_an_incomplete_form_names_each_missing_item(browser: Client):
    body = browser.post(url("gad7"), {"item_1": "3", "item_2": "3", "final": "1"}, **HTMX).content.decode()
    assert 'data-testid="missing-errors"' in body
    for number in range(3, 8):
        assert f"Item {number} is unanswered" in body


def test_item9_flag_and_urgent_recommendation_appear_as_soon_as_item9_is_answered(browser: Client):
    body = browser.post(url("phq9"), {"item_9": "1"}, **HTMX).content.decode()
    assert 'data-testid="not-scored"' in body
    assert 'data-testid="flag-phq9_item9"' in body
    assert 'data-testid="recommendation-phq9-item9-urgent" data-urgency="urgent"' in body
    assert "<code>terapi/psikososial</code>" in body


def test_an_out_of_range_answer_is_refused_naming_the_item(browser: Client):
    live = browser.post(url("phq9"), {**PHQ9, "item_8": "1", "item_9": "7"}, **HTMX).content.decode()
    full = browser.post(url("phq9"), {**PHQ9, "item_8": "1", "item_9": "7", "final": "1"})
    assert 'data-testid="answer-errors"' in live
    assert "Item 9: 7 is not an allowed answer; allowed answers are 0, 1, 2, 3." in live
    assert full.status_code == 200
    page = full.content.decode()
    assert 'data-testid="item-9" aria-invalid="true"' in page
    assert "Item 9: 7 is not an allowed answer" in page
    assert 'data-testid="total"' not in page


def test_an_unknown_item_is_refused_naming_it(browser: Client):
    body = browser.post(url("k6"), {"item_7": "1"}, **HTMX).content.decode()
    assert "Item 7 does not exist in K6; its items are 1-6." in body


def test_a_full_post_keeps_the_answers_and_shows_the_result(browser: Client):
    answers = {f"item_{n}": "3" for n in range(1, 11)}
    page = browser.post(url("k10"), {**answers, "final": "1"}).content.decode()
    assert 'id="item-1-3" name="item_1" value="3" checked' in page
    assert 'data-testid="scheme-abs"' in page
    assert "<code>very_high</code>" in page
    assert "<code>likely_severe_disorder</code>" in page
    assert 'id="score-bar" class="score-bar" data-testid="score-bar">' in page


def test_both_barthel_schemes_are_shown_by_name(browser: Client):
    answers = {"1": 10, "2": 0, "3": 0, "4": 5, "5": 10, "6": 10, "7": 10, "8": 10, "9": 5, "10": 0}
    body = browser.post(url("barthel"), {f"item_{n}": v for n, v in answers.items()}, **HTMX).content.decode()
    assert '<p class="stat" data-testid="total">60' in body
    assert 'data-testid="scheme-bands_0_100"' in body
    assert 'data-testid="scheme-indonesia_0_20"' in body
    assert "<code>severe</code>" in body
    assert "<code>ketergantungan_ringan</code>" in body
    assert '<dd data-testid="score-total_20">12</dd>' in body
    assert 'data-testid="recommendation-barthel-dependency-care"' in body


def test_the_katz_product_rule_is_visible(browser: Client):
    answers = {f"item_{n}": "1" for n in range(1, 6)} | {"item_6": "0"}
    body = browser.post(url("katz"), answers, **HTMX).content.decode()
    assert "<code>moderate_impairment</code>" in body
    assert 'class="badge product-rule"' in body


def test_parameters_are_fields_of_the_form(browser: Client):
    assert 'name="param_cutoff" value="6" min="1" max="20"' in browser.get(url("srq20")).content.decode()
    answers = {f"item_{n}": "yes" if n <= 6 else "no" for n in range(1, 21)}
    default = browser.post(url("srq20"), answers, **HTMX).content.decode()
    strict = browser.post(url("srq20"), {**answers, "param_cutoff": "8"}, **HTMX).content.decode()
    assert "<code>gme_indicated</code>" in default
    assert "<code>below_cutoff</code>" in strict


def test_lawton_forms_and_options_sharing_a_value(browser: Client):
    page = browser.get(url("lawton")).content.decode()
    assert 'data-testid="form-choice"' in page
    assert 'id="item-1-2" name="item_1" value="1#2"' in page  # three printed options score 1
    historic = browser.get(url("lawton"), {"param_form": "historic_male_5"}).content.decode()
    assert 'data-testid="item-3"' not in historic
    assert '<input type="hidden" name="param_form" value="historic_male_5">' in historic
    answers = {"item_1": "1#3", "item_2": "0#2", "item_6": "1", "item_7": "0#3", "item_8": "0"}
    scored = browser.post(url("lawton"), {**answers, "param_form": "historic_male_5", "final": "1"})
    body = scored.content.decode()
    assert '<p class="stat" data-testid="total">2' in body
    assert 'id="item-1-3" name="item_1" value="1#3" checked' in body  # the statement chosen, not the first
