"""Residential stays: rooms, admission within capacity, bed allocation, roll call, home leave, discharge."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.cases import rules
from sentra.cases.models import (
    Case,
    DischargeReason,
    HomeLeave,
    Presence,
    ResidentialStay,
    RollCall,
    RollCallEntry,
    Room,
    RoomSex,
    StayStatus,
    WaitingFor,
    WaitingListEntry,
    WaitingRemoval,
)
from sentra.cases.services._common import Errors, full_clean, is_centre_staff, is_head_of, require, today
from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.network.models import CentreCapacity, Sentra, Setting


def capacity_problem_message(problem: rules.CapacityProblem) -> str:
    messages = {
        rules.CapacityProblem.NO_RESIDENTIAL_PLACES: _(
            "The centre has no residential places in its capacity table."
        ),
        rules.CapacityProblem.CENTRE_FULL: _(
            "All residential places are taken: put the person on the waiting list."
        ),
        rules.CapacityProblem.ROOM_INACTIVE: _("This room is not in use."),
        rules.CapacityProblem.ROOM_FULL: _("Every bed in this room is taken."),
        rules.CapacityProblem.ROOM_SEX: _("This room is for the other sex."),
        rules.CapacityProblem.BED_TAKEN: _("This bed is taken."),
    }
    return str(messages[problem])


def residential_places(sentra_id: int) -> int:
    places = CentreCapacity.objects.filter(sentra_id=sentra_id, setting=Setting.RESIDENTIAL).values_list(
        "places", flat=True
    )
    return rules.residential_places(places)


def open_stays(sentra_id: int) -> int:
    return ResidentialStay.objects.filter(sentra_id=sentra_id).exclude(status=StayStatus.DISCHARGED).count()


def _room_errors(
    stay_sex: str, room: Room, bed: str, errors: Errors, exclude_stay: int | None = None
) -> None:
    others = ResidentialStay.objects.filter(room=room).exclude(status=StayStatus.DISCHARGED)
    if exclude_stay is not None:
        others = others.exclude(pk=exclude_stay)
    problems = rules.room_problems(
        room_active=room.is_active,
        room_beds=room.beds,
        room_occupied=others.count(),
        room_sex=room.sex,
        person_sex=stay_sex,
        bed=bed,
        beds_taken=others.exclude(bed="").values_list("bed", flat=True),
    )
    for problem in problems:
        errors.add(
            "bed" if problem == rules.CapacityProblem.BED_TAKEN else "room", capacity_problem_message(problem)
        )


@transaction.atomic
def room_save(
    *,
    actor: User,
    sentra: Sentra,
    name: str,
    beds: int,
    sex: str = RoomSex.MIXED,
    room: Room | None = None,
    is_active: bool = True,
) -> Room:
    """Create or change a room (centre head); a room never gets fewer beds than people in it."""
    require(is_head_of(actor, sentra.pk))
    errors = Errors()
    target = room or Room(sentra=sentra)
    if room is not None and room.sentra_id != sentra.pk:
        raise ValidationError({"__all__": [_("This room belongs to another centre.")]})
    before = audit.snapshot(target) if room is not None else None
    target.name = name.strip()
    target.beds = beds
    target.sex = sex
    target.is_active = is_active
    if room is not None:
        occupied = ResidentialStay.objects.filter(room=room).exclude(status=StayStatus.DISCHARGED).count()
        if beds < occupied:
            errors.add("beds", _("{count} people live in this room now.").format(count=occupied))
    if Room.objects.filter(sentra=sentra, name__iexact=target.name).exclude(pk=target.pk).exists():
        errors.add("name", _("The centre already has a room with this name."))
    full_clean(target, errors)
    errors.raise_if_any()
    target.save()
    if before is None:
        audit.record_create(actor=actor, instance=target, sentra_id=sentra.pk)
    else:
        audit.record_update(actor=actor, instance=target, before=before, sentra_id=sentra.pk)
    return target


@transaction.atomic
def stay_admit(
    *,
    actor: User,
    case: Case,
    admitted_on: datetime.date | None = None,
    room: Room | None = None,
    bed: str = "",
) -> ResidentialStay:
    """Admit the person of a residential case, within the centre's residential places."""
    require(is_centre_staff(actor, case.sentra_id))
    # Lock the centre row: two admissions at once cannot both take the last place.
    Sentra.objects.select_for_update().get(pk=case.sentra_id)
    errors = Errors()
    day = admitted_on or today()
    if case.closed_on is not None or case.terminated_on is not None:
        errors.add("__all__", _("The case is terminated or closed."))
    if case.setting != Setting.RESIDENTIAL:
        errors.add("__all__", _("Only a residential case is admitted; change the case's setting first."))
    if case.stays.exclude(status=StayStatus.DISCHARGED).exists():
        errors.add("__all__", _("The person is already in residence."))
    if day > today():
        errors.add("admitted_on", _("The date cannot be in the future."))
    for problem in rules.admission_problems(
        occupied=open_stays(case.sentra_id), places=residential_places(case.sentra_id)
    ):
        errors.add("__all__", capacity_problem_message(problem))
    if room is not None:
        if room.sentra_id != case.sentra_id:
            errors.add("room", _("Choose a room of this centre."))
        else:
            _room_errors(case.beneficiary.sex, room, bed, errors)
    errors.raise_if_any()
    stay = ResidentialStay.objects.create(
        case=case, sentra_id=case.sentra_id, admitted_on=day, room=room, bed=bed.strip(), admitted_by=actor
    )
    audit.record_create(actor=actor, instance=stay, sentra_id=case.sentra_id)
    for entry in WaitingListEntry.objects.filter(
        sentra_id=case.sentra_id,
        beneficiary_id=case.beneficiary_id,
        waiting_for=WaitingFor.PLACE,
        removed_on__isnull=True,
    ):
        entry_before = audit.snapshot(entry)
        entry.removed_on = day
        entry.removal_reason = WaitingRemoval.ADMITTED
        entry.save()
        audit.record_update(actor=actor, instance=entry, before=entry_before, sentra_id=case.sentra_id)
    return stay


def _require_open_stay(stay: ResidentialStay) -> None:
    if stay.status == StayStatus.DISCHARGED:
        raise ValidationError({"__all__": [_("This stay has ended.")]})


@transaction.atomic
def stay_allocate(*, actor: User, stay: ResidentialStay, room: Room | None, bed: str = "") -> ResidentialStay:
    require(is_centre_staff(actor, stay.sentra_id))
    _require_open_stay(stay)
    errors = Errors()
    if room is None:
        errors.add("room", _("Choose a room."))
    elif room.sentra_id != stay.sentra_id:
        errors.add("room", _("Choose a room of this centre."))
    else:
        Room.objects.select_for_update().get(pk=room.pk)
        _room_errors(stay.case.beneficiary.sex, room, bed, errors, exclude_stay=stay.pk)
    errors.raise_if_any()
    before = audit.snapshot(stay)
    stay.room = room
    stay.bed = bed.strip()
    stay.save()
    audit.record_update(actor=actor, instance=stay, before=before, sentra_id=stay.sentra_id)
    return stay


@transaction.atomic
def leave_start(
    *,
    actor: User,
    stay: ResidentialStay,
    starts_on: datetime.date | None,
    expected_return_on: datetime.date | None,
    destination: str,
    note: str = "",
) -> HomeLeave:
    require(is_centre_staff(actor, stay.sentra_id))
    errors = Errors()
    if stay.status != StayStatus.IN_RESIDENCE:
        errors.add("__all__", _("Only a resident who is in the centre can go on leave."))
    if starts_on is None:
        errors.add("starts_on", _("Give the date."))
    elif starts_on < stay.admitted_on:
        errors.add("starts_on", _("The leave starts before the admission."))
    if expected_return_on is None:
        errors.add("expected_return_on", _("Give the date."))
    elif starts_on is not None and expected_return_on < starts_on:
        errors.add("expected_return_on", _("The return is expected after the leave starts."))
    leave = HomeLeave(
        stay=stay,
        starts_on=starts_on or stay.admitted_on,
        expected_return_on=expected_return_on or stay.admitted_on,
        destination=destination.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    full_clean(leave, errors, exclude=["starts_on", "expected_return_on"])
    errors.raise_if_any()
    leave.save()
    before = audit.snapshot(stay)
    stay.status = StayStatus.ON_LEAVE
    stay.save()
    audit.record_create(actor=actor, instance=leave, sentra_id=stay.sentra_id)
    audit.record_update(actor=actor, instance=stay, before=before, sentra_id=stay.sentra_id)
    return leave


@transaction.atomic
def leave_return(
    *, actor: User, stay: ResidentialStay, returned_on: datetime.date | None = None
) -> HomeLeave:
    require(is_centre_staff(actor, stay.sentra_id))
    leave = stay.leaves.filter(returned_on__isnull=True).first()
    if stay.status != StayStatus.ON_LEAVE or leave is None:
        raise ValidationError({"__all__": [_("The resident is not on leave.")]})
    day = returned_on or today()
    if day < leave.starts_on or day > today():
        raise ValidationError({"returned_on": [_("The return date lies outside the leave.")]})
    leave_before = audit.snapshot(leave)
    leave.returned_on = day
    leave.save()
    before = audit.snapshot(stay)
    stay.status = StayStatus.IN_RESIDENCE
    stay.save()
    audit.record_update(actor=actor, instance=leave, before=leave_before, sentra_id=stay.sentra_id)
    audit.record_update(actor=actor, instance=stay, before=before, sentra_id=stay.sentra_id)
    return leave


@transaction.atomic
def stay_discharge(
    *,
    actor: User,
    stay: ResidentialStay,
    reason: str,
    discharged_on: datetime.date | None = None,
    note: str = "",
) -> ResidentialStay:
    require(is_centre_staff(actor, stay.sentra_id))
    _require_open_stay(stay)
    errors = Errors()
    day = discharged_on or today()
    if reason not in DischargeReason.values:
        errors.add("discharge_reason", _("Choose the reason for the discharge."))
    if day < stay.admitted_on or day > today():
        errors.add("discharged_on", _("The discharge date lies outside the stay."))
    errors.raise_if_any()
    for leave in stay.leaves.filter(returned_on__isnull=True):
        leave_before = audit.snapshot(leave)
        leave.returned_on = day
        leave.note = (leave.note + "\n" + str(_("Discharged while on leave."))).strip()
        leave.save()
        audit.record_update(actor=actor, instance=leave, before=leave_before, sentra_id=stay.sentra_id)
    before = audit.snapshot(stay)
    stay.status = StayStatus.DISCHARGED
    stay.discharged_on = day
    stay.discharge_reason = reason
    stay.discharge_note = note.strip()
    stay.save()
    audit.record_update(actor=actor, instance=stay, before=before, sentra_id=stay.sentra_id)
    return stay


@dataclass(frozen=True)
class RollCallMark:
    presence: str
    note: str = ""


@transaction.atomic
def roll_call_record(
    *, actor: User, sentra: Sentra, marks: Mapping[int, RollCallMark], day: datetime.date | None = None
) -> RollCall:
    """The day's roll call: one mark for every current resident (taking it again replaces the marks)."""
    require(is_centre_staff(actor, sentra.pk))
    day = day or today()
    errors = Errors()
    if day > today():
        errors.add("day", _("The roll call cannot be taken for a future day."))
    residents = {
        stay.pk: stay
        for stay in ResidentialStay.objects.filter(sentra=sentra, admitted_on__lte=day).exclude(
            status=StayStatus.DISCHARGED
        )
    }
    for stay_id in residents:
        mark = marks.get(stay_id)
        if mark is None:
            errors.add(f"stay_{stay_id}", _("Mark every resident."))
        elif mark.presence not in Presence.values:
            errors.add(f"stay_{stay_id}", _("Choose present, on leave, in hospital or absent."))
    for stay_id in marks:
        if stay_id not in residents:
            errors.add("__all__", _("Someone marked is not a current resident of this centre."))
            break
    errors.raise_if_any()
    roll_call, created = RollCall.objects.get_or_create(sentra=sentra, day=day, defaults={"taken_by": actor})
    previous = {entry.stay_id: entry.presence for entry in roll_call.entries.all()}
    roll_call.entries.all().delete()
    RollCallEntry.objects.bulk_create(
        RollCallEntry(
            roll_call=roll_call, stay_id=stay_id, presence=mark.presence, note=mark.note.strip()[:200]
        )
        for stay_id, mark in marks.items()
    )
    current = {stay_id: mark.presence for stay_id, mark in marks.items()}
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=roll_call,
        sentra_id=sentra.pk,
        changes={"entries": [previous or None, current]},
    )
    return roll_call
