"""Bahasa Indonesia by default, English on request; every page string is translated."""

from __future__ import annotations

import polib
import pytest
from django.conf import settings
from django.test import Client


@pytest.mark.django_db
def test_pages_open_in_indonesian_even_for_english_browsers(client: Client) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert "Masuk ke Sentra" in response.content.decode()


@pytest.mark.django_db
def test_the_switch_sets_english_and_back(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert "Sign in to Sentra" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "id", "next": "/login/"})
    assert "Masuk ke Sentra" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_indonesian(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/login/")["Content-Language"] == "id"


def test_every_message_has_an_indonesian_translation() -> None:
    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / "id" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert untranslated == []
