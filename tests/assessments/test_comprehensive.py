"""The ATENSI comprehensive assessment: a structured form (data) with rapid and initial variants that
produces needs like the instruments do."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sentra.assessments import selectors
from sentra.assessments.models import Alert, Assessment, DeviceNeed, Need
from sentra.assessments.rules import score
from tests.assessments.factories import record

pytestmark = pytest.mark.django_db

ALL_FINE = {str(n): 0 for n in range(1, 27)}
SECTIONS = {
    "health",
    "psychological",
    "family_social",
    "economic",
    "environment",
    "education_skills",
    "spiritual",
    "strengths",
    "risks",
}


def test_the_form_is_data_with_nine_sections_and_three_variants():
    form = selectors.definitions().get("atensi")
    assert {section.code for section in form.sections} == SECTIONS
    sizes = {variant.code: len(variant.items) for variant in form.forms}
    assert sizes == {"comprehensive": 26, "initial": 16, "rapid": 8}
    rapid = set(form.form("rapid").items)
    assert rapid <= set(form.form("initial").items)
    assert {"23", "24", "25", "26"} <= rapid  # every variant asks about the risks
    assert "atensi" not in selectors.library()  # not a standard instrument


@pytest.mark.parametrize(
    ("answers", "priority"),
    [
        ({}, "standard"),
        ({"13": 3}, "high"),
        ({"24": 2}, "high"),
        ({"23": 2}, "urgent"),
        ({"26": 3}, "urgent"),
    ],
)
def test_priority(answers, priority):
    result = score(selectors.definitions().get("atensi"), {**ALL_FINE, **answers})
    assert result.band == priority


def test_a_rapid_assessment_with_a_self_harm_risk_raises_the_urgent_alert(staff, siti, siti_case):
    answers = {"1": 2, "11": 0, "14": 0, "16": 0, "23": 2, "24": 0, "25": 0, "26": 0}
    assessment = record(
        staff["case_manager"], siti, "atensi", answers, parameters={"form": "rapid"}, case=siti_case
    )
    assert (assessment.kind, assessment.form, assessment.band) == ("comprehensive", "rapid", "urgent")
    rules = set(Need.objects.filter(assessment=assessment).values_list("rule_id", flat=True))
    assert rules == {"atensi-self-harm-urgent", "atensi-health"}
    assert Alert.objects.filter(assessment=assessment, addressed_to="psikolog").exists()


def test_the_full_form_maps_sections_to_atensi_services_professions_and_devices(staff, siti):
    answers = {**ALL_FINE, "3": 3, "8": 2, "13": 2, "19": 2, "20": 2}
    assessment = record(
        staff["case_manager"], siti, "atensi", answers, narrative={"economic": "No income since May"}
    )
    needs = {n.rule_id: n for n in Need.objects.filter(assessment=assessment)}
    assert set(needs) == {
        "atensi-mobility",
        "atensi-mobility-wheelchair",
        "atensi-substance",
        "atensi-economic",
        "atensi-vocational",
        "atensi-spiritual",
    }
    assert needs["atensi-substance"].professions == ["konselor_adiksi"]
    assert (needs["atensi-vocational"].component, needs["atensi-vocational"].subtype) == (
        "vokasional_kewirausahaan",
        "vokasional",
    )
    assert DeviceNeed.objects.get().device == "wheelchair"
    assert assessment.narrative == {"economic": "No income since May"}


def test_a_narrative_for_an_unknown_section_or_a_missing_aspect_is_refused(staff, siti):
    with pytest.raises(ValidationError) as caught:
        record(staff["case_manager"], siti, "atensi", {**ALL_FINE, "5": None}, narrative={"astrology": "x"})
    assert set(caught.value.message_dict) == {"answers.5", "narrative.astrology"}
    assert not Assessment.objects.exists()


def test_the_pages_show_sections_and_the_variant(client_for, staff, siti):
    client = client_for(staff["case_manager"])
    chooser = client.get(f"/beneficiaries/{siti.pk}/assessments/new/")
    assert b'data-testid="choose-atensi-rapid"' in chooser.content
    form = client.get(f"/beneficiaries/{siti.pk}/assessments/new/atensi/?param_form=initial")
    assert b'data-testid="section-risks"' in form.content
    assert b'data-testid="item-19"' not in form.content  # work skills: not in the initial variant
    posted = {f"item_{n}": "0" for n in selectors.definitions().get("atensi").form("initial").items}
    posted.update(param_form="initial", narrative_risks="Safe at home")
    response = client.post(f"/beneficiaries/{siti.pk}/assessments/new/atensi/", posted)
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert b'data-testid="variant"' in detail.content
    assert b"Safe at home" in detail.content
