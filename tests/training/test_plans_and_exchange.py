"""Training plans from a centre's gap report and exchange proposals from the pairing optimiser.

The workforce gap report is replaced by a hand-made one, so the expected plan is known exactly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditEvent, User
from sentra.training import services
from sentra.training.models import ExchangeProposal, ExchangeStatus, PlanStatus, TrainingKind
from sentra.workforce import selectors as workforce_selectors
from sentra.workforce import services as workforce_services
from sentra.workforce.rules.gaps import CompetencyGap, GapReport
from tests.training.conftest import Net

ELDERLY = "elderly-daily-care"
PSYCHOSOCIAL = "elderly-psychosocial"  # practised by pekerja sosial, as the test staff are


def _report(centre_id: int, gaps: list[CompetencyGap]) -> GapReport:
    return GapReport(centre_id, 40, 3, [], gaps, [], [], [])


@pytest.fixture
def gaps(monkeypatch: pytest.MonkeyPatch, net: Net) -> dict[int, list[CompetencyGap]]:
    table: dict[int, list[CompetencyGap]] = {net.a.pk: [], net.b.pk: []}

    def reports(centre_ids: Iterable[int], *, today: object = None) -> dict[int, GapReport]:
        return {pk: _report(pk, table.get(pk, [])) for pk in centre_ids}

    monkeypatch.setattr(workforce_selectors, "gap_reports", reports)
    monkeypatch.setattr(workforce_selectors, "gap_report", lambda pk, *, today=None: reports([pk])[pk])
    return table


def test_plan_proposes_people_closest_to_the_level_and_is_approved(
    net: Net, gaps: dict[int, list[CompetencyGap]]
) -> None:
    course = services.course_create(
        actor=None,
        sentra=None,
        data=services.CourseInput(
            code="lansia-2", title="Lansia", kind=TrainingKind.COURSE, outcomes={PSYCHOSOCIAL: 2}
        ),
    )
    workforce_services.record_competency_evidence(
        actor=None,
        staff=net.bayu_staff,
        competency=PSYCHOSOCIAL,
        level=1,
        evidence_kind="training",
        source="t",
    )
    gaps[net.a.pk] = [
        CompetencyGap(PSYCHOSOCIAL, 2, beneficiaries_needing=30, staff_needed=1, staff_at_level=0)
    ]
    with pytest.raises(PermissionDenied):
        services.plan_propose(actor=net.ani, sentra=net.a, year=2027)
    plan = services.plan_propose(actor=net.hr_a, sentra=net.a, year=2027)
    items = list(plan.items.all())
    assert [(i.staff_id, i.course_id, i.current_level, i.target_level) for i in items] == [
        (net.bayu_staff.pk, course.pk, 1, 2)
    ]
    assert items[0].beneficiaries_needing == 30
    services.plan_approve(actor=net.head_a, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == net.head_a
    with pytest.raises(ValidationError):
        services.plan_propose(actor=net.hr_a, sentra=net.a, year=2027)


def test_plan_pages_are_for_managers_of_the_centre(
    net: Net, gaps: dict[int, list[CompetencyGap]], client_for: Callable[[User], Client]
) -> None:
    plan = services.plan_propose(actor=net.hr_a, sentra=net.a, year=2027)
    url = reverse("training:plan_detail", args=[plan.pk])
    assert client_for(net.hr_a).get(url).status_code == 200
    for user in (net.ani, net.hr_b, net.analyst):
        assert client_for(user).get(url).status_code == 404
    assert client_for(net.ani).get(reverse("training:plan_list")).status_code == 404


def test_exchange_pairs_the_weak_centre_with_the_strong_one(
    net: Net, gaps: dict[int, list[CompetencyGap]]
) -> None:
    for staff in (net.ani_staff, net.bayu_staff):
        workforce_services.record_competency_evidence(
            actor=None, staff=staff, competency=ELDERLY, level=4, evidence_kind="certification", source="c"
        )
    gaps[net.b.pk] = [CompetencyGap(ELDERLY, 2, beneficiaries_needing=20, staff_needed=2, staff_at_level=0)]
    with pytest.raises(PermissionDenied):
        services.exchange_propose(actor=net.hr_a)
    created = services.exchange_propose(actor=net.analyst)
    assert [(p.host_id, p.visitor_id, p.competency.code) for p in created] == [(net.a.pk, net.b.pk, ELDERLY)]
    proposal = created[0]
    # Strength is the mean of the top three levels: (4 + 4 + 0) / 3.
    assert proposal.host_strength == Decimal("2.67")
    assert services.exchange_propose(actor=net.analyst)[0].pk != proposal.pk  # open proposals are replaced
    assert ExchangeProposal.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="training.exchangeproposal", action="delete").exists()


def test_exchange_follow_up_by_either_centre(
    net: Net, gaps: dict[int, list[CompetencyGap]], client_for: Callable[[User], Client]
) -> None:
    for staff in (net.ani_staff, net.bayu_staff):
        workforce_services.record_competency_evidence(
            actor=None, staff=staff, competency=ELDERLY, level=4, evidence_kind="certification", source="c"
        )
    gaps[net.b.pk] = [CompetencyGap(ELDERLY, 2, beneficiaries_needing=20, staff_needed=2, staff_at_level=0)]
    proposal = services.exchange_propose(actor=None)[0]
    with pytest.raises(ValidationError) as caught:
        services.exchange_update(actor=net.hr_b, proposal=proposal, status=ExchangeStatus.DONE)
    assert "learnt" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.exchange_update(actor=net.ani, proposal=proposal, status=ExchangeStatus.DECLINED)
    services.exchange_update(
        actor=net.hr_b,
        proposal=proposal,
        status=ExchangeStatus.DONE,
        learnt="Senam lansia",
        follow_up="Jadwal",
    )
    proposal.refresh_from_db()
    assert proposal.status == ExchangeStatus.DONE
    url = reverse("training:exchange_detail", args=[proposal.pk])
    assert client_for(net.ani).get(url).status_code == 200  # centre facts, not personal
    from tests.factories import SentraFactory

    outsider = User.objects.create(username="outsider", role="hr")
    outsider.memberships.create(sentra=SentraFactory())
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(net.analyst).get("/api/v1/training/exchanges").json()["count"] == 1
