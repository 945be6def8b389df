"""Demo casework for the registry's demo people: cases at every ATENSI stage and what hangs off them.

Runs after ``sentra.beneficiaries.demo``. For each demo person, a generator seeded with the person's
registration number decides whether they have a case and how far it went: stage transitions with
their reasons (the assessment summary before planning), plan versions (approved by the centre
head), services delivered under the seven ATENSI components, progress notes, the tasks the case
rules derive (many due this week, some overdue), referrals to other centres and outside services
(accepted, declined, awaiting an answer; accepted ones opened as a case at the receiver), rooms and
residential stays, and the waiting list. People registered without a NIK get the "pursue
documentation" task.

Centres other than the two with demo accounts get a few staff records (case managers, a psychologist,
a centre head) without a password: they are the colleagues the cases belong to, not sign-in accounts.

Deterministic for the same day; idempotent (a person who already has a case is skipped, and the
staff, rooms and tasks are looked up before they are made); bulk writes with one audit row per record.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.demo import audit_created, demo_today, plan_people
from sentra.beneficiaries.models import Beneficiary, Consent, ConsentPurpose
from sentra.cases.demo.casework import PROBLEMS, CaseWriter, weighted_stage
from sentra.cases.demo.places import documentation_tasks, rooms, waiting
from sentra.cases.demo.staff import Numbers, manager_for, staff_records
from sentra.cases.models import Case, Stage
from sentra.network.models import Sentra, ServiceComponent, ServiceSubtype


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    today = demo_today()
    people = plan_people(centres, today)
    by_number = {
        b.registration_number: b
        for b in Beneficiary.objects.filter(registration_number__in=[p.registration_number for p in people])
    }
    has_case = set(
        Case.objects.filter(beneficiary__in=by_number.values()).values_list("beneficiary_id", flat=True)
    )
    staff, staff_created = staff_records(centres)
    counts: dict[str, int] = {_("demo staff records"): staff_created}
    components = {c.number: c for c in ServiceComponent.objects.all()}
    subtypes: dict[int, list[ServiceSubtype]] = {}
    for subtype in ServiceSubtype.objects.order_by("code"):
        subtypes.setdefault(subtype.component_id, []).append(subtype)
    consents = {
        c.beneficiary_id: c
        for c in Consent.objects.filter(
            beneficiary__in=by_number.values(),
            purpose=ConsentPurpose.REFERRAL_SHARING,
            withdrawn_on__isnull=True,
        )
    }
    counts[_("rooms")] = rooms(centres)
    counts[_("pursue-documentation tasks")] = documentation_tasks(by_number.values(), staff, centres, today)
    numbers = Numbers()
    plans: list[tuple[Case, random.Random, str, str]] = []
    cases: list[Case] = []
    receivers = [c for c in centres.values() if c.kind in ("sentra", "uptd", "lks")]
    for person in people:
        beneficiary = by_number.get(person.registration_number)
        if beneficiary is None or beneficiary.pk in has_case:
            continue
        rng = random.Random(f"sentra-demo-case:{person.registration_number}")  # noqa: S311 - demo data
        centre = centres[person.centre_code]
        if rng.random() < 0.12 or not staff[centre.code].managers:
            continue  # registered, no case yet (some wait for a place)
        target = weighted_stage(rng)
        registered = timezone.localdate(beneficiary.created_at)
        if target in (Stage.PENDEKATAN_AWAL, Stage.ASESMEN):
            opened = max(registered, today - datetime.timedelta(days=rng.randrange(1, 12)))
        else:
            opened = registered + datetime.timedelta(days=rng.randrange(0, 6))
        opened = min(opened, today)
        if target not in (Stage.PENDEKATAN_AWAL, Stage.ASESMEN) and (today - opened).days < 60:
            target = Stage.ASESMEN
        settings_offered = list(centre.settings_offered) or ["community"]
        setting = rng.choice(settings_offered)
        case = Case(
            case_number=numbers.next(centre.pk, opened.year),
            beneficiary=beneficiary,
            sentra=centre,
            case_manager=manager_for(rng, staff[centre.code]),
            setting=setting,
            cluster=beneficiary.clusters[0] if beneficiary.clusters else "ppks_lainnya",
            presenting_problem=PROBLEMS.get(beneficiary.clusters[0] if beneficiary.clusters else "", ""),
            opened_on=opened,
            stage=Stage.PENDEKATAN_AWAL,
        )
        cases.append(case)
        plans.append((case, rng, target, person.registration_number))
    Case.objects.bulk_create(cases, batch_size=500)
    numbers.save()
    saved = {c.case_number: c for c in cases}  # bulk_create set their ids
    audit_created(cases, sentra_ids=[c.sentra_id for c in cases])
    counts[_("cases")] = len(cases)
    writer = CaseWriter(today, staff, components, subtypes)
    for case, rng, target, _number in plans:
        stored = saved[case.case_number]
        writer.build(stored, rng, target)
        consent = consents.get(stored.beneficiary_id)
        if (
            consent is not None
            and stored.stage in (Stage.INTERVENSI, Stage.MONITORING_EVALUASI)
            and rng.random() < 0.25
        ):
            writer.refer(stored, rng, consent, receivers, centres, numbers)
    numbers.save()
    counts.update(writer.save())
    counts[_("waiting-list entries")] = waiting(
        by_number.values(), has_case | {c.beneficiary_id for c in cases}, staff, centres, components, today
    )
    return counts
