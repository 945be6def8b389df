"""Demo staff for every centre: realistic profession mixes per cluster served, with deliberate gaps.

Deterministic (a random generator seeded by the centre code) and idempotent: people without an
account are keyed by a ``DEMO-<centre>-<n>`` employee number and accounts by their staff record, so
a second run creates nothing. Every account that works at a centre (the demo users, the case demo's
colleagues) gets a staff record; case managers get a valid sertifikat kompetensi and STR, because
the case-manager rule requires them. Deliberate gaps: about one centre in four has no psychologist,
some NAPZA centres no addiction counsellor, and a few credentials are about to expire or have.

Why bulk and not the services one record at a time: about 1,500 staff records, their credentials and
competency evidence over 31 centres take minutes through ``staff_create`` (one audit row and a few
queries per record) against the brief's ~20 s budget for a seeder. The demo therefore does what the
services do, in bulk: every record is first checked with the services' own rules
(``validate_staff``, ``validate_credential``; a record that breaks one stops the seeder rather than
being written), then inserted with ``bulk_create``, and one audit "created" row per record is still
written by ``record_created_bulk`` (the same helper the beneficiaries demo and import use,
``sentra.beneficiaries.services.bulk``), with the seeder as the actor label.
"""

from __future__ import annotations

import datetime
import random
import zlib
from collections import Counter
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.services.bulk import record_created_bulk
from sentra.core.models import Role, User
from sentra.network.models import Membership, Sentra
from sentra.workforce.models import (
    Competency,
    CompetencyEvidence,
    Credential,
    CredentialKind,
    EvidenceKind,
    StaffCompetency,
    StaffMember,
)
from sentra.workforce.services._common import Errors
from sentra.workforce.services.staff import validate_credential, validate_staff

ACTOR_LABEL = "demo"
FIRST = (
    "Ahmad",
    "Sri",
    "Budi",
    "Dewi",
    "Eko",
    "Nur",
    "Agus",
    "Lestari",
    "Joko",
    "Maya",
    "Rudi",
    "Indah",
    "Teguh",
    "Putri",
    "Hasan",
    "Ayu",
    "Made",
    "Ketut",
    "Sitti",
    "Yohana",
    "Imam",
    "Rahma",
    "Fajar",
    "Wati",
)
LAST = (
    "Santoso",
    "Wahyuni",
    "Saputra",
    "Rahayu",
    "Nugroho",
    "Hasibuan",
    "Siregar",
    "Manurung",
    "Pratiwi",
    "Susanto",
    "Halim",
    "Lubis",
    "Wijaya",
    "Purba",
    "Kurnia",
    "Daeng",
    "Tanjung",
    "Sembiring",
)
BASE_MIX = {
    "pekerja_sosial": 4,
    "psikolog": 1,
    "perawat": 2,
    "pengasuh": 3,
    "instruktur_vokasional": 1,
    "pembimbing_rohani": 1,
    "tks": 2,
    "penyuluh_sosial": 1,
    "administrative": 3,
}
CLUSTER_MIX = {
    "lansia": {"perawat": 2, "pengasuh": 2, "fisioterapis": 1, "dokter": 1},
    "anak": {"pengasuh": 2, "psikolog": 1, "pekerja_sosial": 1},
    "disabilitas": {"okupasi_terapis": 1, "fisioterapis": 1, "psikiater": 1, "perawat": 1},
    "napza": {"konselor_adiksi": 2, "pekerja_sosial": 1},
    "tuna_sosial": {"pekerja_sosial": 1, "psikolog": 1},
    "bencana": {"tks": 2},
}
ROLE_PROFESSION: dict[str, str] = {
    "case_manager": "pekerja_sosial",
    "centre_head": "pekerja_sosial",
    "hr": "administrative",
    "intake": "administrative",
}
POSITIONS = {
    "pekerja_sosial": "Pekerja Sosial",
    "administrative": "Staf Tata Usaha",
}
RANKS = ("Ahli Pertama", "Ahli Muda", "Ahli Madya")


def _short(code: str) -> str:
    """A centre code shortened for employee numbers (max 30 characters), the same on every run."""
    return f"{zlib.crc32(code.encode()):08x}"


def _mix(centre: Sentra, rng: random.Random) -> Counter[str]:
    mix: Counter[str] = Counter(BASE_MIX)
    for cluster in centre.clusters or []:
        mix.update(CLUSTER_MIX.get(cluster, {}))
    if centre.kind != "sentra":  # UPTD and LKS are smaller
        mix = Counter({profession: max(0, (count + 1) // 2) for profession, count in mix.items()})
        mix["pekerja_sosial"] = max(mix["pekerja_sosial"], 1)
    if rng.random() < 0.25:
        mix["psikolog"] = 0
    if "napza" in (centre.clusters or []) and rng.random() < 0.4:
        mix["konselor_adiksi"] = 0
    return mix


def _languages(rng: random.Random, centre: Sentra) -> list[str]:
    languages = {"id"}
    if rng.random() < 0.5:
        languages.add(rng.choice(["jv", "su", "mad", "min", "btk", "bug", "ban", "bjn", "ms"]))
    if "disabilitas" in (centre.clusters or []) and rng.random() < 0.25:
        languages.add("bisindo")
    if rng.random() < 0.1:
        languages.add("en")
    return sorted(languages)


def _credentials(
    staff: StaffMember, rng: random.Random, today: datetime.date, *, must_be_valid: bool
) -> list[Credential]:
    rows: list[Credential] = []
    if staff.profession == "pekerja_sosial":
        certified = must_be_valid or rng.random() < 0.85
        if certified:
            issued = today - datetime.timedelta(days=rng.randrange(200, 2500))
            rows.append(
                Credential(
                    staff=staff,
                    kind=CredentialKind.SERTIFIKAT_KOMPETENSI,
                    number=f"SK-{staff.employee_number}",
                    issuer="LSPS",
                    issued_on=issued,
                )
            )
            roll = rng.random()
            if must_be_valid:
                expires = today + datetime.timedelta(days=rng.randrange(400, 1500))
            elif roll < 0.08:
                expires = today - datetime.timedelta(days=rng.randrange(1, 120))  # lapsed
            elif roll < 0.2:
                expires = today + datetime.timedelta(days=rng.randrange(5, 85))  # alert window
            else:
                expires = today + datetime.timedelta(days=rng.randrange(120, 1500))
            rows.append(
                Credential(
                    staff=staff,
                    kind=CredentialKind.STR,
                    number=f"STR-{staff.employee_number}",
                    issuer="Organisasi Profesi Pekerja Sosial",
                    issued_on=issued,
                    expires_on=expires,
                )
            )
    elif staff.profession in (
        "psikolog",
        "perawat",
        "dokter",
        "fisioterapis",
        "okupasi_terapis",
        "psikiater",
    ):
        name = "SIPP" if staff.profession == "psikolog" else "STR Nakes"
        expires = today + datetime.timedelta(days=rng.randrange(-30, 1500))
        rows.append(
            Credential(
                staff=staff,
                kind=CredentialKind.OTHER,
                name=name,
                number=f"{name}-{staff.employee_number}",
                issued_on=today - datetime.timedelta(days=rng.randrange(400, 2000)),
                expires_on=expires,
            )
        )
    return rows


def _check_with_the_services_rules(records: Iterable[StaffMember | Credential]) -> None:
    """The staff services' validation, applied before the bulk insert; demo data that breaks a rule is
    a bug in the seeder, so it stops here instead of being written."""
    for record in records:
        errors = Errors()
        if isinstance(record, StaffMember):
            validate_staff(record, errors)
        else:
            validate_credential(record, errors)
        if errors.by_field:
            raise ValueError(f"demo {type(record).__name__} breaks a rule: {dict(errors.by_field)}")


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    today = timezone.localdate()
    competencies = list(Competency.objects.filter(is_active=True))
    accounts: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        sentra__in=centres.values(), user__is_active=True
    ).select_related("user"):
        if membership.user.role in (Role.NATIONAL_ANALYST, Role.SYSADMIN):
            continue
        accounts.setdefault(membership.sentra_id, []).append(membership.user)
    linked = set(StaffMember.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    numbered = set(
        StaffMember.objects.exclude(employee_number="").values_list("sentra_id", "employee_number")
    )
    new_staff: list[tuple[StaffMember, bool]] = []
    for code in sorted(centres):
        centre = centres[code]
        for user in sorted(accounts.get(centre.pk, []), key=lambda u: u.username):
            if user.pk in linked:
                continue
            rng = random.Random(f"sentra-demo-workforce:{code}:{user.username}")  # noqa: S311 - demo data
            profession = (
                user.profession
                if user.role == Role.PROFESSIONAL and user.profession
                else ROLE_PROFESSION.get(user.role, "administrative")
            )
            number = f"DEMO-{_short(code)}-A{user.pk}"
            staff = StaffMember(
                sentra=centre,
                user=user,
                full_name=user.get_full_name() or user.username,
                employee_number=number[:30],
                profession=profession,
                peksos_level="spesialis"
                if user.role == Role.CENTRE_HEAD
                else ("generalis" if profession == "pekerja_sosial" else ""),
                employment_type="asn",
                functional_rank=f"{POSITIONS.get(profession, '')} {rng.choice(RANKS)}".strip()
                if profession == "pekerja_sosial"
                else "",
                position=str(Role(user.role).label)[:150],
                start_date=today - datetime.timedelta(days=rng.randrange(700, 6000)),
                languages=_languages(rng, centre),
                clusters=list(centre.clusters or [])[:2],
                sex=rng.choice("MF"),
            )
            new_staff.append((staff, user.role == Role.CASE_MANAGER or profession == "pekerja_sosial"))
        mix_rng = random.Random(f"sentra-demo-workforce-mix:{code}")  # noqa: S311 - demo data
        for profession, count in sorted(_mix(centre, mix_rng).items()):
            for n in range(count):
                number = f"DEMO-{_short(code)}-{profession[:6]}{n + 1}"
                if (centre.pk, number) in numbered:
                    continue
                rng = random.Random(f"sentra-demo-workforce:{number}")  # noqa: S311 - demo data
                staff = StaffMember(
                    sentra=centre,
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    employee_number=number,
                    profession=profession,
                    peksos_level=rng.choice(["asisten", "generalis", "generalis", "spesialis"])
                    if profession == "pekerja_sosial"
                    else "",
                    employment_type=rng.choice(
                        ["asn", "asn", "pppk", "contract", "volunteer"]
                        if profession != "tks"
                        else ["volunteer", "contract"]
                    ),
                    functional_rank=f"Pekerja Sosial {rng.choice(RANKS)}"
                    if profession == "pekerja_sosial"
                    else "",
                    position=POSITIONS.get(profession, ""),
                    start_date=today - datetime.timedelta(days=rng.randrange(60, 7000)),
                    languages=_languages(rng, centre),
                    clusters=sorted(
                        rng.sample(
                            list(centre.clusters or ["ppks_lainnya"]), k=min(2, len(centre.clusters or [1]))
                        )
                    ),
                    sex=rng.choice("MF"),
                )
                new_staff.append((staff, False))
    _check_with_the_services_rules(staff for staff, _valid in new_staff)
    StaffMember.objects.bulk_create([staff for staff, _valid in new_staff], batch_size=500)
    credentials: list[Credential] = []
    levels: list[StaffCompetency] = []
    evidence: list[CompetencyEvidence] = []
    for staff, must_be_valid in new_staff:
        rng = random.Random(f"sentra-demo-workforce-skills:{staff.employee_number}")  # noqa: S311 - demo data
        credentials.extend(_credentials(staff, rng, today, must_be_valid=must_be_valid))
        for competency in competencies:
            expected = staff.profession in competency.professions or not competency.professions
            if not expected or (
                (competency.cluster and competency.cluster not in (staff.clusters or []))
                and rng.random() < 0.6
            ):
                continue
            level = rng.choices([0, 1, 2, 3, 4], weights=[1, 3, 4, 2, 1])[0]
            if level == 0:
                continue
            levels.append(StaffCompetency(staff=staff, competency=competency, level=level))
            evidence.append(
                CompetencyEvidence(
                    staff=staff,
                    competency=competency,
                    kind=EvidenceKind.SUPERVISOR_ASSESSMENT,
                    level=level,
                    level_before=0,
                    level_after=level,
                    source="demo:baseline-assessment",
                    observed_on=today - datetime.timedelta(days=rng.randrange(10, 300)),
                )
            )
    _check_with_the_services_rules(credentials)
    Credential.objects.bulk_create(credentials, batch_size=500)
    StaffCompetency.objects.bulk_create(levels, batch_size=1000)
    CompetencyEvidence.objects.bulk_create(evidence, batch_size=1000)
    staff_rows = [staff for staff, _valid in new_staff]
    record_created_bulk(staff_rows, sentra_ids=[s.sentra_id for s in staff_rows], actor_label=ACTOR_LABEL)
    record_created_bulk(
        credentials, sentra_ids=[c.staff.sentra_id for c in credentials], actor_label=ACTOR_LABEL
    )
    record_created_bulk(evidence, sentra_ids=[e.staff.sentra_id for e in evidence], actor_label=ACTOR_LABEL)
    return {
        _("staff records"): len(staff_rows),
        _("credentials"): len(credentials),
        _("competency assessments"): len(evidence),
    }
