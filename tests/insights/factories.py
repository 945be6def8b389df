"""A small, hand-computed world for the indicator tests (expected figures in ``EXPECTED``).

Centre A (Jawa Tengah, 33.74) holds five cases of two clusters over this month (M0) and last month
(M-1), with their transitions, plan, deliveries, referrals, waiting list, stay, tasks, complaints and a
published IKM. Centre B (DKI Jakarta) sends the referrals and holds one case of its own.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import (
    Case,
    CasePlan,
    Referral,
    ResidentialStay,
    Room,
    ServiceDelivery,
    StageTransition,
    Task,
    WaitingListEntry,
)
from sentra.core.models import Role, User
from sentra.insights.rules.periods import add_months, month_start
from sentra.network.models import Sentra, ServiceComponent
from sentra.quality.models import Complaint, ComplaintCategory, SurveyPeriod
from tests.beneficiaries.factories import consent, nik_for, person
from tests.factories import SentraFactory, UserFactory, region

_numbers = itertools.count(1)

# Names and NIKs of every fixture person: the privacy crawl looks for each of them.
PEOPLE = [
    ("Siti Aminah Lestari", datetime.date(1950, 3, 4), "F"),
    ("Bambang Wijaya Kusuma", datetime.date(1948, 7, 9), "M"),
    ("Rina Kartika Sari", datetime.date(2014, 1, 20), "F"),
    ("Sutrisno Hadi Prayitno", datetime.date(1945, 11, 2), "M"),
    ("Dewi Anggraini Putri", datetime.date(2012, 5, 30), "F"),
    ("Joko Susilo Pranoto", datetime.date(1980, 2, 14), "M"),
]


@dataclass
class World:
    a: Sentra
    b: Sentra
    head_a: User
    head_b: User
    cm_a: User
    intake_a: User
    analyst: User
    admin: User
    people: list[Beneficiary]
    niks: list[str]
    cases: dict[str, Case]
    m0: datetime.date
    m1: datetime.date


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _case(
    centre: Sentra,
    manager: User,
    who: Beneficiary,
    cluster: str,
    stage: str,
    opened: datetime.date,
    **extra: Any,
) -> Case:
    return Case.objects.create(
        case_number=f"K-{next(_numbers):05d}",
        beneficiary=who,
        sentra=centre,
        case_manager=manager,
        setting="residential",
        cluster=cluster,
        stage=stage,
        opened_on=opened,
        **extra,
    )


def build_world() -> World:
    today = timezone.localdate()
    m0 = month_start(today)
    m1 = add_months(m0, -1)
    a = SentraFactory(
        name="Sentra Alpha Lansia",
        code="sentra-alpha",
        region=region("33.74", "Kota Semarang"),
        city="Semarang",
        clusters=["lansia", "anak"],
        latitude="-6.990000",
        longitude="110.420000",
        walk_in_hours="Senin-Jumat 08.00-16.00 WIB",
        hotline="0800-123-456",
    )
    b = SentraFactory(name="Sentra Beta Napza", code="sentra-beta", clusters=["napza"])
    head_a = UserFactory(username="head_a", role=Role.CENTRE_HEAD, centres=[a])
    head_b = UserFactory(username="head_b", role=Role.CENTRE_HEAD, centres=[b])
    cm_a = UserFactory(username="cm_a", role=Role.CASE_MANAGER, centres=[a])
    intake_a = UserFactory(username="intake_a", role=Role.INTAKE, centres=[a])
    cm_b = UserFactory(username="cm_b", role=Role.CASE_MANAGER, centres=[b])
    analyst = UserFactory(username="analyst", role=Role.NATIONAL_ANALYST)
    admin = UserFactory(username="admin_x", role=Role.SYSADMIN)
    people = []
    niks = []
    for index, (name, born, sex) in enumerate(PEOPLE):
        nik = nik_for(born, sex, serial=100 + index)
        niks.append(nik)
        people.append(person(a if index < 5 else b, name, nik=nik, birth_date=born, sex=sex))
    c1 = _case(a, cm_a, people[0], "lansia", "asesmen", m0)
    c2 = _case(a, cm_a, people[1], "lansia", "intervensi", m0)
    c3 = _case(a, cm_a, people[2], "anak", "perencanaan", m0)
    c4 = _case(
        a, cm_a, people[3], "lansia", "terminasi", m1 + datetime.timedelta(days=4),
        terminated_on=m0 + datetime.timedelta(days=2), termination_reason="goals_achieved",
        closed_on=m0 + datetime.timedelta(days=2),
    )  # fmt: skip
    c5 = _case(
        a, cm_a, people[4], "anak", "terminasi", m1 + datetime.timedelta(days=9),
        terminated_on=m0 + datetime.timedelta(days=3), termination_reason="dropped_out",
        closed_on=m0 + datetime.timedelta(days=3),
    )  # fmt: skip
    c6 = _case(b, cm_b, people[5], "napza", "intervensi", m0)
    # Assessments done: c2 after 4 days, c3 after 6 days.
    StageTransition.objects.create(
        case=c2, from_stage="asesmen", to_stage="perencanaan", at=_aware(m0 + datetime.timedelta(days=4))
    )
    StageTransition.objects.create(
        case=c3, from_stage="asesmen", to_stage="perencanaan", at=_aware(m0 + datetime.timedelta(days=6))
    )
    # c2's plan approved after 10 days (a later version's approval does not count again).
    CasePlan.objects.create(
        case=c2,
        version=1,
        status="approved",
        created_by=cm_a,
        approved_at=_aware(m0 + datetime.timedelta(days=10)),
        approved_by=head_a,
    )
    care = ServiceComponent.objects.get(number=2)
    therapy = ServiceComponent.objects.get(number=4)
    for day, attendance in ((1, "attended"), (2, "attended"), (3, "attended"), (4, "absent")):
        ServiceDelivery.objects.create(
            case=c2,
            delivered_on=m0 + datetime.timedelta(days=day),
            provider=cm_a,
            component=care,
            attendance=attendance,
            recorded_by=cm_a,
            duration_minutes=60,
        )
    for day in (1, 2):
        ServiceDelivery.objects.create(
            case=c3,
            delivered_on=m0 + datetime.timedelta(days=day),
            provider=cm_a,
            component=therapy,
            attendance="partial",
            recorded_by=cm_a,
        )
    ServiceDelivery.objects.create(
        case=c2,
        delivered_on=m1 + datetime.timedelta(days=20),
        provider=cm_a,
        component=care,
        attendance="attended",
        recorded_by=cm_a,
    )
    # Referrals from B to A this month: one answered after 48 hours within its deadline, one open.
    sent = _aware(m0, 9)
    sharing = consent(people[5], purpose="referral")
    Referral.objects.create(
        case=c6,
        from_sentra=b,
        target_kind="sentra",
        to_sentra=a,
        reason="-",
        sent_at=sent,
        sent_by=cm_b,
        consent=sharing,
        response_due_on=m0 + datetime.timedelta(days=5),
        status="accepted",
        responded_at=sent + datetime.timedelta(hours=48),
        responded_by=head_a,
    )
    Referral.objects.create(
        case=c6,
        from_sentra=b,
        target_kind="sentra",
        to_sentra=a,
        reason="-",
        sent_at=sent,
        sent_by=cm_b,
        consent=sharing,
        response_due_on=m0 + datetime.timedelta(days=5),
    )
    WaitingListEntry.objects.create(
        sentra=a,
        beneficiary=people[0],
        case=c1,
        waiting_for="place",
        added_on=today - datetime.timedelta(days=10),
        added_by=intake_a,
    )
    WaitingListEntry.objects.create(
        sentra=a,
        beneficiary=people[2],
        case=c3,
        waiting_for="place",
        added_on=today - datetime.timedelta(days=4),
        added_by=intake_a,
    )
    room = Room.objects.create(sentra=a, name="Melati", beds=5)
    ResidentialStay.objects.create(case=c2, sentra=a, admitted_on=m0, room=room, admitted_by=cm_a)
    Task.objects.create(
        sentra=a, case=c1, title="t1", due_on=today - datetime.timedelta(days=1), assigned_to=cm_a
    )
    Task.objects.create(
        sentra=a, case=c1, title="t2", due_on=today + datetime.timedelta(days=1), assigned_to=cm_a
    )
    Task.objects.create(
        sentra=a,
        case=c1,
        title="t3",
        due_on=today - datetime.timedelta(days=2),
        assigned_to=cm_a,
        status="done",
    )
    category = ComplaintCategory.objects.first() or ComplaintCategory.objects.create(
        code="umum", name_id="Umum", name_en="General", response_days=3, resolution_days=14, reminder_days=1
    )
    received = _aware(m0, 8)
    Complaint.objects.create(
        sentra=a,
        channel="web",
        category=category,
        about="centre",
        description="x",
        received_at=received,
        respond_by=m0 + datetime.timedelta(days=3),
        resolve_by=m0 + datetime.timedelta(days=14),
        resolved_at=received + datetime.timedelta(days=2),
        status="resolved",
    )
    Complaint.objects.create(
        sentra=a,
        channel="web",
        category=category,
        about="centre",
        description="y",
        received_at=received,
        respond_by=m0 + datetime.timedelta(days=3),
        resolve_by=m0 + datetime.timedelta(days=14),
    )
    SurveyPeriod.objects.create(
        sentra=a,
        kind="semester",
        year=m1.year,
        half=1,
        starts_on=datetime.date(m1.year, 1, 1),
        ends_on=datetime.date(m1.year, 6, 30),
        population=100,
        population_source="entered",
        status="closed",
        published_at=timezone.now(),
        published_result={"ikm": "82.50", "grade": "B", "respondents": 120},
    )
    return World(
        a=a,
        b=b,
        head_a=head_a,
        head_b=head_b,
        cm_a=cm_a,
        intake_a=intake_a,
        analyst=analyst,
        admin=admin,
        people=people,
        niks=niks,
        cases={"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6},
        m0=m0,
        m1=m1,
    )


# Hand-computed from the records above.
EXPECTED = {
    "intake_m0": {"lansia": 2, "anak": 1},
    "intake_m1": {"lansia": 1, "anak": 1},
    "terminations_m0": {"lansia": {"goals_achieved": 1}, "anak": {"dropped_out": 1}},
    "services_m0": {"lansia": {"2": 3}, "anak": {"4": 2}},
    "services_m1": {"lansia": {"2": 1}},
    "assessed_m0": 2,
    "assessment_days_m0": 10,  # 4 + 6 -> mean 5.0
    "plans_m0": 1,
    "plan_days_m0": 10,
    "referrals_received": 2,
    "referrals_answered": 1,
    "referral_hours": 48,
    "referrals_on_time": 1,
    "stages": {"lansia": {"asesmen": 1, "intervensi": 1}, "anak": {"perencanaan": 1}},
    "waiting": 2,
    "waiting_days": 14,
    "waiting_longest": 10,
    "beds": 5,
    "occupied": 1,
    "open_tasks": 2,
    "overdue_tasks": 1,
    "complaints": (2, 1, 1),
    "ikm": ("82.50", "B"),
}
