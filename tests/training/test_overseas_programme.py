"""Overseas study through the services: call, applications, ranking under quotas, decision, return."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import AuditEvent
from sentra.training import services
from sentra.training.models import (
    ApplicationStatus,
    Obligation,
    ObligationReminder,
    OverseasProgramme,
    ProgrammeStatus,
)
from tests.training.conftest import Net, programme_input


def test_only_hr_or_head_of_the_organising_centre_creates(net: Net) -> None:
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=net.ani, sentra=net.a, data=programme_input(net))
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=net.hr_b, sentra=net.a, data=programme_input(net))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"places": 0}, "places"),
        (
            {"weights": {"relevance": 50, "competency": 25, "performance": 20, "tenure": 10, "language": 15}},
            "weights",
        ),
        ({"quotas": ({"attribute": "religion", "maximum": 1},)}, "quotas"),
        ({"quotas": ({"attribute": "centre", "minimum": 3, "maximum": 1},)}, "quotas"),
        ({"competency": "no-such"}, "competency"),
        ({"centre_ids": ()}, "centres"),
    ],
)
def test_bad_call_names_the_field_and_saves_nothing(net: Net, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.programme_create(actor=net.hr_a, sentra=net.a, data=programme_input(net, **changes))
    assert field in caught.value.message_dict
    assert not OverseasProgramme.objects.exists()


def test_apply_rules(net: Net, open_programme: OverseasProgramme) -> None:
    services.application_submit(actor=net.ani, programme=open_programme, language_level=2)
    with pytest.raises(ValidationError):  # twice
        services.application_submit(actor=net.ani, programme=open_programme, language_level=2)
    with pytest.raises(ValidationError) as caught:
        services.application_submit(
            actor=net.bayu,
            programme=open_programme,
            today=open_programme.closes_on + datetime.timedelta(days=1),
        )
    assert "programme" in caught.value.message_dict
    with pytest.raises(ValidationError):  # no staff record
        services.application_submit(actor=net.hr_a, programme=open_programme)
    from tests.workforce.factories import make_staff

    make_staff(net.a, user=net.head_a)
    with pytest.raises(ValidationError) as caught:  # the committee does not apply to its own programme
        services.application_submit(actor=net.head_a, programme=open_programme)
    assert "staff" in caught.value.message_dict


def test_ranking_decision_return_and_reminders(net: Net, open_programme: OverseasProgramme) -> None:
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=3)
    bayu = services.application_submit(actor=net.bayu, programme=open_programme, language_level=1)
    citra = services.application_submit(actor=net.citra, programme=open_programme, language_level=3)

    programme = services.programme_rank(actor=net.hr_a, programme=open_programme)
    ani.refresh_from_db()
    bayu.refresh_from_db()
    citra.refresh_from_db()
    assert programme.status == ProgrammeStatus.RANKED
    assert programme.run_status == "optimal"
    # Citra has one year of service (two required): ineligible, with the numbers.
    assert citra.status == ApplicationStatus.INELIGIBLE
    assert citra.ineligibility == [{"code": "tenure", "required": "2", "actual": "1.0"}]
    # One place: Ani (longer tenure, better language) is proposed; Bayu is out on places.
    assert (ani.status, ani.rank, ani.explanation) == (ApplicationStatus.PROPOSED, 1, "merit")
    assert (bayu.status, bayu.rank) == (ApplicationStatus.RESERVE, 2)
    assert [c["name"] for c in ani.components] == [
        "relevance",
        "competency",
        "performance",
        "tenure",
        "language",
    ]
    assert float(ani.score) == pytest.approx(sum(c["points"] for c in ani.components), abs=0.01)
    assert float(programme.run_bound) >= float(programme.run_objective)

    with pytest.raises(PermissionDenied):
        services.programme_decide(actor=net.hr_b, programme=programme)
    services.programme_decide(actor=net.head_a, programme=programme)
    ani.refresh_from_db()
    bayu.refresh_from_db()
    assert ani.status == ApplicationStatus.SELECTED
    assert ani.decided_by == net.head_a
    assert bayu.status == ApplicationStatus.NOT_SELECTED
    assert AuditEvent.objects.filter(object_type="training.application", object_id=str(ani.pk)).count() >= 3

    with pytest.raises(ValidationError):  # not back yet
        services.programme_mark_returned(actor=net.hr_a, programme=programme)
    back = programme.returns_on + datetime.timedelta(days=1)
    services.programme_mark_returned(actor=net.hr_a, programme=programme, today=back)
    obligations = Obligation.objects.filter(application=ani)
    assert sorted(obligations.values_list("kind", flat=True)) == ["knowledge", "report", "sessions"]
    reminders = ObligationReminder.objects.filter(obligation__application=ani)
    # The report falls due 30 days after return: reminded at once, to Ani and to HR of centre A.
    assert set(reminders.values_list("stage", "recipient__username")) == {("due30", "ani"), ("due30", "hr_a")}
    assert services.send_obligation_reminders(today=back) == 0  # idempotent
    overdue = back + datetime.timedelta(days=200)
    assert services.send_obligation_reminders(today=overdue) == 6  # three obligations x two people
    assert services.send_obligation_reminders(today=overdue) == 0


def test_pending_obligations_make_the_next_application_ineligible(
    net: Net, open_programme: OverseasProgramme
) -> None:
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=3)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    services.programme_decide(actor=net.hr_a, programme=open_programme)
    services.programme_mark_returned(
        actor=net.hr_a, programme=open_programme, today=open_programme.returns_on
    )
    second = services.programme_create(actor=net.hr_a, sentra=net.a, data=programme_input(net, title="Kedua"))
    services.programme_open(actor=net.hr_a, programme=second)
    again = services.application_submit(actor=net.ani, programme=second, language_level=3)
    services.programme_rank(actor=net.hr_a, programme=second)
    again.refresh_from_db()
    assert again.status == ApplicationStatus.INELIGIBLE
    assert again.ineligibility == [{"code": "obligations", "required": "0", "actual": "3"}]
    # Recording the obligations done clears the way.
    for obligation in Obligation.objects.filter(application=ani):
        services.obligation_record(
            actor=net.ani,
            obligation=obligation,
            delivered=obligation.target,
            evidence="laporan.pdf",
            done_on=open_programme.returns_on,
        )
    services.programme_rank(actor=net.hr_a, programme=second)
    again.refresh_from_db()
    assert again.status == ApplicationStatus.PROPOSED


def test_obligation_rules(net: Net, open_programme: OverseasProgramme) -> None:
    ani = services.application_submit(actor=net.ani, programme=open_programme, language_level=3)
    services.programme_rank(actor=net.hr_a, programme=open_programme)
    services.programme_decide(actor=net.hr_a, programme=open_programme)
    services.programme_mark_returned(
        actor=net.hr_a, programme=open_programme, today=open_programme.returns_on
    )
    sessions = Obligation.objects.get(application=ani, kind="sessions")
    with pytest.raises(ValidationError) as caught:
        services.obligation_record(
            actor=net.ani, obligation=sessions, delivered=1, evidence="x", done_on=open_programme.returns_on
        )
    assert "done_on" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.obligation_record(
            actor=net.bayu, obligation=sessions, delivered=1, evidence="", done_on=None
        )
    services.obligation_record(actor=net.hr_a, obligation=sessions, delivered=1, evidence="", done_on=None)
    sessions.refresh_from_db()
    assert sessions.delivered == 1


def test_quota_minimum_that_cannot_be_met_blocks_the_decision(net: Net) -> None:
    programme = services.programme_create(
        actor=net.hr_a,
        sentra=net.a,
        data=programme_input(
            net, quotas=({"attribute": "gender", "value": "M", "minimum": 2, "maximum": None},)
        ),
    )
    services.programme_open(actor=net.hr_a, programme=programme)
    services.application_submit(actor=net.bayu, programme=programme, language_level=2)
    programme = services.programme_rank(actor=net.hr_a, programme=programme)
    assert programme.run_status == "infeasible"
    assert programme.run_problems
    with pytest.raises(ValidationError):
        services.programme_decide(actor=net.hr_a, programme=programme)
