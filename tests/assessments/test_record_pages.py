"""The pages: record an assessment, read it (access-logged), the person's list, history, decisions."""

from __future__ import annotations

import re

import pytest

from sentra.assessments.models import Assessment, Need, NeedStatus
from sentra.core.models import AccessLogEntry
from tests.assessments.factories import PHQ9_ITEM9, PHQ9_MILD, PHQ9_SEVERE, record

pytestmark = pytest.mark.django_db


def posted(answers: dict[str, int], **extra: str) -> dict[str, str]:
    return {**{f"item_{n}": str(v) for n, v in answers.items()}, **extra}


def test_a_case_manager_records_a_phq9_through_the_form(client_for, staff, siti, siti_case):
    client = client_for(staff["case_manager"])
    form = client.get(f"/beneficiaries/{siti.pk}/assessments/new/phq9/")
    assert form.status_code == 200
    assert b'data-testid="item-9"' in form.content
    response = client.post(
        f"/beneficiaries/{siti.pk}/assessments/new/phq9/", posted(PHQ9_ITEM9, case=str(siti_case.pk))
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.case_id == siti_case.pk
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert b'data-testid="flag-phq9_item9"' in detail.content
    assert b'data-testid="need-phq9-item9-urgent"' in detail.content
    assert AccessLogEntry.objects.filter(object_id=str(assessment.pk), category="assessment").count() == 1


def test_a_bad_answer_is_refused_naming_the_item(client_for, staff, siti):
    client = client_for(staff["case_manager"])
    response = client.post(f"/beneficiaries/{siti.pk}/assessments/new/phq9/", posted({**PHQ9_MILD, "4": 9}))
    assert response.status_code == 422
    assert b'aria-invalid="true" aria-describedby="item-4-errors"' in response.content
    assert b'href="#item-4"' in response.content
    assert not Assessment.objects.exists()


def test_both_barthel_schemes_are_shown_by_scheme(client_for, staff, siti):
    answers = {"1": 10, "2": 0, "3": 0, "4": 5, "5": 10, "6": 10, "7": 5, "8": 10, "9": 10, "10": 0}
    assessment = record(staff["case_manager"], siti, "barthel", answers)
    page = client_for(staff["case_manager"]).get(f"/assessments/{assessment.pk}/")
    assert b'data-testid="scheme-bands_0_100"' in page.content
    assert b'data-testid="scheme-indonesia_0_20"' in page.content


def test_the_person_page_lists_results_and_proposals_and_logs_each_result_read(client_for, staff, siti):
    first = record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    page = client_for(staff["centre_head"]).get(f"/beneficiaries/{siti.pk}/assessments/")
    assert page.status_code == 200
    assert f'data-assessment="{first.pk}"'.encode() in page.content
    assert b'data-testid="need-psychosocial-distress"' in page.content
    assert AccessLogEntry.objects.filter(actor=staff["centre_head"], object_id=str(first.pk)).exists()


def test_history_compares_first_and_latest(client_for, staff, siti):
    record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)  # 24, severe
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD)  # 5, mild
    page = client_for(staff["case_manager"]).get(f"/beneficiaries/{siti.pk}/assessments/history/phq9/")
    assert page.status_code == 200
    assert b'data-change="-19" data-outcome="improved" data-crossed="1"' in page.content
    assert b"<svg" in page.content
    assert b'data-total="24"' in page.content
    # SVG coordinates are numbers whatever the language (Indonesian writes decimals with a comma).
    coordinates = re.findall(
        rb' (?:cx|cy|y|height)="([^"]+)"', page.content.split(b"<svg", 1)[1].split(b"</svg>")[0]
    )
    assert coordinates
    assert all(float(value) >= 0 for value in coordinates)


def test_deciding_from_the_page(client_for, staff, siti, siti_case):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE, case=siti_case)
    need = Need.objects.get(assessment=assessment, rule_id="psychosocial-distress")
    other = Need.objects.get(assessment=assessment, rule_id="phq9-severe-psychiatry")
    client = client_for(staff["case_manager"])
    assert client.post(f"/needs/{need.pk}/decide/", {"decision": "accept"}).status_code == 302
    client.post(f"/needs/{other.pk}/decide/", {"decision": "reject", "reason": ""})
    need.refresh_from_db()
    other.refresh_from_db()
    assert need.status == NeedStatus.ACCEPTED
    assert need.case_plan_id is not None
    assert other.status == NeedStatus.PROPOSED  # a rejection without a reason is refused


def test_the_professional_may_read_but_not_decide(client_for, staff, siti):
    record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    need = Need.objects.get(rule_id="psychosocial-distress")
    assert (
        client_for(staff["professional"])
        .post(f"/needs/{need.pk}/decide/", {"decision": "accept"})
        .status_code
        == 403
    )


def test_the_home_page_shows_my_alerts(client_for, staff, siti, siti_case):
    record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9, case=siti_case)
    page = client_for(staff["professional"]).get("/assessments/")
    assert page.status_code == 200
    assert b'data-rule="phq9-item9-urgent"' in page.content


def test_the_centre_needs_page_counts_without_names(client_for, staff, siti, centre_a):
    record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    for role in ("centre_head", "national_analyst"):
        page = client_for(staff[role]).get("/needs/")
        assert page.status_code == 200
        assert b'data-code="psikolog"' in page.content
        assert siti.full_name.encode() not in page.content


def test_the_person_page_and_history_do_not_grow_queries_with_the_results(
    client_for, staff, siti, django_assert_max_num_queries
):
    for _ in range(12):
        record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    client = client_for(staff["case_manager"])
    with django_assert_max_num_queries(15):
        assert client.get(f"/beneficiaries/{siti.pk}/assessments/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/beneficiaries/{siti.pk}/assessments/history/phq9/").status_code == 200
    assert AccessLogEntry.objects.filter(actor=staff["case_manager"], category="assessment").count() == 24
