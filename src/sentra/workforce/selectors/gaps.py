"""Gap analysis per centre and nationally, and the skills readiness the quality scorecard reads."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from sentra.network.models import Sentra
from sentra.placement.rules.geo import haversine_km
from sentra.workforce.models import Credential, StaffMember, StaffProfession
from sentra.workforce.rules import caseload as caseload_rules
from sentra.workforce.rules import gaps as rules
from sentra.workforce.rules.credentials import CERTIFICATE, STR
from sentra.workforce.rules.standards import Standards, default_standards
from sentra.workforce.selectors.caseload import complexities_by_user
from sentra.workforce.selectors.facts import (
    active_staff,
    credentials_of,
    framework,
    levels_of,
    open_cases,
    waiting_people,
)

GapReport = rules.GapReport


@dataclass(frozen=True, slots=True)
class SkillsReadiness:
    """Shares in 0..1 (None when not computable) for the quality readiness scorecard."""

    profession_need_met_share: float | None
    competency_need_met_share: float | None
    credentials_valid_share: float | None


@dataclass
class _CentreInputs:
    beneficiaries: list[rules.BeneficiaryDemand]
    staff: list[StaffMember]
    facts: list[rules.StaffFacts]
    credentials: dict[int, list[Credential]]


def _inputs(centre_ids: list[int], day: datetime.date, standards: Standards) -> dict[int, _CentreInputs]:
    cases = open_cases(centre_ids)
    staff = active_staff(centre_ids, day)
    levels = levels_of(member.pk for member in staff)
    credentials = credentials_of(member.pk for member in staff)
    loads = complexities_by_user(cases)
    serves: dict[int, set[int]] = defaultdict(set)
    demand: dict[int, dict[int, rules.BeneficiaryDemand]] = defaultdict(dict)
    for case in cases:
        for user_id in {case.case_manager_id, *case.team_user_ids}:
            serves[user_id].add(case.beneficiary_id)
        demand[case.sentra_id][case.beneficiary_id] = rules.BeneficiaryDemand(
            id=case.beneficiary_id,
            cluster=case.cluster,
            needs=frozenset(case.needs),
            professions=frozenset(case.professions),
        )
    # People on the waiting list are demand too (issue 5: the staff a centre needs for the people it
    # serves and those waiting to be served); someone with an open case already counts once.
    for waiting in waiting_people(centre_ids):
        demand[waiting.sentra_id].setdefault(
            waiting.beneficiary_id,
            rules.BeneficiaryDemand(
                id=waiting.beneficiary_id,
                cluster=waiting.cluster,
                needs=frozenset(waiting.needs),
                professions=frozenset(waiting.professions),
            ),
        )
    found = {centre_id: _CentreInputs([], [], [], {}) for centre_id in centre_ids}
    for centre_id, people in demand.items():
        found[centre_id].beneficiaries = sorted(people.values(), key=lambda b: b.id)
    for member in staff:
        load = caseload_rules.staff_load(
            staff_id=member.pk,
            profession=member.profession,
            complexities=loads.get(member.user_id, []) if member.user_id else [],
            standard=standards.for_profession(member.profession),
            idle_below_share=standards.idle_below_share,
        )
        entry = found[member.sentra_id]
        entry.staff.append(member)
        entry.credentials[member.pk] = credentials.get(member.pk, [])
        entry.facts.append(
            rules.StaffFacts(
                id=member.pk,
                profession=member.profession,
                levels=levels.get(member.pk, {}),
                serves=frozenset(serves.get(member.user_id, set())) if member.user_id else frozenset(),
                overloaded=load.status == caseload_rules.OVERLOADED,
            )
        )
    return found


def _expiring(
    credentials: dict[int, list[Credential]], day: datetime.date, horizon: int
) -> list[rules.ExpiringCredential]:
    """Credentials expiring within ``horizon`` days or already expired, unless a newer one of the same
    kind is valid (someone who registered a new STR is not short of one)."""
    found = []
    for staff_id, rows in credentials.items():
        valid_kinds = {(c.kind, c.name) for c in rows if c.is_valid_on(day)}
        for credential in rows:
            if credential.revoked_on is not None or credential.expires_on is None:
                continue
            days_left = (credential.expires_on - day).days
            if days_left > horizon:
                continue
            if days_left < 0 and (credential.kind, credential.name) in valid_kinds:
                continue
            found.append(
                rules.ExpiringCredential(
                    credential.pk, staff_id, credential.kind, credential.expires_on, days_left
                )
            )
    return found


def _nearby(centre_ids: Iterable[int], within_km: float) -> dict[int, list[tuple[int, float]]]:
    """For each centre: the other active centres within reach, with their distance."""
    located = {
        row[0]: (float(row[1]), float(row[2]))
        for row in Sentra.objects.filter(
            is_active=True, latitude__isnull=False, longitude__isnull=False
        ).values_list("pk", "latitude", "longitude")
    }
    found: dict[int, list[tuple[int, float]]] = {}
    for centre_id in centre_ids:
        here = located.get(centre_id)
        found[centre_id] = []
        if here is None:
            continue
        for other_id, there in located.items():
            if other_id == centre_id:
                continue
            distance = haversine_km(here[0], here[1], there[0], there[1])
            if distance <= within_km:
                found[centre_id].append((other_id, round(distance, 1)))
    return found


def gap_reports(
    centre_ids: Iterable[int], *, today: datetime.date | None = None
) -> dict[int, rules.GapReport]:
    """Unscoped (authorise the centres first): one report per centre, in one pass over the data.

    Sharing suggestions look at centres within the standards' ``share_within_km`` that have more of a
    profession on post than their own beneficiaries need.
    """
    day = today or timezone.localdate()
    standards = default_standards()
    wanted = list(dict.fromkeys(centre_ids))
    nearby = _nearby(wanted, standards.share_within_km)
    pool = sorted(set(wanted) | {other for others in nearby.values() for other, _km in others})
    inputs = _inputs(pool, day, standards)
    specs = framework()
    spare: dict[int, dict[str, int]] = {}
    for centre_id in pool:
        gaps = rules.profession_gaps(inputs[centre_id].beneficiaries, inputs[centre_id].facts, standards)
        spare[centre_id] = {gap.profession: gap.surplus for gap in gaps if gap.surplus > 0}
    horizon = max(standards.expiry_alert_days)
    reports = {}
    for centre_id in wanted:
        entry = inputs[centre_id]
        reports[centre_id] = rules.gap_report(
            centre_id=centre_id,
            beneficiaries=entry.beneficiaries,
            staff=entry.facts,
            framework=specs,
            standards=standards,
            expiring=_expiring(entry.credentials, day, horizon),
            neighbours=[
                rules.Neighbour(other, km, spare.get(other, {})) for other, km in nearby.get(centre_id, [])
            ],
        )
    return reports


def gap_report(centre_id: int, *, today: datetime.date | None = None) -> rules.GapReport:
    """Unscoped: authorise the centre first (or use ``access.gap_report_for``)."""
    return gap_reports([centre_id], today=today)[centre_id]


def national_gap_report(*, today: datetime.date | None = None) -> list[rules.GapReport]:
    """Every active centre's report. Carries staff ids: show national readers only the counts."""
    ids = list(Sentra.objects.filter(is_active=True).order_by("name").values_list("pk", flat=True))
    reports = gap_reports(ids, today=today)
    return [reports[centre_id] for centre_id in ids]


def _credentials_in_order(member: StaffMember, rows: list[Credential], day: datetime.date) -> bool | None:
    """Whether someone's credentials are in order today; None when their post needs none and they hold none.

    A pekerja sosial needs a valid sertifikat kompetensi and a valid STR (UU 14/2019 Ps 1, 28);
    anyone else who holds credentials needs every one of them in date (a renewed one counts).
    """
    if member.profession == StaffProfession.PEKERJA_SOSIAL:
        valid = {c.kind for c in rows if c.is_valid_on(day)}
        return CERTIFICATE in valid and STR in valid
    held = [c for c in rows if c.revoked_on is None]
    if not held:
        return None
    latest: dict[tuple[str, str], Credential] = {}
    for credential in held:
        key = (credential.kind, credential.name)
        current = latest.get(key)
        if current is None or (credential.expires_on or datetime.date.max) > (
            current.expires_on or datetime.date.max
        ):
            latest[key] = credential
    return all(credential.is_valid_on(day) for credential in latest.values())


def skills_readiness(centre_id: int, *, today: datetime.date | None = None) -> SkillsReadiness | None:
    """None when the centre has no active staff records; otherwise the three shares (each may be None)."""
    day = today or timezone.localdate()
    staff = active_staff([centre_id], day)
    if not staff:
        return None
    report = gap_report(centre_id, today=day)
    credentials = credentials_of(member.pk for member in staff)
    verdicts = [_credentials_in_order(member, credentials.get(member.pk, []), day) for member in staff]
    bearers = [verdict for verdict in verdicts if verdict is not None]
    shares = rules.readiness(
        report,
        credential_bearers=len(bearers),
        credential_bearers_valid=sum(1 for verdict in bearers if verdict),
    )
    return SkillsReadiness(
        profession_need_met_share=shares.profession_need_met_share,
        competency_need_met_share=shares.competency_need_met_share,
        credentials_valid_share=shares.credentials_valid_share,
    )
