"""Closed-loop referrals (consent, shared summary, accept/decline, outcome) and transfers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sentra.cases import rules, services
from sentra.cases.models import Case, Referral, ReferralStatus, Stage, TaskStatus, TransferStatus
from sentra.network.models import ServiceComponent
from tests.cases.conftest import World, give_consent, make_person

pytestmark = pytest.mark.django_db


def send(world: World, case: Case, **extra) -> Referral:
    values = {
        "actor": world.cm_a,
        "case": case,
        "target_kind": "sentra",
        "to_sentra": world.b,
        "reason": "Needs residential psychosocial therapy",
        "components": [ServiceComponent.objects.get(code="terapi")],
        "urgency": "high",
    }
    values.update(extra)
    return services.referral_send(**values)


def test_no_referral_without_consent_to_share(world: World, case_factory) -> None:
    case = case_factory()
    give_consent(case.beneficiary, purpose="services")
    with pytest.raises(ValidationError) as excinfo:
        send(world, case)
    assert "consent" in excinfo.value.message_dict
    give_consent(case.beneficiary, withdrawn_on=timezone.localdate())
    with pytest.raises(ValidationError):
        send(world, case)
    assert not Referral.objects.exists()


def test_a_child_needs_a_parents_or_guardians_consent(world: World) -> None:
    child = make_person(
        world.a, "Adi", birth_date=timezone.localdate() - datetime.timedelta(days=365 * 10), clusters=["anak"]
    )
    case = services.case_open(
        actor=world.cm_a,
        beneficiary=child,
        sentra=world.a,
        case_manager=world.cm_a,
        setting="family",
        cluster="anak",
    )
    give_consent(child)  # the child's own consent does not count
    with pytest.raises(ValidationError) as excinfo:
        send(world, case)
    assert "child" in excinfo.value.message_dict["consent"][0]
    give_consent(child, given_by="parent", giver_name="Ibu Adi")
    assert send(world, case).status == ReferralStatus.SENT


def test_referral_from_any_stage_shares_only_the_summary_and_the_receiver_accepts(
    world: World, case_factory
) -> None:
    case = case_factory(Stage.ASESMEN)
    give_consent(case.beneficiary)
    referral = send(world, case)
    assert set(referral.shared_summary) == set(rules.SHARED_SUMMARY_FIELDS)
    assert referral.shared_summary["full_name"] == "Siti Aminah"
    assert referral.shared_summary["services_requested"] == ["terapi"]
    assert "nik" not in referral.shared_summary
    assert "birth_date" not in referral.shared_summary
    assert referral.response_due_on == timezone.localdate() + datetime.timedelta(days=14)
    with pytest.raises(ValidationError):
        send(world, case)  # one pending referral per receiver
    for outsider in (world.cm_a, world.head_a, world.prof_b):
        with pytest.raises(PermissionDenied):
            services.referral_accept(actor=outsider, referral=referral)
    services.referral_accept(
        actor=world.head_b,
        referral=referral,
        note="Place ready",
        open_case=True,
        case_manager=world.cm_b,
        setting="residential",
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.responded_by == world.head_b
    opened = Case.objects.get(sentra=world.b)
    assert (opened.beneficiary, opened.referral_source, opened.case_manager) == (
        case.beneficiary,
        referral,
        world.cm_b,
    )
    with pytest.raises(ValidationError):
        services.referral_decline(actor=world.head_b, referral=referral, reason="no_capacity")
    # The sender may now terminate the case as referred.
    services.case_transition(
        actor=world.cm_a, case=case, to_stage=Stage.TERMINASI, termination_reason="referred"
    )


def test_decline_needs_a_reason_and_the_sender_sees_it(world: World, case_factory) -> None:
    case = case_factory()
    give_consent(case.beneficiary)
    referral = send(world, case)
    with pytest.raises(ValidationError) as excinfo:
        services.referral_decline(actor=world.cm_b, referral=referral, reason="other")
    assert set(excinfo.value.message_dict) == {"note"}
    with pytest.raises(ValidationError):
        services.referral_decline(actor=world.cm_b, referral=referral, reason="")
    services.referral_decline(
        actor=world.cm_b, referral=referral, reason="no_capacity", note="Full until March"
    )
    seen = Referral.objects.visible_to(world.cm_a).get(pk=referral.pk)
    assert (seen.status, seen.decline_reason, seen.response_note) == (
        "declined",
        "no_capacity",
        "Full until March",
    )


def test_referral_targets_are_checked(world: World, case_factory) -> None:
    case = case_factory()
    give_consent(case.beneficiary)
    with pytest.raises(ValidationError) as excinfo:
        send(world, case, to_sentra=world.a)
    assert "to_sentra" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        send(world, case, target_kind="lks", to_sentra=world.b)
    assert "to_sentra" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        send(
            world,
            case,
            target_kind="outside",
            to_sentra=None,
            outside_kind="",
            outside_name="",
            reason="",
            urgency="x",
        )
    assert set(excinfo.value.message_dict) == {"outside_kind", "outside_name", "reason", "urgency"}
    to_lks = send(world, case, target_kind="lks", to_sentra=world.lks)
    assert to_lks.to_sentra == world.lks


def test_outside_services_answer_through_the_sender(world: World, case_factory) -> None:
    case = case_factory()
    give_consent(case.beneficiary)
    referral = send(
        world, case, target_kind="outside", to_sentra=None, outside_kind="hospital", outside_name="RSJ Grogol"
    )
    assert referral.target_display == "RSJ Grogol"
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=world.head_b, referral=referral)
    services.referral_record_outcome(
        actor=world.cm_a, referral=referral, accepted=True, note="Admitted to ward 3"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_overdue_referrals_are_flagged(world: World, case_factory) -> None:
    case = case_factory()
    give_consent(case.beneficiary)
    referral = send(world, case)
    assert not referral.is_overdue
    Referral.objects.filter(pk=referral.pk).update(
        response_due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    referral.refresh_from_db()
    assert referral.is_overdue


def test_transfer_moves_the_case_and_access_with_history(world: World, case_factory) -> None:
    case = case_factory(Stage.INTERVENSI)
    services.team_add(actor=world.cm_a, case=case, user=world.prof_a, team_role="therapist")
    services.note_add(actor=world.cm_a, case=case, text="Before the transfer")
    with pytest.raises(ValidationError) as excinfo:
        services.transfer_request(actor=world.cm_a, case=case, to_sentra=world.b, reason="Family moved to B")
    assert "consent" in excinfo.value.message_dict
    give_consent(case.beneficiary)
    transfer = services.transfer_request(
        actor=world.cm_a, case=case, to_sentra=world.b, reason="Family moved to B"
    )
    with pytest.raises(PermissionDenied):
        services.transfer_accept(actor=world.cm_b, transfer=transfer, case_manager=world.cm_b)
    with pytest.raises(ValidationError) as excinfo:
        services.transfer_accept(actor=world.head_b, transfer=transfer, case_manager=world.cm_a)
    assert "case_manager" in excinfo.value.message_dict
    assert Case.objects.visible_to(world.cm_b).filter(pk=case.pk).count() == 0
    services.transfer_accept(actor=world.head_b, transfer=transfer, case_manager=world.cm_b)
    case.refresh_from_db()
    assert (case.sentra, case.case_manager) == (world.b, world.cm_b)
    assert Case.objects.visible_to(world.cm_b).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(world.cm_a).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(world.prof_a).filter(pk=case.pk).exists()
    assert case.notes.filter(text="Before the transfer").exists()
    assert case.transitions.count() == 4
    assert set(case.tasks.filter(status=TaskStatus.OPEN).values_list("sentra_id", "assigned_to_id")) == {
        (world.b.pk, world.cm_b.pk)
    }
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert transfer.previous_case_manager == world.cm_a


def test_transfer_decline_and_guards(world: World, case_factory) -> None:
    case = case_factory()
    give_consent(case.beneficiary)
    with pytest.raises(ValidationError) as excinfo:
        services.transfer_request(actor=world.cm_a, case=case, to_sentra=world.lks, reason="")
    assert set(excinfo.value.message_dict) == {"to_sentra", "reason"}
    transfer = services.transfer_request(
        actor=world.cm_a, case=case, to_sentra=world.b, reason="Closer to family"
    )
    with pytest.raises(ValidationError):
        services.transfer_request(actor=world.cm_a, case=case, to_sentra=world.b, reason="again")
    with pytest.raises(ValidationError):
        services.transfer_decline(actor=world.head_b, transfer=transfer, note="")
    services.transfer_decline(actor=world.head_b, transfer=transfer, note="No social worker free")
    case.refresh_from_db()
    assert case.sentra == world.a


def test_a_restriction_of_processing_in_force_stops_referrals_and_transfers(
    world: World, case_factory
) -> None:
    """UU PDP Pasal 41: while the person's restriction is in force nothing is sent to another centre."""
    from sentra.beneficiaries.services.subject_requests import (
        SubjectRequestInput,
        subject_request_answer,
        subject_request_record,
    )

    case = case_factory(stage=Stage.INTERVENSI)
    give_consent(case.beneficiary)
    restriction = subject_request_record(
        actor=world.head_a,
        beneficiary=case.beneficiary,
        data=SubjectRequestInput(kind="restriction", requested_by="self", details="No sharing outside"),
    )
    subject_request_answer(actor=world.head_a, request=restriction, status="completed")
    with pytest.raises(ValidationError) as excinfo:
        send(world, case)
    assert "restricted" in excinfo.value.message_dict["consent"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.transfer_request(actor=world.cm_a, case=case, to_sentra=world.b, reason="Moves to Bekasi")
    assert "consent" in excinfo.value.message_dict
    assert not Referral.objects.exists()
    subject_request_answer(actor=world.head_a, request=restriction, status="lifted", outcome="Person agreed")
    assert send(world, case).status == ReferralStatus.SENT
