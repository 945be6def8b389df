"""Demo rooms and beds, the waiting list and the pursue-documentation tasks."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from django.utils import timezone

from sentra.beneficiaries.demo import audit_created
from sentra.beneficiaries.models import Beneficiary
from sentra.cases.demo.staff import Staff
from sentra.cases.models import (
    ResidentialStay,
    Room,
    RoomSex,
    StayStatus,
    Task,
    TaskKind,
    Urgency,
    WaitingFor,
    WaitingListEntry,
)
from sentra.cases.services.documentation import DOCUMENTATION_TITLE, documentation_due, documentation_key
from sentra.network.models import Sentra, ServiceComponent

ROOMS_BY_KIND = {"sentra": 6, "uptd": 3, "lks": 2}


def rooms(centres: dict[str, Sentra]) -> int:
    existing = set(Room.objects.values_list("sentra_id", "name"))
    rooms: list[Room] = []
    for code in sorted(centres):
        centre = centres[code]
        if "residential" not in (centre.settings_offered or []):
            continue
        for index in range(ROOMS_BY_KIND.get(centre.kind, 2)):
            sex = RoomSex.MALE if index % 2 == 0 else RoomSex.FEMALE
            name = f"Wisma {chr(ord('A') + index)}"
            if (centre.pk, name) not in existing:
                rooms.append(Room(sentra=centre, name=name, beds=12, sex=sex))
    Room.objects.bulk_create(rooms)
    stored = (
        list(Room.objects.filter(sentra__in=[r.sentra for r in rooms], name__in={r.name for r in rooms}))
        if rooms
        else []
    )
    audit_created(stored, sentra_ids=[r.sentra_id for r in stored])
    return len(stored)


def rooms_by_centre() -> dict[int, list[tuple[Room, set[str]]]]:
    taken: dict[int, set[str]] = {}
    for room_id, bed in (
        ResidentialStay.objects.exclude(status=StayStatus.DISCHARGED)
        .exclude(bed="")
        .values_list("room_id", "bed")
    ):
        taken.setdefault(room_id, set()).add(bed)
    rooms: dict[int, list[tuple[Room, set[str]]]] = {}
    for room in Room.objects.filter(is_active=True).order_by("sentra_id", "name"):
        rooms.setdefault(room.sentra_id, []).append((room, taken.get(room.pk, set())))
    return rooms


def allocate(stay: ResidentialStay, rooms: dict[int, list[tuple[Room, set[str]]]]) -> None:
    sex = stay.case.beneficiary.sex
    for room, used in rooms.get(stay.sentra_id, []):
        if room.sex not in (sex, RoomSex.MIXED):
            continue
        for number in range(1, room.beds + 1):
            bed = str(number)
            if bed not in used:
                used.add(bed)
                stay.room = room
                stay.bed = bed
                return
    # No bed free: admitted without a bed yet (the occupancy page lists them to allocate).


def documentation_tasks(
    people: Iterable[Beneficiary], staff: dict[str, Staff], centres: dict[str, Sentra], today: datetime.date
) -> int:
    by_id = {c.pk: c for c in centres.values()}
    persons = [p for p in people if not p.nik_hash]
    keys = {documentation_key(p.pk): p for p in persons}
    existing = set(
        Task.objects.filter(rule_key__in=list(keys), case__isnull=True).values_list("rule_key", flat=True)
    )
    tasks: list[Task] = []
    for key, person in sorted(keys.items()):
        if key in existing:
            continue
        centre = by_id[person.registered_sentra_id]
        team = staff[centre.code]
        registered = timezone.localdate(person.created_at)
        due = documentation_due(registered)
        if due < today - datetime.timedelta(days=15):
            # Older registrations: the follow-up was rescheduled (waiting for Dukcapil), a few still late.
            due = today + datetime.timedelta(days=sum(map(ord, person.registration_number)) % 45 - 8)
        tasks.append(
            Task(
                sentra=centre,
                beneficiary=person,
                kind=TaskKind.DOCUMENTATION,
                rule_key=key,
                title=DOCUMENTATION_TITLE,
                details=person.no_nik_reason,
                due_on=due,
                assigned_to=team.intake or (team.managers[0] if team.managers else None),
            )
        )
    Task.objects.bulk_create(tasks, batch_size=500)
    audit_created(tasks, sentra_ids=[t.sentra_id for t in tasks])
    return len(tasks)


def waiting(
    people: Iterable[Beneficiary],
    with_case: set[int],
    staff: dict[str, Staff],
    centres: dict[str, Sentra],
    components: dict[int, ServiceComponent],
    today: datetime.date,
) -> int:
    by_id = {c.pk: c for c in centres.values()}
    open_entries = set(
        WaitingListEntry.objects.filter(removed_on__isnull=True).values_list("beneficiary_id", flat=True)
    )
    entries: list[WaitingListEntry] = []
    for person in sorted(people, key=lambda p: p.registration_number):
        if person.pk in with_case or person.pk in open_entries:
            continue
        centre = by_id[person.registered_sentra_id]
        team = staff[centre.code]
        if not team.managers:
            continue
        rng = random.Random(f"sentra-demo-wait:{person.registration_number}")  # noqa: S311 - demo data
        place = "residential" in (centre.settings_offered or []) and rng.random() < 0.5
        entries.append(
            WaitingListEntry(
                sentra=centre,
                beneficiary=person,
                waiting_for=WaitingFor.PLACE if place else WaitingFor.SERVICE,
                component=None if place else components[rng.choice((2, 4, 5))],
                urgency=rng.choice(
                    (Urgency.NORMAL, Urgency.NORMAL, Urgency.HIGH, Urgency.LOW, Urgency.EMERGENCY)
                ),
                added_on=today - datetime.timedelta(days=rng.randrange(1, 120)),
                note="Menunggu tempat/layanan tersedia.",
                added_by=team.managers[0],
            )
        )
    WaitingListEntry.objects.bulk_create(entries, batch_size=500)
    audit_created(entries, sentra_ids=[e.sentra_id for e in entries])
    return len(entries)
