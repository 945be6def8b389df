"""The period report as a PDF: a real PDF carrying the period's figures, for those who see the period."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sentra.core.models import Role
from sentra.quality import services
from tests.quality.factories import add_responses, answers, make_period

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def two_periods(centre_a):
    earlier = make_period(
        centre_a,
        year=2025,
        half=2,
        starts_on=datetime.date(2025, 7, 1),
        ends_on=datetime.date(2025, 12, 31),
        status="closed",
    )
    add_responses(earlier, [answers(3)] * 4)  # IKM 75.00, grade C
    period = make_period(
        centre_a,
        year=2026,
        half=1,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        population=100,
    )
    # Element averages: waktu 2.5, the others 4; IKM unit = (8 x 4 + 2.5) / 9 = 3.8333.. -> 95.83, A.
    add_responses(period, [answers(4, waktu=2), answers(4, waktu=3)])
    return earlier, period


def test_the_pdf_carries_the_figures_trend_and_follow_up(
    client_for, make_user, centre_a, two_periods
) -> None:
    _earlier, period = two_periods
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    services.action_create(
        actor=head,
        period=period,
        data=services.ActionInput(
            element="waktu", title="Antrean daring", owner_id=head.pk, due_on=period.ends_on
        ),
    )
    response = client_for(head).get(reverse("quality:period_report_pdf", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "95.83" in text  # IKM
    assert "3.8333" in text  # IKM on the 1-4 scale
    assert "2.50" in text  # NRR of waktu
    assert "+20.83" in text  # against the previous period's 75.00
    assert "75.00" in text
    assert "Antrean daring" in text  # the follow-up action
    assert "Sangat Baik" in text or "Very good" in text


def test_the_pdf_follows_the_interface_language(client_for, make_user, centre_a, two_periods) -> None:
    _earlier, period = two_periods
    client = client_for(make_user(role=Role.INTAKE, centres=(centre_a,)))
    with translation.override("id"):
        client.cookies["django_language"] = "id"
        content = client.get(
            reverse("quality:period_report_pdf", args=[period.pk]), HTTP_ACCEPT_LANGUAGE="id"
        ).content
    assert "95.83" in pdf_text(content)


def test_a_period_without_answers_still_renders(client_for, make_user, centre_a) -> None:
    period = make_period(centre_a)
    client = client_for(make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)))
    response = client.get(reverse("quality:period_report_pdf", args=[period.pk]))
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 1


@pytest.mark.parametrize(
    "role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]
)
def test_another_centres_staff_get_404(client_for, make_user, centre_b, two_periods, role) -> None:
    _earlier, period = two_periods
    client = client_for(make_user(role=role, centres=(centre_b,)))
    assert client.get(reverse("quality:period_report_pdf", args=[period.pk])).status_code == 404
