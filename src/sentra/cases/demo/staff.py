"""Demo staff: the colleagues the demo cases belong to, and the case-number counters."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sentra.beneficiaries.demo import audit_created
from sentra.cases import rules
from sentra.cases.models import (
    CaseNumberCounter,
)
from sentra.core.models import Role, User
from sentra.network.models import Membership, Sentra

STAFF_NAMES = (
    ("Dedi", "Kurniawan"),
    ("Wulan", "Sari"),
    ("Hendra", "Gunawan"),
    ("Ratna", "Dewi"),
    ("Yohanes", "Lumowa"),
    ("Fitri", "Handayani"),
    ("Rizal", "Siregar"),
    ("Nyoman", "Suardana"),
)


@dataclass
class Staff:
    managers: list[User]
    head: User | None
    professional: User | None
    intake: User | None = None


def staff_user(code: str, role: str, index: int, profession: str = "") -> User:
    first, last = STAFF_NAMES[(sum(map(ord, code)) + index) % len(STAFF_NAMES)]
    suffix = {"case_manager": f"peksos{index}", "centre_head": "kepala", "professional": "psikolog"}[role]
    user = User(
        username=f"demo.{suffix}.{code}"[:150],
        role=role,
        profession=profession,
        first_name=first,
        last_name=last,
        email="",
        password=make_password(None),  # a colleague on record, not a sign-in account
    )
    return user


def staff_records(centres: dict[str, Sentra]) -> tuple[dict[str, Staff], int]:
    members: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(sentra__in=centres.values()).select_related("user"):
        if membership.user.is_active:
            members.setdefault(membership.sentra_id, []).append(membership.user)
    new_users: list[tuple[User, Sentra]] = []
    for code in sorted(centres):
        centre = centres[code]
        people = members.get(centre.pk, [])
        managers = [u for u in people if u.role == Role.CASE_MANAGER]
        wanted = 4 if code == "pangudi-luhur-bekasi" else 2
        for index in range(len(managers) + 1, wanted + 1):
            new_users.append((staff_user(code, Role.CASE_MANAGER, index), centre))
        if not any(u.role == Role.CENTRE_HEAD for u in people):
            new_users.append((staff_user(code, Role.CENTRE_HEAD, 0), centre))
        if not any(u.role == Role.PROFESSIONAL for u in people):
            new_users.append((staff_user(code, Role.PROFESSIONAL, 0, "psikolog"), centre))
    if new_users:
        taken = set(
            User.objects.filter(username__in=[u.username for u, _c in new_users]).values_list(
                "username", flat=True
            )
        )
        new_users = [(u, c) for u, c in new_users if u.username not in taken]
        User.objects.bulk_create([u for u, _c in new_users])
        saved = {u.username: u for u in User.objects.filter(username__in=[u.username for u, _c in new_users])}
        Membership.objects.bulk_create([Membership(user=saved[u.username], sentra=c) for u, c in new_users])
        stored = [saved[u.username] for u, _c in new_users]
        audit_created(stored, sentra_ids=[c.pk for _u, c in new_users])
        for user, centre in new_users:
            members.setdefault(centre.pk, []).append(saved[user.username])
    staff: dict[str, Staff] = {}
    for code, centre in centres.items():
        people = sorted(members.get(centre.pk, []), key=lambda u: u.username)
        # The demo sign-in accounts first: they carry the biggest caseload.
        managers = sorted(
            (u for u in people if u.role == Role.CASE_MANAGER),
            key=lambda u: (u.username.startswith("demo."), u.username),
        )
        staff[code] = Staff(
            managers=managers,
            head=next((u for u in people if u.role == Role.CENTRE_HEAD), None),
            professional=next((u for u in people if u.role == Role.PROFESSIONAL), None),
            intake=next((u for u in people if u.role == Role.INTAKE), None),
        )
    return staff, len(new_users)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class Numbers:
    """Case numbers as ``case_open`` gives them: the centre's yearly counter, bumped once per case."""

    def __init__(self) -> None:
        self.last = {(c.sentra_id, c.year): c.last for c in CaseNumberCounter.objects.all()}
        self.touched: set[tuple[int, int]] = set()

    def next(self, sentra_id: int, year: int) -> str:
        key = (sentra_id, year)
        self.last[key] = self.last.get(key, 0) + 1
        self.touched.add(key)
        return rules.case_number(centre_id=sentra_id, year=year, sequence=self.last[key])

    def save(self) -> None:
        existing = {(c.sentra_id, c.year): c for c in CaseNumberCounter.objects.all()}
        for key in sorted(self.touched):
            row = existing.get(key)
            if row is None:
                CaseNumberCounter.objects.create(sentra_id=key[0], year=key[1], last=self.last[key])
            else:
                CaseNumberCounter.objects.filter(pk=row.pk).update(last=self.last[key])


def manager_for(rng: random.Random, staff: Staff) -> User:
    # The first manager (the demo account where there is one) carries about half the centre's cases.
    if len(staff.managers) > 1 and rng.random() < 0.3:
        return staff.managers[0]
    return rng.choice(staff.managers)
