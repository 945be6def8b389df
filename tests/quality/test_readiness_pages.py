"""The readiness pages per role: the scorecard, the method, the plan, the self-assessment, the comparison."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sentra.core.models import AuditEvent, Role
from sentra.quality.models import ReadinessAction, SelfAssessment
from sentra.quality.rules.readiness import SELF_ASSESSMENT_ITEMS
from sentra.quality.services import readiness as services

pytestmark = pytest.mark.django_db
CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]
ANSWERS = dict.fromkeys(SELF_ASSESSMENT_ITEMS, "3")


@pytest.fixture
def plan_b(centre_b, make_user) -> ReadinessAction:
    head_b = make_user(role=Role.CENTRE_HEAD, centres=(centre_b,))
    return services.readiness_action_create(
        actor=head_b,
        sentra=centre_b,
        data=services.PlanActionInput(
            aspect="equipment",
            title="Beli kursi roda",
            owner_id=head_b.pk,
            due_on=datetime.date(2026, 12, 31),
            budget=Decimal(15_000_000),
        ),
    )


def test_the_scorecard_shows_no_data_and_the_method(client_for, make_user, centre_a) -> None:
    client = client_for(make_user(role=Role.PROFESSIONAL, centres=(centre_a,)))
    response = client.get(reverse("quality:readiness_detail", args=[centre_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-testid="aspect-no-data"') == 3
    assert 'data-part="standard_met" data-used="no"' in page
    assert 'data-testid="parts-attitude"' in page


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_another_centre_gets_404_everywhere(client_for, make_user, centre_a, centre_b, plan_b, role) -> None:
    client = client_for(make_user(role=role, centres=(centre_a,)))
    for url in (
        reverse("quality:readiness_detail", args=[centre_b.pk]),
        reverse("quality:readiness_self_assessment", args=[centre_b.pk]),
        reverse("quality:readiness_action_create", args=[centre_b.pk]),
        reverse("quality:readiness_action_edit", args=[plan_b.pk]),
    ):
        assert client.get(url).status_code == 404, (role, url)
    assert client.post(reverse("quality:readiness_record", args=[centre_b.pk])).status_code == 404
    assert (
        client.post(reverse("quality:readiness_self_assessment", args=[centre_b.pk]), ANSWERS).status_code
        == 404
    )
    assert (
        centre_b.name
        not in client.get(reverse("quality:readiness_detail", args=[centre_a.pk])).content.decode()
    )
    assert SelfAssessment.objects.count() == 0


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.HR])
def test_the_comparison_is_for_national_roles_and_centre_heads(client_for, make_user, centre_a, role) -> None:
    client = client_for(make_user(role=role, centres=(centre_a,)))
    assert client.get(reverse("quality:readiness_national")).status_code == 404


def test_the_national_analyst_reads_every_centre_and_changes_nothing(
    client_for, make_user, centre_a, centre_b, plan_b
) -> None:
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    page = client.get(reverse("quality:readiness_national")).content.decode()
    assert f'data-centre="{centre_a.pk}"' in page
    assert f'data-centre="{centre_b.pk}"' in page
    assert client.get(reverse("quality:readiness_detail", args=[centre_b.pk])).status_code == 200
    assert client.post(reverse("quality:readiness_record", args=[centre_b.pk])).status_code == 403
    assert client.get(reverse("quality:readiness_action_create", args=[centre_b.pk])).status_code == 403
    assert client.get(reverse("quality:readiness_action_edit", args=[plan_b.pk])).status_code == 403
    assert client.get(reverse("quality:readiness_self_assessment", args=[centre_b.pk])).status_code == 403
    assert client.get(reverse("quality:readiness_home"))["Location"] == reverse("quality:readiness_national")


def test_a_centre_head_compares_only_their_centre(client_for, make_user, centre_a, centre_b) -> None:
    client = client_for(make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)))
    page = client.get(reverse("quality:readiness_national")).content.decode()
    assert f'data-centre="{centre_a.pk}"' in page
    assert f'data-centre="{centre_b.pk}"' not in page
    home = client.get(reverse("quality:readiness_home"))
    assert home["Location"] == reverse("quality:readiness_detail", args=[centre_a.pk])


def test_the_head_records_the_semester_and_it_is_audited(client_for, make_user, centre_a) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    client = client_for(head)
    response = client.post(reverse("quality:readiness_record", args=[centre_a.pk]))
    assert response.status_code == 302
    period = centre_a.readiness_periods.get()
    assert period.result is not None
    assert period.recorded_by == head
    assert AuditEvent.objects.filter(
        object_type="quality.readinessperiod", action="update", actor=head
    ).exists()
    page = client.get(reverse("quality:readiness_detail", args=[centre_a.pk])).content.decode()
    assert f"{period.year}-S{period.half}" in page


def test_the_plan_head_plans_owner_reports_progress(client_for, make_user, centre_a) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    owner = make_user(role=Role.HR, centres=(centre_a,), first_name="Wati", last_name="Lestari")
    head.first_name = "Joko"
    head.save(update_fields=["first_name"])
    client = client_for(head)
    data = {
        "aspect": "skills",
        "title": "Pelatihan konseling adiksi",
        "owner": owner.pk,
        "budget": "25000000",
        "due_on": "2026-12-15",
        "status": "planned",
        "progress": "0",
    }
    assert (
        client.post(reverse("quality:readiness_action_create", args=[centre_a.pk]), data).status_code == 302
    )
    action = ReadinessAction.objects.get()
    assert action.budget == Decimal(25_000_000)
    assert AuditEvent.objects.filter(object_type="quality.readinessaction", action="create").exists()
    owner_client = client_for(owner)
    url = reverse("quality:readiness_action_edit", args=[action.pk])
    owner_client.post(url, {**data, "status": "in_progress", "progress": "40", "progress_note": "Modul siap"})
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 40)
    refused = owner_client.post(url, {**data, "budget": "99000000", "progress": "50"})
    assert refused.status_code == 200
    action.refresh_from_db()
    assert action.budget == Decimal(25_000_000)
    client.post(url, {**data, "status": "done", "progress": "60"})
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", 100)
    assert action.completed_on is not None
    other = client_for(make_user(role=Role.CASE_MANAGER, centres=(centre_a,)))
    assert other.get(url).status_code == 403
    page = client.get(reverse("quality:readiness_detail", args=[centre_a.pk])).content.decode()
    assert f'data-action="{action.pk}"' in page


def test_bad_plan_input_names_the_field(client_for, make_user, centre_a) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))
    outsider = make_user(role=Role.HR)
    response = client_for(head).post(
        reverse("quality:readiness_action_create", args=[centre_a.pk]),
        {
            "aspect": "luck",
            "title": "",
            "owner": outsider.pk,
            "budget": "-5",
            "due_on": "x",
            "progress": "120",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"aspect", "title", "owner", "budget", "due_on", "progress"} <= set(errors)
    assert ReadinessAction.objects.count() == 0


def test_the_self_assessment_is_answered_once_and_stored_without_a_name(
    client_for, make_user, centre_a
) -> None:
    person = make_user(role=Role.PROFESSIONAL, centres=(centre_a,))
    client = client_for(person)
    url = reverse("quality:readiness_self_assessment", args=[centre_a.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, ANSWERS).status_code == 302
    response = client.get(reverse("quality:readiness_detail", args=[centre_a.pk]))
    assert 'data-testid="self-assess"' not in response.content.decode()
    again = client.post(url, ANSWERS)
    assert again.status_code == 200
    assert SelfAssessment.objects.count() == 1
    row = SelfAssessment.objects.get()
    assert len(row.respondent_hash) == 64
    assert not [
        field.name for field in SelfAssessment._meta.fields if field.is_relation and field.name != "period"
    ]
    assert not AuditEvent.objects.filter(object_type="quality.selfassessment", actor=person).exists()
    assert SelfAssessment.objects.visible_to(person).count() == 0
    bad = client_for(make_user(role=Role.HR, centres=(centre_a,))).post(url, {**ANSWERS, "dignity": "5"})
    assert bad.status_code == 200
    assert "dignity" in bad.context["form"].errors
    assert SelfAssessment.objects.count() == 1


def test_the_score_attribute_is_not_localised(client_for, make_user, centre_a) -> None:
    for _ in range(3):
        services.self_assessment_submit(
            actor=make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
            sentra=centre_a,
            answers=dict.fromkeys(SELF_ASSESSMENT_ITEMS, 2),
        )
    client = client_for(make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)))
    page = client.get(
        reverse("quality:readiness_detail", args=[centre_a.pk]), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert 'data-aspect="attitude" data-score="50.0"' in page
