"""A demo case's history, written in bulk: stages, plans, services, notes, tasks, referrals, stays."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.demo import audit_created
from sentra.beneficiaries.models import Consent
from sentra.cases import rules
from sentra.cases.demo.places import allocate, rooms_by_centre
from sentra.cases.demo.staff import Numbers, Staff, at, manager_for
from sentra.cases.models import (
    Attendance,
    CareTeamMember,
    Case,
    CasePlan,
    DeclineReason,
    DischargeReason,
    Frequency,
    NoteKind,
    OutsideService,
    PlanGoal,
    PlannedService,
    PlanStatus,
    ProgressNote,
    Referral,
    ReferralStatus,
    ReferralTarget,
    ResidentialStay,
    ServiceDelivery,
    Stage,
    StageTransition,
    StayStatus,
    Task,
    TaskKind,
    TaskStatus,
    TeamRole,
    TerminationReason,
    Urgency,
)
from sentra.cases.services.tasks import _TITLES, _detail, derived_task
from sentra.network.models import Sentra, ServiceComponent, ServiceSubtype

ACTOR_LABEL = "demo"
# Where a case has got to, with weights: most cases are in intervention or monitoring.
STAGE_WEIGHTS = (
    (Stage.PENDEKATAN_AWAL, 9),
    (Stage.ASESMEN, 12),
    (Stage.PERENCANAAN, 9),
    (Stage.INTERVENSI, 27),
    (Stage.MONITORING_EVALUASI, 15),
    (Stage.TERMINASI, 8),
    (Stage.BIMBINGAN_LANJUT, 10),
    ("closed", 10),
)
LINEAR = list(rules.STAGES)
GOALS = (
    ("Mampu merawat diri secara mandiri", "Mandi, berpakaian dan makan tanpa bantuan 5 dari 7 hari"),
    ("Keluarga siap menerima kembali", "Kunjungan rumah menunjukkan kesiapan keluarga"),
    ("Mengikuti pelatihan vokasional", "Hadir minimal 80% sesi pelatihan"),
    ("Kondisi psikososial stabil", "Tidak ada kekambuhan selama 3 bulan"),
    ("Kembali bersekolah", "Terdaftar dan hadir di sekolah"),
)
PROBLEMS = {
    "anak": "Anak terlantar, tidak bersekolah; orang tua bekerja di luar kota.",
    "lansia": "Lansia tinggal sendiri tanpa pengasuh; kebutuhan dasar tidak terpenuhi.",
    "disabilitas": "Membutuhkan terapi dan alat bantu; keluarga kesulitan mendampingi.",
    "napza": "Penyalahgunaan NAPZA; keluarga meminta rehabilitasi.",
    "tuna_sosial": "Ditemukan hidup di jalan tanpa tempat tinggal tetap.",
    "bencana": "Kehilangan rumah akibat banjir; trauma pascabencana.",
    "ppks_lainnya": "Keluarga miskin ekstrem dengan masalah sosial berlapis.",
}


def weighted_stage(rng: random.Random) -> str:
    total = sum(weight for _stage, weight in STAGE_WEIGHTS)
    pick = rng.randrange(total)
    for stage, weight in STAGE_WEIGHTS:
        if pick < weight:
            return stage
        pick -= weight
    return Stage.INTERVENSI


class CaseWriter:
    """Everything after the case row, collected per table and written in bulk."""

    def __init__(
        self,
        today: datetime.date,
        staff: dict[str, Staff],
        components: dict[int, ServiceComponent],
        subtypes: dict[int, list[ServiceSubtype]],
    ) -> None:
        self.today = today
        self.staff = staff
        self.components = components
        self.subtypes = subtypes
        self.transitions: list[StageTransition] = []
        self.notes: list[ProgressNote] = []
        self.note_for_transition: list[tuple[StageTransition, ProgressNote]] = []
        self.plans: list[CasePlan] = []
        self.goals: list[tuple[CasePlan, PlanGoal]] = []
        self.services: list[tuple[CasePlan, PlannedService]] = []
        self.deliveries: list[ServiceDelivery] = []
        self.tasks: list[Task] = []
        self.team: list[CareTeamMember] = []
        self.referrals: list[tuple[Referral, list[ServiceComponent]]] = []
        self.stays: list[ResidentialStay] = []
        self.case_updates: list[Case] = []
        self.new_cases: list[Case] = []

    def _staff_of(self, case: Case) -> Staff:
        return self.staff[case.sentra.code]

    def build(self, case: Case, rng: random.Random, target: str) -> None:
        staff = self._staff_of(case)
        manager = case.case_manager
        path = (
            LINEAR[: LINEAR.index(Stage.TERMINASI) + 1]
            if target == "closed"
            else LINEAR[: LINEAR.index(target) + 1]
        )
        if target in ("closed", Stage.BIMBINGAN_LANJUT):
            path = LINEAR[:]
        span = max(1, (self.today - case.opened_on).days)
        days = sorted(rng.sample(range(1, span + 1), k=min(span, len(path) - 1))) if len(path) > 1 else []
        day_of = [case.opened_on, *[case.opened_on + datetime.timedelta(days=d) for d in days]]
        while len(day_of) < len(path):
            day_of.append(self.today)
        self.transitions.append(
            StageTransition(
                case=case,
                from_stage="",
                to_stage=Stage.PENDEKATAN_AWAL,
                at=at(case.opened_on, 9),
                by=manager,
                reason="Kasus dibuka",
            )
        )
        assessed = False
        for step, stage in enumerate(path[1:], start=1):
            moved = StageTransition(
                case=case,
                from_stage=path[step - 1],
                to_stage=stage,
                at=at(day_of[step], 10 + step % 6),
                by=manager,
            )
            if path[step - 1] == Stage.ASESMEN:
                note = ProgressNote(
                    case=case,
                    kind=NoteKind.ASSESSMENT_SUMMARY,
                    written_on=day_of[step],
                    text=(
                        "Asesmen komprehensif selesai: kebutuhan utama dukungan keluarga "
                        "dan terapi psikososial."
                    ),
                    written_by=manager,
                )
                self.notes.append(note)
                self.note_for_transition.append((moved, note))
                assessed = True
            elif stage == Stage.TERMINASI:
                moved.reason = "Tujuan rencana intervensi tercapai"
            self.transitions.append(moved)
        case.stage = path[-1]
        plan_day = day_of[path.index(Stage.PERENCANAAN)] if Stage.PERENCANAAN in path else None
        approved_on: datetime.date | None = None
        if plan_day is not None:
            approved = Stage.INTERVENSI in path
            approved_on = plan_day + datetime.timedelta(days=rng.randrange(1, 5)) if approved else None
            if approved_on is not None:
                approved_on = min(approved_on, day_of[path.index(Stage.INTERVENSI)])
            plan = CasePlan(
                case=case,
                version=1,
                status=PlanStatus.APPROVED if approved else PlanStatus.DRAFT,
                summary="Rencana intervensi berbasis ATENSI bersama keluarga.",
                created_by=manager,
                approved_at=at(approved_on, 14) if approved_on else None,
                approved_by=staff.head if approved_on else None,
            )
            self.plans.append(plan)
            for position, (goal, indicator) in enumerate(rng.sample(GOALS, k=2)):
                self.goals.append(
                    (
                        plan,
                        PlanGoal(
                            description=goal,
                            indicator=indicator,
                            target_date=plan_day + datetime.timedelta(days=180),
                            position=position,
                        ),
                    )
                )
            numbers = sorted(rng.sample(sorted(self.components), k=min(3, len(self.components))))
            for position, number in enumerate(numbers):
                component = self.components[number]
                options = self.subtypes.get(component.pk, [])
                responsible = staff.professional if number == 4 and staff.professional else manager
                self.services.append(
                    (
                        plan,
                        PlannedService(
                            component=component,
                            subtype=rng.choice(options) if options else None,
                            description=str(component),
                            responsible=responsible,
                            times=rng.choice((1, 2, 4)),
                            frequency=rng.choice((Frequency.WEEKLY, Frequency.MONTHLY)),
                            position=position,
                        ),
                    )
                )
            if approved_on is not None:
                start = day_of[path.index(Stage.INTERVENSI)]
                end = day_of[path.index(Stage.TERMINASI)] if Stage.TERMINASI in path else self.today
                for _index in range(rng.randrange(3, 9)):
                    number = rng.choice(numbers)
                    component = self.components[number]
                    options = self.subtypes.get(component.pk, [])
                    when = start + datetime.timedelta(days=rng.randrange(0, max(1, (end - start).days + 1)))
                    provider = staff.professional if number == 4 and staff.professional else manager
                    self.deliveries.append(
                        ServiceDelivery(
                            case=case,
                            delivered_on=min(when, self.today),
                            duration_minutes=rng.choice((30, 45, 60, 90)),
                            provider=provider,
                            component=component,
                            subtype=rng.choice(options) if options else None,
                            attendance=rng.choice(
                                (Attendance.ATTENDED,) * 5 + (Attendance.PARTIAL, Attendance.ABSENT)
                            ),
                            notes="Sesi berjalan baik." if rng.random() < 0.5 else "",
                            recorded_by=manager,
                        )
                    )
                if staff.professional is not None:
                    self.team.append(
                        CareTeamMember(
                            case=case,
                            user=staff.professional,
                            team_role=TeamRole.THERAPIST,
                            profession=staff.professional.profession,
                            added_on=start,
                        )
                    )
        if Stage.TERMINASI in path:
            case.terminated_on = day_of[path.index(Stage.TERMINASI)]
            case.termination_reason = rng.choice(
                (TerminationReason.GOALS_ACHIEVED,) * 3
                + (TerminationReason.REUNIFIED,) * 2
                + (TerminationReason.MOVED,)
            )
        if target == "closed":
            case.closed_on = min(
                self.today,
                (case.terminated_on or self.today) + datetime.timedelta(days=rng.randrange(30, 200)),
            )
        if rng.random() < 0.6 and Stage.ASESMEN in path:
            written = min(self.today, case.opened_on + datetime.timedelta(days=rng.randrange(1, 30)))
            self.notes.append(
                ProgressNote(
                    case=case,
                    kind=NoteKind.HOME_VISIT,
                    written_on=written,
                    text="Kunjungan rumah: keluarga kooperatif.",
                    written_by=manager,
                )
            )
        if case.setting == "residential" and approved_on is not None:
            admitted = day_of[path.index(Stage.INTERVENSI)]
            stay = ResidentialStay(case=case, sentra=case.sentra, admitted_on=admitted, admitted_by=manager)
            if case.terminated_on is not None:
                stay.status = StayStatus.DISCHARGED
                stay.discharged_on = case.terminated_on
                stay.discharge_reason = (
                    DischargeReason.COMPLETED
                    if case.termination_reason == TerminationReason.GOALS_ACHIEVED
                    else DischargeReason.REUNIFIED
                )
            self.stays.append(stay)
        self._tasks(case, assessed, approved_on, rng)
        self.case_updates.append(case)

    def _tasks(
        self, case: Case, assessed: bool, approved_on: datetime.date | None, rng: random.Random
    ) -> None:
        """The tasks the case rules give, with the past ones done as a diligent team would have.

        Plan reviews every 90 days since the approval were held (the last one sometimes late), and
        after-care follow-ups already due were made (a few still outstanding).
        """
        every = rules.TaskRules().plan_review_days
        reviews, last_review = 0, None
        if approved_on is not None and case.terminated_on is None:
            reviews = max(0, (self.today - approved_on).days // every - (1 if rng.random() < 0.2 else 0))
            for cycle in range(reviews):
                due = rules.add_days(approved_on, every * (cycle + 1))
                self._done(case, TaskKind.PLAN_REVIEW, rules.plan_review_key(1, cycle), "v1", due)
            last_review = rules.add_days(approved_on, every * reviews) if reviews else None
        facts = rules.CaseFacts(
            opened_on=case.opened_on,
            assessment_done=assessed,
            approved_plan_version=1 if approved_on else None,
            approved_plan_on=approved_on,
            reviews_done=reviews,
            last_review_on=last_review,
            terminated_on=case.terminated_on,
            termination_reason=case.termination_reason,
            closed=case.closed_on is not None,
        )
        for spec in rules.derive_tasks(facts, rules.TaskRules()).wanted:
            if spec.kind == rules.DerivedKind.AFTERCARE and spec.due_on < self.today and rng.random() < 0.85:
                self._done(case, TaskKind.AFTERCARE, spec.rule_key, _detail(spec), spec.due_on)
                continue
            self.tasks.append(derived_task(case, spec))

    def _done(self, case: Case, kind: str, key: str, details: str, due: datetime.date) -> None:
        done_on = min(self.today, due)
        self.tasks.append(
            Task(
                sentra_id=case.sentra_id,
                case=case,
                kind=kind,
                rule_key=key,
                title=_TITLES[rules.DerivedKind(kind)],
                details=details,
                due_on=due,
                assigned_to_id=case.case_manager_id,
                status=TaskStatus.DONE,
                completed_at=at(done_on, 13),
                completed_by_id=case.case_manager_id,
            )
        )

    def refer(
        self,
        case: Case,
        rng: random.Random,
        consent: Consent,
        receivers: list[Sentra],
        centres: dict[str, Sentra],
        numbers: Numbers,
    ) -> None:
        sent = self.today - datetime.timedelta(days=rng.randrange(1, 40))
        sent = max(sent, case.opened_on)
        wanted = [self.components[n] for n in sorted(rng.sample(sorted(self.components), k=2))]
        # Bekasi's head sees incoming referrals: a third of all referrals go to Bekasi.
        bekasi = centres.get("pangudi-luhur-bekasi")
        outside = rng.random() < 0.25
        to: Sentra | None = None
        if not outside:
            if bekasi is not None and case.sentra_id != bekasi.pk and rng.random() < 0.35:
                to = bekasi
            else:
                options = [
                    c for c in receivers if c.pk != case.sentra_id and case.cluster in (c.clusters or [])
                ]
                to = rng.choice(options) if options else None
            outside = to is None
        status = rng.choice(
            (
                ReferralStatus.SENT,
                ReferralStatus.SENT,
                ReferralStatus.ACCEPTED,
                ReferralStatus.ACCEPTED,
                ReferralStatus.DECLINED,
            )
        )
        reason = "Membutuhkan layanan lanjutan yang tidak tersedia di sentra pengirim."
        referral = Referral(
            case=case,
            from_sentra=case.sentra,
            target_kind=ReferralTarget.OUTSIDE
            if outside
            else (ReferralTarget.LKS if to and to.kind == "lks" else ReferralTarget.SENTRA),
            to_sentra=to,
            outside_kind=OutsideService.HOSPITAL if outside else "",
            outside_name="RSUD setempat" if outside else "",
            reason=reason,
            urgency=rng.choice((Urgency.NORMAL, Urgency.NORMAL, Urgency.HIGH)),
            consent=consent,
            status=status,
            sent_at=at(sent, 11),
            sent_by=case.case_manager,
            response_due_on=rules.response_due(sent, 14),
        )
        referral.shared_summary = rules.shared_summary(
            {
                "registration_number": case.beneficiary.registration_number,
                "full_name": case.beneficiary.full_name,
                "sex": case.beneficiary.sex,
                "age": case.beneficiary.age,
                "clusters": list(case.beneficiary.clusters) or [case.cluster],
                "disability_types": list(case.beneficiary.disability_types),
                "case_number": case.case_number,
                "stage": case.stage,
                "setting": case.setting,
                "reason": reason,
                "services_requested": [c.code for c in wanted],
                "urgency": referral.urgency,
                "sender_centre": case.sentra.name,
                "sender_contact": {
                    "case_manager": case.case_manager.get_full_name(),
                    "phone": case.sentra.phone,
                },
            }
        )
        if status != ReferralStatus.SENT:
            answered = min(self.today, sent + datetime.timedelta(days=rng.randrange(1, 10)))
            referral.responded_at = at(answered, 15)
            receiver_staff = self.staff[to.code] if to is not None else None
            referral.responded_by = (receiver_staff.head if receiver_staff else None) or case.case_manager
            if status == ReferralStatus.DECLINED:
                referral.decline_reason = rng.choice((DeclineReason.NO_CAPACITY, DeclineReason.OUT_OF_SCOPE))
                referral.response_note = "Kapasitas penuh bulan ini."
            else:
                referral.response_note = "Diterima; penjangkauan awal dijadwalkan."
                if to is not None and receiver_staff is not None and receiver_staff.managers:
                    setting = (
                        "family"
                        if "family" in (to.settings_offered or [])
                        else (to.settings_offered or ["community"])[0]
                    )
                    opened = timezone.localdate(referral.responded_at)
                    self.new_cases.append(
                        Case(
                            case_number=numbers.next(to.pk, opened.year),
                            beneficiary=case.beneficiary,
                            sentra=to,
                            case_manager=manager_for(rng, receiver_staff),
                            setting=setting,
                            cluster=case.cluster,
                            presenting_problem=reason,
                            opened_on=opened,
                        )
                    )
        self.referrals.append((referral, wanted))

    def save(self) -> dict[str, int]:
        Case.objects.bulk_update(
            self.case_updates, ["stage", "terminated_on", "termination_reason", "closed_on"], batch_size=500
        )
        ProgressNote.objects.bulk_create(self.notes, batch_size=500)
        for moved, note in self.note_for_transition:
            moved.assessment_note = note
        StageTransition.objects.bulk_create(self.transitions, batch_size=500)
        CasePlan.objects.bulk_create(self.plans, batch_size=500)
        goals = []
        for plan, goal in self.goals:
            goal.plan = plan
            goals.append(goal)
        PlanGoal.objects.bulk_create(goals, batch_size=500)
        services = []
        for plan, service in self.services:
            service.plan = plan
            services.append(service)
        PlannedService.objects.bulk_create(services, batch_size=500)
        ServiceDelivery.objects.bulk_create(self.deliveries, batch_size=500)
        CareTeamMember.objects.bulk_create(self.team, batch_size=500)
        Task.objects.bulk_create(self.tasks, batch_size=500)
        referrals = [referral for referral, _wanted in self.referrals]
        Referral.objects.bulk_create(referrals, batch_size=500)
        through = Referral.requested_components.through
        through.objects.bulk_create(
            [
                through(referral_id=r.pk, servicecomponent_id=c.pk)
                for r, wanted in self.referrals
                for c in wanted
            ],
            batch_size=500,
        )
        rooms = rooms_by_centre()
        for stay in self.stays:
            if stay.status != StayStatus.DISCHARGED:
                allocate(stay, rooms)
        ResidentialStay.objects.bulk_create(self.stays, batch_size=500)
        accepted = {
            (r.case.beneficiary_id, r.to_sentra_id): r
            for r in referrals
            if r.status == ReferralStatus.ACCEPTED
        }
        for new in self.new_cases:
            new.referral_source = accepted.get((new.beneficiary_id, new.sentra_id))
        Case.objects.bulk_create(self.new_cases, batch_size=500)
        opened = [
            StageTransition(
                case=c,
                from_stage="",
                to_stage=Stage.PENDEKATAN_AWAL,
                at=at(c.opened_on, 16),
                by=c.case_manager,
                reason="Kasus dibuka dari rujukan",
            )
            for c in self.new_cases
        ]
        StageTransition.objects.bulk_create(opened, batch_size=500)
        already = len(self.tasks)
        for new in self.new_cases:
            self._tasks(new, False, None, random.Random(new.case_number))  # noqa: S311 - demo data
        Task.objects.bulk_create(self.tasks[already:], batch_size=500)
        groups: list[tuple[str, Sequence[models.Model]]] = [
            (_("stage transitions"), [*self.transitions, *opened]),
            (_("case plans"), list(self.plans)),
            (_("services delivered"), list(self.deliveries)),
            (_("progress notes"), list(self.notes)),
            (_("tasks"), list(self.tasks)),
            (_("referrals"), referrals),
            (_("residential stays"), list(self.stays)),
        ]
        counts: dict[str, int] = {}
        for label, rows in groups:
            audit_created(rows, sentra_ids=[sentra_of(row) for row in rows])
            counts[label] = len(rows)
        audit_created(self.new_cases, sentra_ids=[c.sentra_id for c in self.new_cases])
        counts[_("cases opened from referrals")] = len(self.new_cases)
        audit_created(
            goals + services + list(self.team),
            sentra_ids=[sentra_of(row) for row in (*goals, *services, *self.team)],
        )
        return counts


def sentra_of(row: object) -> int | None:
    for path in ("sentra_id", "case.sentra_id", "plan.case.sentra_id"):
        value: object = row
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if isinstance(value, int):
            return value
    return None
