"""Demo persons for the registry: about three thousand people across the demo centres.

Deterministic (every person is drawn from a random generator seeded with the centre code and the
person's position, and the demo "today"), idempotent (a person's registration number is drawn too,
so a second run finds every record and creates nothing) and fast: records are validated with the
registration rules (``check`` + ``apply``) and written in bulk, like the CSV import, with one audit
row per record written in bulk too.

What is in it: Indonesian names from the naming customs of the region the person comes from (single
names included), valid NIKs whose district, birth date and sex match the record, some people without
a NIK with the reason (ODGJ found on the street, children not on a family card, lost documents),
the clusters each centre serves (children, elderly, disability incl. ODGJ, NAPZA, tuna sosial,
disaster victims, other PPKS), family and guardian links, and the consent ledger (a parent consents
for a child; sharing with a referral target for about half of the people).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    Relationship,
    RelationshipType,
)
from sentra.beneficiaries.rules.nik import build_nik
from sentra.beneficiaries.services.bulk import record_created_bulk
from sentra.beneficiaries.services.imports import BulkLookups
from sentra.beneficiaries.services.registration import BeneficiaryInput, apply, check
from sentra.beneficiaries.synth import person_name
from sentra.network.models import Region, RegionLevel, Sentra

ACTOR_LABEL = "demo"
# People per centre; other centres get the count of their kind.
PEOPLE_BY_CENTRE = {"pangudi-luhur-bekasi": 420, "handayani-jakarta": 220}
PEOPLE_BY_KIND = {"sentra": 70, "uptd": 45, "lks": 35}
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHANNELS = ("walk_in", "dinsos_referral", "hotline", "public_report", "court", "hospital", "outreach")
_NICKNAMES = ("Ucok", "Butet", "Asep", "Iwan", "Yanti", "Mamat", "Neng", "Otong", "Entin", "Jojo")
_STREETS = ("Jl. Melati", "Jl. Kenanga", "Jl. Merdeka", "Gg. Masjid", "Jl. Pahlawan", "Jl. Diponegoro")
_HEALTH = {
    "psychosocial": "Skizofrenia paranoid, kontrol rutin di puskesmas; obat diberikan pagi dan malam.",
    "napza": "Riwayat penggunaan metamfetamin 3 tahun; tes urine awal positif.",
    "lansia": "Hipertensi; perlu alat bantu jalan.",
}


def demo_today() -> datetime.date:
    return timezone.localdate()


@dataclass
class DemoPerson:
    """One generated person, before it is written."""

    registration_number: str
    centre_code: str
    data: BeneficiaryInput
    registered_days_ago: int
    odgj: bool = False
    guardian: tuple[str, str] | None = None  # (relationship type, name) of a parent or guardian
    relatives: list[tuple[str, str]] = field(default_factory=list)
    shares_referrals: bool = False


def registration_number(rng: random.Random) -> str:
    body = "".join(rng.choice(_ALPHABET) for _ in range(8))
    return f"PM-{body[:4]}-{body[4:]}"


def _places(centres: Iterable[Sentra]) -> dict[str, tuple[list[str], list[str]]]:
    """Villages of each centre's regency (most people) and of its province (people from further away)."""
    places: dict[str, tuple[list[str], list[str]]] = {}
    for centre in centres:
        regency = (centre.region_id or "")[:5]
        province = regency[:2]
        near = sorted(
            Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{regency}.").values_list(
                "code", flat=True
            )
        )
        far = sorted(
            Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=f"{province}.")
            .exclude(code__startswith=f"{regency}.")
            .values_list("code", flat=True)[:4000]
        )
        places[centre.code] = (near, far)
    return places


def _age_range(cluster: str) -> tuple[int, int]:
    return {"anak": (2, 17), "lansia": (60, 92)}.get(cluster, (18, 59))


def _draw(
    rng: random.Random,
    centre: Sentra,
    places: tuple[list[str], list[str]],
    today: datetime.date,
    used_niks: set[str],
) -> DemoPerson:
    number = registration_number(rng)
    clusters = list(centre.clusters) or ["ppks_lainnya"]
    cluster = rng.choice(clusters)
    near, far = places
    pool = near if near and (rng.random() < 0.8 or not far) else far
    village = rng.choice(pool) if pool else ""
    province = int((village or centre.region_id or "31")[:2])
    sex = "F" if rng.random() < 0.48 else "M"
    if cluster == "napza":
        sex = "M" if rng.random() < 0.85 else "F"
    low, high = _age_range(cluster)
    born = today - datetime.timedelta(days=rng.randrange(low * 365 + 30, high * 365 + 300))
    odgj = cluster == "disabilitas" and rng.random() < 0.35
    disabilities: list[str] = []
    if cluster == "disabilitas":
        disabilities = (
            ["psychosocial"]
            if odgj
            else [rng.choice(("seeing", "hearing", "mobility", "intellectual", "communication"))]
        )
    elif cluster == "lansia" and rng.random() < 0.3:
        disabilities = ["mobility"]
    extra = [c for c in clusters if c != cluster and rng.random() < 0.08]
    no_nik_share = {"tuna_sosial": 0.35, "anak": 0.15}.get(cluster, 0.06) + (0.45 if odgj else 0)
    nik, reason, note = "", "", ""
    estimated_age: int | None = None
    birth_date: datetime.date | None = born
    if rng.random() < no_nik_share:
        if odgj or cluster == "tuna_sosial":
            reason = rng.choice(("identity_unknown", "documents_lost", "never_registered"))
        elif cluster == "anak":
            reason = "child_not_registered"
        else:
            reason = rng.choice(("documents_lost", "never_registered"))
        if reason == "identity_unknown":
            estimated_age, birth_date = (today - born).days // 365, None
            note = "Ditemukan di jalan saat penjangkauan; belum dapat menyebutkan alamat."
    elif village:
        district = village[:8]
        serial = rng.randrange(1, 9999)
        nik = build_nik(district_code=district, birth_date=born, sex=sex, serial=serial)
        while nik in used_niks:
            serial = serial % 9999 + 1
            nik = build_nik(district_code=district, birth_date=born, sex=sex, serial=serial)
        used_niks.add(nik)
    else:
        reason = "documents_lost"
    name = (
        "Mr. X" if reason == "identity_unknown" and rng.random() < 0.15 else person_name(rng, province, sex)
    )
    aliases = [rng.choice(_NICKNAMES)] if rng.random() < 0.12 else []
    health = ""
    if odgj:
        health = _HEALTH["psychosocial"]
    elif cluster in ("napza", "lansia") and rng.random() < 0.5:
        health = _HEALTH[cluster]
    data = BeneficiaryInput(
        full_name=name,
        sex=sex,
        intake_channel="outreach" if reason == "identity_unknown" else rng.choice(_CHANNELS),
        nik=nik,
        no_nik_reason=reason,
        no_nik_note=note,
        kk_number=(nik[:6] + f"{rng.randrange(10**9, 10**10)}") if nik and rng.random() < 0.7 else "",
        aliases=aliases,
        birth_date=birth_date,
        estimated_age=estimated_age,
        birth_place="" if reason == "identity_unknown" else (centre.city or ""),
        address=""
        if reason == "identity_unknown"
        else f"{rng.choice(_STREETS)} No. {rng.randrange(1, 120)}, RT {rng.randrange(1, 15):02d}/RW "
        f"{rng.randrange(1, 12):02d}",
        region_code="" if reason == "identity_unknown" else village,
        phone=f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}"
        if rng.random() < 0.5
        else "",
        clusters=[cluster, *extra],
        disability_types=disabilities,
        health_notes=health,
        dtks_reference=f"DTSEN-{rng.randrange(10**9, 10**10)}" if nik and rng.random() < 0.3 else "",
        dtks_snapshot_date=datetime.date(today.year, 1, 1) - datetime.timedelta(days=90)
        if nik and rng.random() < 0.3
        else None,
    )
    if data.dtks_reference and data.dtks_snapshot_date is None:
        data = _with(data, dtks_snapshot_date=today - datetime.timedelta(days=120))
    if data.dtks_snapshot_date is not None and not data.dtks_reference:
        data = _with(data, dtks_snapshot_date=None)
    person = DemoPerson(
        registration_number=number,
        centre_code=centre.code,
        data=data,
        # Registered after birth, within the last three years.
        registered_days_ago=rng.randrange(5, max(6, min(3 * 365, (today - born).days - 1))),
        odgj=odgj,
        shares_referrals=rng.random() < 0.5,
    )
    family_name = person_name(rng, province, "F")
    if cluster == "anak":
        person.guardian = (RelationshipType.MOTHER, family_name)
    elif odgj or (cluster == "lansia" and rng.random() < 0.4):
        person.guardian = (RelationshipType.SIBLING if odgj else RelationshipType.CHILD, family_name)
    if rng.random() < 0.3:
        person.relatives.append(
            (RelationshipType.SPOUSE, person_name(rng, province, "F" if sex == "M" else "M"))
        )
    return person


def _with(data: BeneficiaryInput, **changes: object) -> BeneficiaryInput:
    from dataclasses import replace

    return replace(data, **changes)  # type: ignore[arg-type]


def plan_people(centres: dict[str, Sentra], today: datetime.date) -> list[DemoPerson]:
    """Everyone the demo registers, the same list for the same centres and day."""
    places = _places(centres.values())
    used: set[str] = set()
    people: list[DemoPerson] = []
    for code in sorted(centres):
        centre = centres[code]
        count = PEOPLE_BY_CENTRE.get(code, PEOPLE_BY_KIND.get(centre.kind, 40))
        for index in range(count):
            rng = random.Random(f"sentra-demo:{code}:{index}")  # noqa: S311 - demo data, not secrets
            people.append(_draw(rng, centre, places[code], today, used))
    return people


def audit_created(
    instances: Sequence[models.Model], *, sentra_ids: Sequence[int | None], actor_label: str = ACTOR_LABEL
) -> int:
    return record_created_bulk(instances, sentra_ids=sentra_ids, actor_label=actor_label)


def _write_people(
    people: list[DemoPerson], centres: dict[str, Sentra], today: datetime.date
) -> list[Beneficiary]:
    lookups = BulkLookups(today)
    lookups.load(
        {person.data.region_code for person in people if person.data.region_code},
        {
            person.data.nik[:2] + "." + person.data.nik[2:4] + "." + person.data.nik[4:6]
            for person in people
            if person.data.nik
        },
    )
    bulk = lookups.as_lookups()
    records: list[Beneficiary] = []
    for person in people:
        checked = check(person.data, today, bulk)
        if checked.errors:  # a generator bug: fail loudly rather than seed a record the rules refuse
            raise ValueError(f"demo person {person.registration_number}: {checked.errors}")
        beneficiary = Beneficiary(
            registered_sentra=centres[person.centre_code], registration_number=person.registration_number
        )
        apply(beneficiary, person.data, checked, today)
        records.append(beneficiary)
    Beneficiary.objects.bulk_create(records, batch_size=500)
    # bulk_create stamps "registered at" with now; the demo spreads registrations over three years.
    saved = {
        b.registration_number: b
        for b in Beneficiary.objects.filter(registration_number__in=[r.registration_number for r in records])
    }
    now = timezone.now()
    created: list[Beneficiary] = []
    for person, record in zip(people, records, strict=True):
        stored = saved[record.registration_number]
        stored.created_at = now - datetime.timedelta(
            days=person.registered_days_ago, hours=person.registered_days_ago % 9
        )
        created.append(stored)
    Beneficiary.objects.bulk_update(created, ["created_at"], batch_size=500)
    audit_created(created, sentra_ids=[b.registered_sentra_id for b in created])
    return created


def _write_family_and_consents(
    people: list[DemoPerson], records: list[Beneficiary], today: datetime.date
) -> tuple[int, int]:
    links: list[Relationship] = []
    for person, record in zip(people, records, strict=True):
        if person.guardian is not None:
            kind, name = person.guardian
            links.append(
                Relationship(
                    beneficiary=record,
                    person_name=name,
                    relationship_type=kind,
                    is_guardian=True,
                    person_phone=f"0812{record.pk % 10_000_000:08d}",
                )
            )
        for kind, name in person.relatives:
            links.append(Relationship(beneficiary=record, person_name=name, relationship_type=kind))
    Relationship.objects.bulk_create(links, batch_size=500)
    saved_links = list(Relationship.objects.filter(beneficiary__in=records, is_guardian=True))
    guardians = {link.beneficiary_id: link for link in saved_links}
    all_links = list(Relationship.objects.filter(beneficiary__in=records))
    centre_of = {record.pk: record.registered_sentra_id for record in records}
    audit_created(all_links, sentra_ids=[centre_of[link.beneficiary_id] for link in all_links])
    consents: list[Consent] = []
    for person, record in zip(people, records, strict=True):
        registered = timezone.localdate(record.created_at)
        guardian = guardians.get(record.pk)
        child = (record.age_on(registered) or 0) < 18
        needs_guardian = child or person.odgj
        if needs_guardian and guardian is None:
            continue
        giver = ConsentGiver.SELF
        if needs_guardian:
            assert guardian is not None
            giver = (
                ConsentGiver.PARENT
                if guardian.relationship_type == RelationshipType.MOTHER
                else ConsentGiver.GUARDIAN
            )
        purposes = [ConsentPurpose.SERVICES] + (
            [ConsentPurpose.REFERRAL_SHARING] if person.shares_referrals else []
        )
        for purpose in purposes:
            consents.append(
                Consent(
                    beneficiary=record,
                    purpose=purpose,
                    given_by=giver,
                    guardian=guardian if giver != ConsentGiver.SELF else None,
                    giver_name=guardian.person_name
                    if guardian is not None and giver != ConsentGiver.SELF
                    else record.full_name,
                    method=ConsentMethod.WRITTEN,
                    accessible_format="Dibacakan dalam bahasa daerah" if person.odgj else "",
                    given_on=min(registered, today),
                )
            )
    Consent.objects.bulk_create(consents, batch_size=500)
    stored = list(Consent.objects.filter(beneficiary__in=records))
    audit_created(stored, sentra_ids=[centre_of[consent.beneficiary_id] for consent in stored])
    return len(all_links), len(stored)


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    """Register the demo people not registered yet (all of them on the first run, none after)."""
    today = demo_today()
    people = plan_people(centres, today)
    existing = set(
        Beneficiary.objects.filter(
            registration_number__in=[p.registration_number for p in people]
        ).values_list("registration_number", flat=True)
    )
    missing = [person for person in people if person.registration_number not in existing]
    if not missing:
        return {_("beneficiaries"): 0}
    records = _write_people(missing, centres, today)
    links, consents = _write_family_and_consents(missing, records, today)
    return {_("beneficiaries"): len(records), _("family and guardian links"): links, _("consents"): consents}
