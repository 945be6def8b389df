"""Demo data for the quality app: satisfaction surveys, complaints in every state, readiness.

* Pangudi Luhur Bekasi and Handayani Jakarta: the 2025 survey (closed and published), semester I 2026
  (closed) and this semester's (open), with paper questionnaires whose answers differ per period so the
  report shows a trend, suggestions, and improvement actions for the weakest element in Bekasi.
* Complaints at Bekasi in every state (received, checked, being handled, answered, resolved and rated)
  and one past its deadline, escalated by the deadline check.
* Readiness: the staff self-assessment of this semester at Bekasi (its five demo accounts), the
  scorecard recorded for the previous and the current semester at the two centres and at a few more
  (so the national comparison has rows and a trend), and Bekasi's improvement plan.

Deterministic (answers drawn from a generator seeded with the centre code and period) and idempotent:
a period is known by its centre and dates, a complaint by its text, an action by its title, a recorded
scorecard by its period; a second run creates nothing. Writes go through the quality services, with the
demo accounts as actors where a service asks for a person and ``actor=None`` where it does not.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.services.bulk import record_created_bulk
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.quality import services
from sentra.quality.models import (
    Channel,
    Complaint,
    ImprovementAction,
    PeriodKind,
    PeriodStatus,
    ReadinessAction,
    ReadinessPeriod,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.quality.rules.codes import survey_fingerprint
from sentra.quality.rules.ikm import ELEMENT_NAMES
from sentra.quality.rules.readiness import SELF_ASSESSMENT_ITEMS
from sentra.quality.selectors.readiness import semester_of
from sentra.quality.services import readiness as readiness_services

ACTOR_LABEL = "demo"
DEMO_STAFF = ("peksos.bekasi", "psikolog.bekasi", "intake.bekasi", "sdm.bekasi", "kepala.bekasi")
SURVEY_CENTRES = ("pangudi-luhur-bekasi", "handayani-jakarta")
READINESS_CENTRES = (
    "pangudi-luhur-bekasi",
    "handayani-jakarta",
    "inten-soeweno-cibinong",
    "wyata-guna-bandung",
    "margo-laras-pati",
    "lks-cahaya-bekasi",
)
# Mean answer per element and period: the weakest element (waktu) improves after the 2025 actions.
MEANS: dict[str, dict[str, float]] = {
    "2025": {"waktu": 2.6, "pengaduan": 2.9, "sarana": 3.0},
    "2026-1": {"waktu": 3.0, "pengaduan": 3.0, "sarana": 3.1},
    "2026-2": {"waktu": 3.2, "pengaduan": 3.1, "sarana": 3.2},
}
DEFAULT_MEAN = 3.3
SUGGESTIONS = (
    "Antrean di loket pendaftaran terlalu lama, mohon ditambah petugas.",
    "Petugas ramah dan sabar menjelaskan.",
    "Ruang tunggu perlu kipas angin.",
    "Informasi jadwal layanan sebaiknya ditempel di depan kantor.",
    "Terima kasih, anak saya sudah bisa membaca huruf braille.",
)


def _answer(rng: random.Random, mean: float) -> int:
    """An answer 1-4 whose expected value is about ``mean``."""
    low = int(mean)
    return max(1, min(4, low + (1 if rng.random() < mean - low else 0)))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _period(
    sentra: Sentra, head: User, *, kind: str, year: int, half: int, starts: datetime.date, ends: datetime.date
) -> tuple[SurveyPeriod, bool]:
    found = SurveyPeriod.objects.filter(sentra=sentra, year=year, kind=kind, half=half).first()
    if found is not None:
        return found, False
    period = services.period_create(
        actor=head,
        sentra=sentra,
        data=services.PeriodInput(
            kind=kind, year=year, half=half, starts_on=starts, ends_on=ends, population=400
        ),
    )
    return period, True


def _responses(period: SurveyPeriod, key: str, count: int, staff: list[User]) -> int:
    rng = random.Random(f"{period.sentra.code}:{key}")  # noqa: S311 - repeatable demo answers
    means = MEANS[key]
    span = max(1, (min(period.ends_on, timezone.localdate()) - period.starts_on).days)
    rows = []
    for index in range(count):
        answers: dict[str, int | None] = {
            name: _answer(rng, means.get(name, DEFAULT_MEAN)) for name in ELEMENT_NAMES
        }
        if rng.random() < 0.05:
            answers["biaya"] = None  # some leave an element empty
        day = period.starts_on + datetime.timedelta(days=rng.randrange(span))
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + index % 7)))
        profile = {
            "sex": rng.choice("MF"),
            "age_group": rng.choice(["18-30", "31-45", "46-60", "gt60"]),
            "education": rng.choice(["sd", "smp", "sma", "s1"]),
            "occupation": rng.choice(["private", "self_employed", "homemaker", "unemployed"]),
        }
        rows.append(
            SurveyResponse(
                period=period,
                channel=Channel.PAPER,
                paper_number=f"{key}-{index + 1:04d}",
                fingerprint=survey_fingerprint(answers, {"paper": f"{key}-{index}"}),
                suggestions=SUGGESTIONS[index % len(SUGGESTIONS)] if index % 6 == 0 else "",
                served_by=staff[index % len(staff)] if staff and index % 3 == 0 else None,
                submitted_at=moment,
                **profile,
                **answers,
            )
        )
    SurveyResponse.objects.bulk_create(rows)
    record_created_bulk(rows, sentra_ids=[period.sentra_id] * len(rows), actor_label=ACTOR_LABEL)
    return len(rows)


def _seed_surveys(sentra: Sentra, today: datetime.date) -> dict[str, int]:
    head = User.objects.filter(role="centre_head", memberships__sentra=sentra, is_active=True).first()
    if head is None:
        return {}
    staff = services.staff_of(sentra.pk)
    created = {"periods": 0, "responses": 0, "actions": 0}
    year, half, starts, ends = semester_of(today)
    plan = [
        ("2025", PeriodKind.YEAR, 2025, 0, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 150),
        ("2026-1", PeriodKind.SEMESTER, 2026, 1, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), 120),
        ("2026-2", PeriodKind.SEMESTER, year, half, starts, ends, 45),
    ]
    for key, kind, p_year, p_half, p_starts, p_ends, count in plan:
        if p_starts > today:
            continue
        period, new = _period(sentra, head, kind=kind, year=p_year, half=p_half, starts=p_starts, ends=p_ends)
        if not new:
            continue
        created["periods"] += 1
        created["responses"] += _responses(period, key, count, staff)
        status = PeriodStatus.OPEN if p_ends >= today else PeriodStatus.CLOSED
        services.period_set_status(actor=head, period=period, status=status)
        if key == "2025":
            services.period_publish(actor=head, period=period)
            owner = _user("intake.bekasi") if sentra.code == "pangudi-luhur-bekasi" else head
            if owner is not None and not ImprovementAction.objects.filter(period=period).exists():
                services.action_create(
                    actor=head,
                    period=period,
                    data=services.ActionInput(
                        element="waktu",
                        title="Nomor antrean dan jadwal layanan diumumkan",
                        owner_id=owner.pk,
                        due_on=datetime.date(2026, 3, 31),
                        status="done",
                        completed_on=datetime.date(2026, 3, 20),
                        outcome="Antrean rata-rata turun dari 55 menjadi 25 menit.",
                    ),
                )
                created["actions"] += 1
    return created


COMPLAINTS = (
    # (description, category, about, steps): steps run in order through the services.
    (
        "Saya sudah tiga kali datang tetapi berkas bantuan alat bantu dengar belum juga diproses.",
        "administrasi",
        "centre",
        (),
    ),
    ("Petugas jaga malam berbicara kasar kepada ibu saya saat berkunjung.", "petugas", "staff", ("triage",)),
    (
        "Kamar mandi asrama putra rusak sejak dua minggu dan belum diperbaiki.",
        "sarana",
        "centre",
        ("triage", "assign"),
    ),
    (
        "Jadwal terapi okupasi anak saya sering berubah tanpa pemberitahuan.",
        "layanan",
        "centre",
        ("triage", "assign", "respond"),
    ),
    (
        "Informasi syarat pendaftaran di papan pengumuman berbeda dengan yang disampaikan petugas.",
        "informasi",
        "centre",
        ("triage", "assign", "respond", "resolve", "rate"),
    ),
    (
        "Ada lansia terlantar tidur di emperan pasar Kranji sejak seminggu, tampak sakit.",
        "kekerasan",
        "centre",
        ("triage", "assign", "respond", "resolve"),
    ),
)


def _seed_complaints(sentra: Sentra, today: datetime.date) -> int:
    desk = _user("intake.bekasi")
    head = _user("kepala.bekasi")
    if desk is None or head is None:
        return 0
    created = 0
    for index, (text, category, about, steps) in enumerate(COMPLAINTS):
        if Complaint.objects.filter(sentra=sentra, description=text).exists():
            continue
        data = services.ComplaintInput(
            category_code=category,
            about=about,
            description=text,
            subject_staff_name="Petugas jaga malam" if about == "staff" else "",
            anonymous=index % 3 == 1,
            name="" if index % 3 == 1 else "Warga Bekasi",
            phone="" if index % 3 == 1 else f"0812 0000 00{index:02d}",
        )
        complaint = services.complaint_file(sentra=sentra, data=data)
        created += 1
        for step in steps:
            if step == "triage":
                services.complaint_triage(actor=desk, complaint=complaint, category_code=category)
            elif step == "assign":
                services.complaint_assign(actor=desk, complaint=complaint, assignee_id=head.pk)
            elif step == "respond":
                services.complaint_respond(
                    actor=head,
                    complaint=complaint,
                    text="Terima kasih, pengaduan sedang kami tindak lanjuti.",
                )
            elif step == "resolve":
                services.complaint_resolve(
                    actor=head,
                    complaint=complaint,
                    text="Sudah ditindaklanjuti; petugas akan menghubungi Anda.",
                )
            elif step == "rate":
                services.complaint_rate(complaint=complaint, rating=3, comment="Cukup cepat ditangani.")
    overdue_text = "Surat permohonan rujukan kami belum dijawab sejak bulan lalu."
    if not Complaint.objects.filter(sentra=sentra, description=overdue_text).exists():
        received = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=30), datetime.time(10))
        )
        services.complaint_record(
            actor=desk,
            sentra=sentra,
            data=services.ComplaintInput(
                category_code="administrasi",
                about="centre",
                description=overdue_text,
                name="Dinas Sosial Kota",
            ),
            channel="letter",
            received_at=received,
        )
        created += 1
        services.complaint_deadlines_check()  # escalates the letter, now past both deadlines
    return created


PLAN = (
    ("equipment", "Pengadaan 4 kursi roda dan 2 walker", "kepala.bekasi", 18_000_000, 60, 40, "in_progress"),
    ("equipment", "Servis 3 tempat tidur rawat yang rusak", "intake.bekasi", 4_500_000, 30, 100, "done"),
    (
        "skills",
        "Sertifikasi kompetensi pekerja sosial (3 orang)",
        "sdm.bekasi",
        12_000_000,
        120,
        20,
        "in_progress",
    ),
    ("skills", "Bimtek konseling adiksi bagi psikolog", "sdm.bekasi", 7_500_000, 90, 0, "planned"),
    (
        "attitude",
        "Pelatihan layanan prima dan penanganan pengaduan",
        "kepala.bekasi",
        5_000_000,
        45,
        0,
        "planned",
    ),
)


def _seed_plan(sentra: Sentra, today: datetime.date) -> int:
    head = _user("kepala.bekasi")
    if head is None:
        return 0
    created = 0
    for aspect, title, owner_name, budget, days, progress, status in PLAN:
        owner = _user(owner_name)
        if owner is None or ReadinessAction.objects.filter(sentra=sentra, title=title).exists():
            continue
        readiness_services.readiness_action_create(
            actor=head,
            sentra=sentra,
            data=readiness_services.PlanActionInput(
                aspect=aspect,
                title=title,
                owner_id=owner.pk,
                budget=Decimal(budget),
                due_on=today + datetime.timedelta(days=days),
                status=status,
                progress=progress,
            ),
        )
        created += 1
    return created


def _seed_self_assessments(sentra: Sentra, today: datetime.date) -> int:
    created = 0
    year, half, _starts, _ends = semester_of(today)
    period = ReadinessPeriod.objects.filter(sentra=sentra, year=year, half=half).first()
    for index, username in enumerate(DEMO_STAFF):
        person = _user(username)
        if person is None or readiness_services.has_answered(user=person, period=period):
            continue
        answers = {key: 3 + (index + position) % 2 for position, key in enumerate(SELF_ASSESSMENT_ITEMS)}
        readiness_services.self_assessment_submit(actor=person, sentra=sentra, answers=answers, day=today)
        created += 1
    return created


def _seed_readiness(centres: dict[str, Sentra], today: datetime.date) -> int:
    recorded = 0
    previous_day = semester_of(today)[2] - datetime.timedelta(days=1)
    for code in READINESS_CENTRES:
        sentra = centres.get(code)
        if sentra is None:
            continue
        for day in (previous_day, today):
            period = readiness_services.readiness_period_open(actor=None, sentra=sentra, day=day)
            if period.result is None:
                readiness_services.readiness_record(
                    actor=None, period=period, today=min(today, period.ends_on)
                )
                recorded += 1
    return recorded


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    today = timezone.localdate()
    counts = {"periods": 0, "responses": 0, "actions": 0}
    for code in SURVEY_CENTRES:
        if code in centres:
            for key, value in _seed_surveys(centres[code], today).items():
                counts[key] += value
    bekasi = centres.get("pangudi-luhur-bekasi")
    complaints = _seed_complaints(bekasi, today) if bekasi else 0
    self_assessed = _seed_self_assessments(bekasi, today) if bekasi else 0
    plan = _seed_plan(bekasi, today) if bekasi else 0
    recorded = _seed_readiness(centres, today)
    return {
        _("survey periods"): counts["periods"],
        _("survey responses"): counts["responses"],
        _("improvement actions"): counts["actions"],
        _("complaints"): complaints,
        _("staff self-assessments"): self_assessed,
        _("improvement plan actions"): plan,
        _("readiness scorecards recorded"): recorded,
    }
