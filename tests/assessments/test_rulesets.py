"""Needs rules edited by administrators: checked, versioned, audited; old needs keep their version."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.assessments import selectors, services
from sentra.assessments.models import Need, NeedsRuleset
from sentra.core.models import AuditEvent
from tests.assessments.factories import PHQ9_SEVERE, record

pytestmark = pytest.mark.django_db

PHQ9_TOTAL_12 = {"1": 2, "2": 2, "3": 2, "4": 2, "5": 1, "6": 1, "7": 1, "8": 1, "9": 0}


def shipped() -> dict:
    return json.loads(selectors.NEEDS_RULES_FILE.read_text())


def stricter() -> str:
    data = shipped()
    rule = next(r for r in data["rules"] if r["id"] == "psychosocial-distress")
    rule["when"]["any"][0]["min"] = 15
    return json.dumps(data)


def test_an_administrator_saves_a_new_version_that_new_assessments_use(staff, siti):
    before = record(staff["case_manager"], siti, "phq9", PHQ9_TOTAL_12)
    assert Need.objects.filter(
        assessment=before, rule_id="psychosocial-distress", ruleset_version="2"
    ).exists()
    row = services.ruleset_save(actor=staff["sysadmin"], text=stricter(), note="PHQ-9 threshold 15")
    assert (row.version, row.is_active) == (3, True)
    assert selectors.active_ruleset().version == "3"
    after = record(staff["case_manager"], siti, "phq9", PHQ9_TOTAL_12)
    assert after.ruleset_version == "3"
    assert not Need.objects.filter(assessment=after, rule_id="psychosocial-distress").exists()
    # the earlier recommendation keeps the version that made it
    assert Need.objects.get(assessment=before, rule_id="psychosocial-distress").ruleset_version == "2"
    assert AuditEvent.objects.filter(object_type="assessments.needsruleset", action="create").exists()


def test_broken_rules_are_refused_naming_the_rule(staff):
    data = shipped()
    data["rules"][0]["urgency"] = "asap"
    with pytest.raises(ValidationError) as caught:
        services.ruleset_save(actor=staff["sysadmin"], text=json.dumps(data), note="typo")
    assert "phq9-item9-urgent" in caught.value.message_dict["rules"][0]
    with pytest.raises(ValidationError) as caught:
        services.ruleset_save(actor=staff["sysadmin"], text="{not json", note="")
    assert set(caught.value.message_dict) == {"rules", "note"}
    assert not NeedsRuleset.objects.exists()


@pytest.mark.parametrize("role", ["case_manager", "centre_head", "national_analyst"])
def test_only_administrators_edit(staff, role):
    with pytest.raises(PermissionDenied):
        services.ruleset_save(actor=staff[role], text=stricter(), note="x")


def test_an_older_version_or_the_default_can_be_used_again(staff, siti):
    first = services.ruleset_save(actor=staff["sysadmin"], text=stricter(), note="stricter")
    second = services.ruleset_save(actor=staff["sysadmin"], text=json.dumps(shipped()), note="back")
    assert (first.version, second.version) == (3, 4)
    services.ruleset_activate(actor=staff["sysadmin"], ruleset=first)
    assert selectors.active_ruleset().version == "3"
    services.ruleset_use_default(actor=staff["sysadmin"])
    assert selectors.active_ruleset().version == "2"
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    assert assessment.ruleset_version == "2"


def test_the_rules_page(client_for, staff):
    client = client_for(staff["sysadmin"])
    assert client.get("/needs/rules/").status_code == 200
    response = client.post("/needs/rules/", {"rules": stricter(), "note": "stricter"})
    assert response.status_code == 302
    assert NeedsRuleset.objects.get().version == 3
    assert client_for(staff["case_manager"]).get("/needs/rules/").status_code == 200
    assert (
        client_for(staff["case_manager"]).post("/needs/rules/", {"rules": "{}", "note": "x"}).status_code
        == 403
    )
