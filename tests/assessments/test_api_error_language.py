"""Schema errors of the API (pydantic) come in the request's language and name the field.

The one error format (src/sentra/api/errors.py) translates the common pydantic error types; the
language is the cookie's, else Accept-Language for the API, else Indonesian.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sentra.api.errors import schema_error_message
from sentra.core.models import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/instruments/phq9/score"


@pytest.fixture
def api(client_for, make_user, centre_a) -> Client:
    return client_for(make_user(role=Role.PROFESSIONAL, centres=(centre_a,)))


def _errors(client: Client, body: Any, **headers: str) -> list[dict[str, str]]:
    response = client.post(URL, body, content_type="application/json", **headers)
    assert response.status_code == 422
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "answers: berikan objek berisi nama dan nilai."),
        ("en", "answers: give an object of names and values."),
    ],
)
def test_a_wrong_type_is_explained_in_the_accept_language(api: Client, language: str, expected: str) -> None:
    (error,) = _errors(api, {"answers": [1, 2]}, HTTP_ACCEPT_LANGUAGE=language)
    assert error == {"field": "answers", "message": expected}


def test_the_language_cookie_wins_over_accept_language(api: Client) -> None:
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    (error,) = _errors(api, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert error["field"] == "answers"
    assert error["message"] == "answers: kolom ini wajib diisi."
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    (error,) = _errors(api, {}, HTTP_ACCEPT_LANGUAGE="id")
    assert error["message"] == "answers: this field is required."


def test_without_a_language_the_api_answers_in_indonesian(api: Client) -> None:
    (error,) = _errors(api, {"answers": "x"})
    assert error["message"].startswith("answers: ")
    assert "Input should" not in error["message"]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ({"type": "greater_than_equal", "ctx": {"ge": 1}}, "page: must be at least 1."),
        (
            {"type": "string_too_long", "ctx": {"max_length": 200}},
            "page: must be at most 200 characters long.",
        ),
        ({"type": "literal_error", "ctx": {"expected": "'a' or 'b'"}}, "page: must be one of 'a' or 'b'."),
        ({"type": "value_error", "msg": "Value error, Choose a centre."}, "page: Choose a centre."),
        ({"type": "something_new", "msg": "English"}, "page: the value is not valid."),
    ],
)
def test_context_limits_and_own_messages_are_kept(error: dict[str, Any], expected: str) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert schema_error_message(error, "page") == expected
