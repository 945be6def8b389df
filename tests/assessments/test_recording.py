"""Recording an assessment against a person: scored, saved with its version, needs derived, audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sentra.assessments import selectors, services
from sentra.assessments.models import Assessment, DeviceNeed, Need, NeedStatus
from sentra.core.models import AccessLogEntry, AuditEvent
from tests.assessments.factories import PHQ9_ITEM9, PHQ9_MILD, WGSS_CANNOT_WALK, record

pytestmark = pytest.mark.django_db


def test_a_recorded_phq9_keeps_answers_result_version_assessor_and_centre(staff, siti, centre_a):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    assert assessment.valid
    assert (assessment.instrument, assessment.version, assessment.total, assessment.band) == (
        "phq9",
        "1",
        11,
        "moderate",
    )
    assert assessment.bands["severity"] == "moderate"
    assert assessment.flags == ["phq9_item9"]
    assert assessment.answers["9"] == 1
    assert (assessment.sentra_id, assessment.assessor_id) == (centre_a.pk, staff["case_manager"].pk)
    assert (assessment.ruleset, assessment.ruleset_version) == ("default", "2")


def test_its_needs_are_proposed_with_rule_urgency_professions_and_evidence(staff, siti):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    needs = {need.rule_id: need for need in Need.objects.filter(assessment=assessment)}
    assert set(needs) == {"phq9-item9-urgent", "psychosocial-distress"}
    urgent = needs["phq9-item9-urgent"]
    assert (urgent.status, urgent.urgency, urgent.component, urgent.subtype) == (
        NeedStatus.PROPOSED,
        "urgent",
        "terapi",
        "psikososial",
    )
    assert urgent.professions == ["psikolog", "pekerja_sosial"]
    assert urgent.evidence[0]["name"] == "phq9_item9"
    assert (urgent.ruleset, urgent.ruleset_version) == ("default", "2")


def test_wgss_cannot_walk_gives_a_wheelchair_need(staff, siti, centre_a):
    record(staff["professional"], siti, "wgss", WGSS_CANNOT_WALK)
    (device,) = DeviceNeed.objects.all()
    assert (device.device, device.beneficiary_id, device.sentra_id) == ("wheelchair", siti.pk, centre_a.pk)
    assert selectors.device_demand([centre_a.pk]) == {centre_a.pk: {"wheelchair": 1}}


def test_a_newer_assessment_supersedes_undecided_proposals_of_the_same_instrument(staff, siti):
    first = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD)
    assert set(Need.objects.filter(assessment=first).values_list("status", flat=True)) == {
        NeedStatus.SUPERSEDED
    }
    assert not Need.objects.current().exists()


def test_an_accepted_rule_is_not_proposed_again(staff, siti):
    first = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    need = Need.objects.get(assessment=first, rule_id="psychosocial-distress")
    services.need_accept(actor=staff["case_manager"], need=need)
    second = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    assert set(Need.objects.filter(assessment=second).values_list("rule_id", flat=True)) == {
        "phq9-item9-urgent"
    }


def test_bad_answers_name_the_item_and_save_nothing(staff, siti):
    with pytest.raises(ValidationError) as caught:
        record(staff["case_manager"], siti, "phq9", {**PHQ9_MILD, "3": 7, "12": 1})
    assert set(caught.value.message_dict) == {"answers.3", "answers.12"}
    assert not Assessment.objects.exists()
    assert not Need.objects.exists()


def test_an_unknown_instrument_or_a_future_date_is_refused(staff, siti):
    with pytest.raises(ValidationError) as caught:
        record(staff["case_manager"], siti, "sdq", {})
    assert set(caught.value.message_dict) == {"instrument"}
    with pytest.raises(ValidationError) as caught:
        record(staff["case_manager"], siti, assessed_at=timezone.now() + datetime.timedelta(days=2))
    assert set(caught.value.message_dict) == {"assessed_at"}


def test_an_incomplete_form_is_refused_unless_asked_for_and_then_still_raises_the_safety_flag(staff, siti):
    answers = {"1": 1, "9": 2}
    with pytest.raises(ValidationError) as caught:
        record(staff["case_manager"], siti, "phq9", answers)
    assert "answers.2" in caught.value.message_dict
    assessment = record(staff["case_manager"], siti, "phq9", answers, allow_incomplete=True)
    assert not assessment.valid
    assert assessment.total is None
    assert assessment.flags == ["phq9_item9"]
    assert Need.objects.filter(assessment=assessment, rule_id="phq9-item9-urgent").exists()


@pytest.mark.parametrize("who", ["intake", "hr", "case_manager_b", "national_analyst", "sysadmin"])
def test_who_may_not_record(staff, siti, who):
    with pytest.raises(PermissionDenied):
        record(staff[who], siti)


def test_the_write_is_audited_without_copying_the_answers(staff, siti):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    event = AuditEvent.objects.get(object_type="assessments.assessment", object_id=str(assessment.pk))
    assert event.action == "create"
    assert event.sentra_id == assessment.sentra_id
    assert event.changes["answers"] == [None, "[redacted]"]
    assert event.changes["instrument"] == [None, "phq9"]
    assert AuditEvent.objects.filter(object_type="assessments.need").count() == 2


def test_reading_one_assessment_is_access_logged(staff, siti):
    assessment = record(staff["case_manager"], siti)
    selectors.assessment_for_reading(staff["professional"], assessment.pk, purpose="review")
    entry = AccessLogEntry.objects.get(object_type="assessments.assessment")
    assert (entry.actor_id, entry.category, entry.object_id) == (
        staff["professional"].pk,
        "assessment",
        str(assessment.pk),
    )
