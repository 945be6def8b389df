"""The flood limits count the real client: X-Real-IP is believed only from a trusted proxy.

SENTRA_TRUSTED_PROXIES (docs/deploy.md) names the proxies; from anyone else the header is ignored and
REMOTE_ADDR counts, so a client cannot dodge the survey limit by sending a new header each time.
"""

from __future__ import annotations

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from sentra.core.middleware import client_ip
from sentra.env import env_networks
from sentra.quality.models import SurveyResponse
from sentra.quality.rules.ikm import ELEMENT_NAMES
from tests.quality.factories import make_period

PROXY = "10.20.0.11"
TRUSTED = (ipaddress.ip_network("10.20.0.0/24"),)


def _request(remote: str, real_ip: str | None = None) -> object:
    headers = {"REMOTE_ADDR": remote}
    if real_ip is not None:
        headers["HTTP_X_REAL_IP"] = real_ip
    return RequestFactory().get("/", **headers)


@override_settings(SENTRA_TRUSTED_PROXIES=())
def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"  # type: ignore[arg-type]


@override_settings(SENTRA_TRUSTED_PROXIES=TRUSTED)
def test_the_header_counts_only_from_a_trusted_proxy() -> None:
    assert client_ip(_request(PROXY, "198.51.100.1")) == "198.51.100.1"  # type: ignore[arg-type]
    assert client_ip(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"  # type: ignore[arg-type]
    assert client_ip(_request(PROXY)) == PROXY  # type: ignore[arg-type]
    assert client_ip(_request(PROXY, "not-an-address")) == PROXY  # type: ignore[arg-type]


@pytest.mark.django_db
@override_settings(SENTRA_TRUSTED_PROXIES=())
def test_a_new_header_per_request_does_not_dodge_the_survey_limit(centre_a, monkeypatch) -> None:
    monkeypatch.setenv("SENTRA_SURVEY_RATE_LIMIT", "2")
    make_period(centre_a)
    client = Client(REMOTE_ADDR="192.0.2.50")
    url = f"/api/v1/public/centres/{centre_a.code}/survey-responses"
    statuses = []
    for index, value in enumerate((1, 2, 3, 4)):
        body = {"answers": dict.fromkeys(ELEMENT_NAMES, value), "sex": "M"}
        response = client.post(
            url, body, content_type="application/json", HTTP_X_REAL_IP=f"198.51.100.{index}"
        )
        statuses.append(response.status_code)
    assert statuses == [201, 201, 422, 422]
    assert SurveyResponse.objects.count() == 2


@pytest.mark.django_db
@override_settings(SENTRA_TRUSTED_PROXIES=TRUSTED)
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(centre_a, monkeypatch) -> None:
    monkeypatch.setenv("SENTRA_SURVEY_RATE_LIMIT", "1")
    make_period(centre_a)
    client = Client(REMOTE_ADDR=PROXY)
    url = f"/api/v1/public/centres/{centre_a.code}/survey-responses"
    for index, value in enumerate((1, 2)):
        body = {"answers": dict.fromkeys(ELEMENT_NAMES, value), "sex": "F"}
        response = client.post(
            url, body, content_type="application/json", HTTP_X_REAL_IP=f"198.51.100.{index}"
        )
        assert response.status_code == 201


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ()),
        ("10.20.0.11", (ipaddress.ip_network("10.20.0.11/32"),)),
        (" 10.20.0.0/24 , ::1 ", (ipaddress.ip_network("10.20.0.0/24"), ipaddress.ip_network("::1/128"))),
    ],
)
def test_trusted_proxies_parse(value: str, expected: tuple[object, ...]) -> None:
    assert env_networks("SENTRA_TRUSTED_PROXIES", environ={"SENTRA_TRUSTED_PROXIES": value}) == expected


@pytest.mark.parametrize("value", ["10.20.0.11,,10.20.0.12", "nginx", "10.20.0.1/24", "10.20.0.300"])
def test_a_bad_trusted_proxy_list_stops_start_up_naming_the_variable(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SENTRA_TRUSTED_PROXIES"):
        env_networks("SENTRA_TRUSTED_PROXIES", environ={"SENTRA_TRUSTED_PROXIES": value})
