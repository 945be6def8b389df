"""The instrument API: library, definitions, stateless scoring; 422 naming the item; 401 anonymous."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sentra.core.models import Role, User

pytestmark = pytest.mark.django_db

PHQ9 = {"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 0}


@pytest.fixture
def api(client_for: Callable[[User], Client], make_user: Callable[..., User], centre_a) -> Client:
    client = client_for(make_user(role=Role.PROFESSIONAL, centres=(centre_a,)))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are asserted in their English source
    return client


def post_score(client: Client, code: str, answers: Any, parameters: dict[str, Any] | None = None):
    body = {"answers": answers} if parameters is None else {"answers": answers, "parameters": parameters}
    return client.post(f"/api/v1/instruments/{code}/score", body, content_type="application/json")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/instruments"),
        ("get", "/api/v1/instruments/phq9"),
        ("post", "/api/v1/instruments/phq9/score"),
    ],
)
def test_anonymous_callers_get_401(client: Client, method: str, path: str):
    response = getattr(client, method)(path, {"answers": PHQ9}, content_type="application/json")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_the_library_lists_every_instrument(api: Client):
    rows = api.get("/api/v1/instruments").json()
    assert [row["code"] for row in rows] == [
        "barthel", "lawton", "katz", "wgss", "phq9", "phq2", "gad7", "gds15", "k10", "k6", "srq20",
    ]  # fmt: skip
    phq9 = rows[4]
    assert phq9["item_count"] == 9
    assert set(phq9["name"]) == {"id", "en"}


def test_a_definition_has_what_a_form_needs(api: Client):
    data = api.get("/api/v1/instruments/gds15").json()
    assert data["version"] == "1"
    assert len(data["items"]) == 15
    first = data["items"][0]
    assert first["reverse"] is True
    assert [(o["value"], o["points"]) for o in first["options"]] == [("yes", 0), ("no", 1)]
    assert data["parameters"][0]["code"] == "screen_cutoff"
    assert [s["code"] for s in data["schemes"]] == ["severity", "screen"]
    assert data["schemes"][1]["bands"][1]["min"] == "$screen_cutoff"
    assert data["licence"]["terms"].startswith("Public domain")
    assert data["source"]["citation"].startswith("Sheikh JI, Yesavage JA")


def test_an_unknown_instrument_is_404_naming_the_known_codes(api: Client):
    response = api.get("/api/v1/instruments/sdq")
    assert response.status_code == 404
    assert "sdq" in response.json()["detail"]
    assert "phq9" in response.json()["detail"]
    assert post_score(api, "sdq", {"1": 0}).status_code == 404


def test_scoring_returns_the_result_and_recommendations(api: Client):
    response = post_score(api, "phq9", PHQ9)
    assert response.status_code == 200
    data = response.json()
    assert (data["instrument"], data["version"], data["valid"], data["total"], data["band"]) == (
        "phq9", "1", True, 10, "moderate",
    )  # fmt: skip
    assert data["bands"]["diagnostic_algorithm"] == "other_depressive_syndrome"
    (recommendation,) = data["recommendations"]
    assert recommendation["rule"]["id"] == "psychosocial-distress"
    assert (recommendation["component"], recommendation["subtype"]) == ("terapi", "psikososial")
    assert recommendation["professions"] == ["psikolog"]
    assert recommendation["evidence"][0]["text"] == "phq9.total = 10 (>= 10)"


def test_item9_flag_and_the_urgent_recommendation(api: Client):
    data = post_score(api, "phq9", {**PHQ9, "9": 2}).json()
    assert data["flags"] == ["phq9_item9"]
    urgent = data["recommendations"][0]
    assert urgent["urgency"] == "urgent"
    assert urgent["actions"][1] == {
        "kind": "task",
        "to": ["psikolog", "case_manager"],
        "due_within_hours": 24,
        "title": urgent["actions"][1]["title"],
    }


def test_parameters_change_the_cut_off(api: Client):
    answers = {str(n): "yes" if n <= 6 else "no" for n in range(1, 21)}
    assert post_score(api, "srq20", answers).json()["band"] == "gme_indicated"
    strict = post_score(api, "srq20", answers, {"cutoff": 8}).json()
    assert (strict["band"], strict["parameters"]) == ("below_cutoff", {"cutoff": 8})


@pytest.mark.parametrize(
    ("code", "answers", "parameters", "fields"),
    [
        ("phq9", {**PHQ9, "9": 4}, None, ["answers.9"]),
        ("phq9", {**PHQ9, "12": 1}, None, ["answers.12"]),
        (
            "phq9",
            {"1": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 0},
            None,
            ["answers.2", "answers.3", "answers.4"],
        ),
        ("k10", {"1": 0}, None, [f"answers.{n}" for n in range(1, 11)]),
        ("barthel", {str(n): 0 for n in range(1, 11)} | {"2": 10}, None, ["answers.2"]),
        ("srq20", {str(n): "no" for n in range(1, 21)}, {"cutoff": 40}, ["parameters.cutoff"]),
    ],
)
def test_bad_answers_are_422_with_one_error_per_item(api: Client, code, answers, parameters, fields):
    response = post_score(api, code, answers, parameters)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert [error["field"] for error in body["errors"]] == fields
    for error in body["errors"]:
        if error["field"].startswith("answers."):
            assert error["message"].startswith(f"Item {error['field'].split('.')[1]}")


def test_answers_that_are_not_an_object_are_422(api: Client):
    response = post_score(api, "phq9", [1, 2, 3])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "answers"


def test_a_personal_token_works_too(client: Client, make_user: Callable[..., User]):
    from sentra.core import services

    token = services.api_token_create(actor=make_user(role=Role.CASE_MANAGER), name="skrining").value
    response = client.post(
        "/api/v1/instruments/k6/score",
        {"answers": {"1": 4, "2": 4, "3": 4, "4": 4, "5": 4, "6": 4}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    assert response.json()["flags"] == ["k6_serious"]
