"""Demo data for training: a national catalogue, a calendar of sessions (some past and completed, so
competencies rise and the scorecard figure is not empty, some upcoming) and one overseas programme in
progress — the call closed and ranked, waiting for the committee of Pangudi Luhur Bekasi to decide.

Runs after the workforce seeder (it enrols that seeder's staff). Deterministic and idempotent: a course
is known by its code, a session by its course and host centre, the programme by its title.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.network.models import Sentra
from sentra.training import services
from sentra.training.models import Course, OverseasProgramme, ParticipantStatus, TrainingKind, TrainingSession
from sentra.workforce import services as workforce_services
from sentra.workforce.models import Competency, StaffMember

ORGANISER = "pangudi-luhur-bekasi"
PROGRAMME_TITLE = "Studi banding Jepang 2027: perawatan lansia"
COURSES: tuple[tuple[str, str, str, dict[str, int], int], ...] = (
    (
        "bimtek-perawatan-lansia",
        "Bimtek perawatan harian lansia",
        TrainingKind.BIMTEK,
        {"elderly-daily-care": 2, "elderly-psychosocial": 1},
        24,
    ),
    (
        "pelatihan-manajemen-kasus",
        "Pelatihan manajemen kasus ATENSI",
        TrainingKind.COURSE,
        {"cm-assessment": 2, "cm-case-conference": 2},
        40,
    ),
    (
        "pelatihan-pfa-bencana",
        "Dukungan psikologis awal (PFA) bagi korban bencana",
        TrainingKind.COURSE,
        {"trauma-disaster-pfa": 2},
        16,
    ),
    (
        "mentoring-konseling-napza",
        "Mentoring konseling adiksi",
        TrainingKind.MENTORING,
        {"napza-counselling": 3},
        30,
    ),
    (
        "bimtek-bahasa-isyarat",
        "Bimtek Bahasa Isyarat Indonesia (BISINDO) dasar",
        TrainingKind.BIMTEK,
        {"disability-sign-language": 2},
        32,
    ),
    (
        "kunjungan-perlindungan-anak",
        "Kunjungan belajar pengasuhan berbasis keluarga",
        TrainingKind.EXCHANGE_VISIT,
        {"child-family-based-care": 2},
        16,
    ),
)
# (course code, host centre code or "" for national, days from today to the first day, days long)
SESSIONS: tuple[tuple[str, str, int, int], ...] = (
    ("pelatihan-manajemen-kasus", "pangudi-luhur-bekasi", -75, 4),
    ("bimtek-perawatan-lansia", "pangudi-luhur-bekasi", -30, 3),
    ("bimtek-perawatan-lansia", "handayani-jakarta", 12, 3),
    ("pelatihan-manajemen-kasus", "handayani-jakarta", -45, 4),
    ("pelatihan-pfa-bencana", "", 21, 2),
    ("bimtek-bahasa-isyarat", "wyata-guna-bandung", 35, 4),
    ("mentoring-konseling-napza", "inten-soeweno-cibinong", 50, 10),
    ("kunjungan-perlindungan-anak", "pangudi-luhur-bekasi", 70, 2),
    ("pelatihan-manajemen-kasus", "kartini-temanggung", 90, 4),
)
CAPACITY = 8


def _courses() -> int:
    known = set(Competency.objects.values_list("code", flat=True))
    created = 0
    for code, title, kind, outcomes, hours in COURSES:
        if Course.objects.filter(code=code).exists():
            continue
        services.course_create(
            actor=None,
            sentra=None,
            data=services.CourseInput(
                code=code,
                title=title,
                kind=kind,
                hours=hours,
                provider="Kemensos",
                outcomes={c: level for c, level in outcomes.items() if c in known},
            ),
        )
        created += 1
    return created


def _fits(course: Course) -> list[str]:
    professions: set[str] = set()
    for outcome in course.outcomes.select_related("competency"):
        professions.update(outcome.competency.professions or [])
    return sorted(professions)


def _sessions(centres: dict[str, Sentra], today: datetime.date) -> int:
    created = 0
    for course_code, centre_code, offset, days in SESSIONS:
        course = Course.objects.filter(code=course_code).first()
        host = centres.get(centre_code) if centre_code else None
        if course is None or (centre_code and host is None):
            continue
        if TrainingSession.objects.filter(course=course, sentra=host).exists():
            continue
        starts = today + datetime.timedelta(days=offset)
        session = services.session_create(
            actor=None,
            course=course,
            sentra=host,
            data=services.SessionInput(
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=days - 1),
                trainer="Balai Besar Pendidikan dan Pelatihan Kesejahteraan Sosial",
                capacity=CAPACITY,
                location=host.city if host else "Bandung",
            ),
        )
        created += 1
        staff = StaffMember.objects.active(on=today).order_by("sentra_id", "full_name", "pk")
        staff = (
            staff.filter(sentra=host) if host is not None else staff.filter(sentra__in=list(centres.values()))
        )
        professions = _fits(course)
        if professions:
            staff = staff.filter(profession__in=professions)
        people = list(staff[: CAPACITY - 2 if session.ends_on >= today else CAPACITY])
        participants = [services.participant_enrol(actor=None, session=session, staff=p) for p in people]
        if participants and session.ends_on < today:
            attendance = {
                p.pk: ParticipantStatus.ABSENT
                if index == len(participants) - 1 and index > 0
                else ParticipantStatus.COMPLETED
                for index, p in enumerate(participants)
            }
            services.session_complete(
                actor=None, session=session, attendance=attendance, completed_on=session.ends_on
            )
    return created


def _programme(centres: dict[str, Sentra], today: datetime.date) -> tuple[int, int]:
    organiser = centres.get(ORGANISER)
    if organiser is None or OverseasProgramme.objects.filter(title=PROGRAMME_TITLE).exists():
        return 0, 0
    if not Competency.objects.filter(code="elderly-daily-care").exists():
        return 0, 0
    opens = today - datetime.timedelta(days=40)
    programme = services.programme_create(
        actor=None,
        sentra=organiser,
        data=services.ProgrammeInput(
            title=PROGRAMME_TITLE,
            country="Jepang",
            description="Belajar perawatan jangka panjang lansia di panti dan layanan berbasis komunitas.",
            competency="elderly-daily-care",
            places=4,
            opens_on=opens,
            closes_on=today - datetime.timedelta(days=5),
            departs_on=today + datetime.timedelta(days=120),
            returns_on=today + datetime.timedelta(days=150),
            centre_ids=tuple(c.pk for c in centres.values()),
            min_tenure_years=2.0,
            language="ja",
            min_language_level=1,
            quotas=(
                {"attribute": "centre", "value": None, "minimum": 0, "maximum": 1},
                {"attribute": "gender", "value": "F", "minimum": 1, "maximum": None},
                {"attribute": "gender", "value": "M", "minimum": 1, "maximum": None},
            ),
        ),
    )
    services.programme_open(actor=None, programme=programme)
    applicants = list(
        StaffMember.objects.active(on=opens)
        .filter(sentra__in=list(centres.values()), profession__in=["perawat", "pengasuh", "pekerja_sosial"])
        .select_related("user")
        .order_by("sentra__code", "full_name", "pk")
    )
    # The organiser's demo accounts apply first, so that signing in as one shows one's own score.
    applicants = [s for s in applicants if not (s.user is not None and s.user.role in ("hr", "centre_head"))]
    applicants.sort(key=lambda s: not (s.sentra_id == organiser.pk and s.user_id is not None))
    seen: dict[int, int] = {}
    count = 0
    for index, staff in enumerate(applicants):
        if seen.get(staff.sentra_id, 0) >= 2 or count >= 14:
            continue
        seen[staff.sentra_id] = seen.get(staff.sentra_id, 0) + 1
        if index % 4 != 3:
            # Most nominees have studied Japanese: HR records it on their staff record, which is what
            # eligibility and merit read (the typed level counts only when the record lists no language).
            workforce_services.staff_update(actor=None, staff=staff, languages=[*staff.languages, "ja"])
        services.application_nominate(
            actor=None,
            programme=programme,
            staff=staff,
            language_level=1 + (index * 7) % 4,
            motivation="Mengembangkan layanan lansia di sentra.",
            today=opens,
        )
        count += 1
    if count:
        services.programme_rank(actor=None, programme=programme)
    return 1, count


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    today = timezone.localdate()
    courses = _courses()
    sessions = _sessions(centres, today)
    programmes, applications = _programme(centres, today)
    return {
        _("Training courses"): courses,
        _("Training sessions"): sessions,
        _("Overseas programmes"): programmes,
        _("Overseas applications"): applications,
    }
