"""Demo assessments for the demo cases: instruments by cluster, follow-ups that show change, needs.

Runs after ``sentra.cases.demo``. For open cases past the first contact, a generator seeded with the
person's registration number picks what a centre would administer: the ATENSI initial assessment
for everyone, the PHQ-9 (a few with item 9 above 0, which raises the urgent alert), the Barthel
Index for older people, the WG-SS for persons with disabilities (device needs follow), the K10 for
NAPZA clients, and a reassessment every three months for cases in intervention or monitoring whose
scores mostly improve; then the reassessments now due. Everything is written through
``services.assessment_record_system``, so the scores, needs and alerts are exactly what the engine
gives.

Deterministic for the same day; idempotent (a person who already has an assessment is skipped).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.assessments.models import Alert, Assessment, Need
from sentra.assessments.services import assessment_record_system, reminders_raise
from sentra.beneficiaries.demo import demo_today
from sentra.cases.models import Case, Stage
from sentra.core.models import Profession, User
from sentra.network.models import Sentra

ACTOR_LABEL = "demo"
# Cases per centre that get assessments: the demo centres fully, the others a sample (keeps it fast).
PER_CENTRE = {"pangudi-luhur-bekasi": 70, "handayani-jakarta": 45}
PER_OTHER_CENTRE = 3
FOLLOW_UP = datetime.timedelta(days=91)
ASSESSED_STAGES = (Stage.ASESMEN, Stage.PERENCANAAN, Stage.INTERVENSI, Stage.MONITORING_EVALUASI)
FOLLOWED_STAGES = (Stage.INTERVENSI, Stage.MONITORING_EVALUASI)


def _phq9(rng: random.Random, level: float) -> dict[str, int]:
    """Nine answers around ``level`` (0..3 average points)."""
    answers = {str(n): max(0, min(3, round(rng.gauss(level, 0.7)))) for n in range(1, 9)}
    answers["9"] = 0
    return answers


def _barthel(rng: random.Random, dependency: float) -> dict[str, int]:
    options = {
        "1": (0, 5, 10), "2": (0, 5), "3": (0, 5), "4": (0, 5, 10), "5": (0, 5, 10),
        "6": (0, 5, 10), "7": (0, 5, 10), "8": (0, 5, 10, 15), "9": (0, 5, 10, 15), "10": (0, 5, 10),
    }  # fmt: skip
    return {
        item: values[
            max(0, min(len(values) - 1, round((1 - dependency) * (len(values) - 1) + rng.gauss(0, 0.6))))
        ]
        for item, values in options.items()
    }


def _k10(rng: random.Random, level: float) -> dict[str, int]:
    return {str(n): max(1, min(5, round(rng.gauss(level, 0.8)))) for n in range(1, 11)}


def _wgss(rng: random.Random) -> dict[str, int]:
    answers = {str(n): 1 if rng.random() < 0.7 else 2 for n in range(1, 7)}
    answers[str(rng.choice((1, 2, 3, 3, 5)))] = rng.choice((3, 4))
    return answers


def _atensi_initial(rng: random.Random, cluster: str) -> dict[str, int]:
    numbers = ("1", "2", "3", "4", "6", "8", "10", "11", "13", "14", "15", "16", "23", "24", "25", "26")
    answers = {n: rng.choice((0, 0, 1, 1, 2)) for n in numbers}
    for risk in ("23", "24", "25", "26"):
        answers[risk] = 0 if rng.random() < 0.9 else rng.choice((1, 2))
    if cluster == "napza":
        answers["8"] = rng.choice((2, 3))
    if cluster in ("lansia", "disabilitas"):
        answers["2"], answers["3"] = rng.choice((1, 2, 3)), rng.choice((1, 2, 3))
    return answers


def _plan(
    case: Case, rng: random.Random, today: datetime.date
) -> list[tuple[str, dict[str, Any], datetime.date]]:
    """(instrument, answers or {"form": ...} parameters folded in, date) to record, oldest first."""
    start = case.opened_on + datetime.timedelta(days=rng.randrange(1, 6))
    if start > today:
        return []
    follow_ups: list[datetime.date] = []
    if case.stage in FOLLOWED_STAGES:
        when = start + FOLLOW_UP
        while when <= today and len(follow_ups) < 3:
            follow_ups.append(when)
            when += FOLLOW_UP
    plans: list[tuple[str, dict[str, Any], datetime.date]] = [
        ("atensi", {"answers": _atensi_initial(rng, case.cluster), "parameters": {"form": "initial"}}, start)
    ]
    level = rng.uniform(0.4, 2.4)
    phq9 = _phq9(rng, level)
    if rng.random() < 0.05:
        phq9["9"] = rng.choice((1, 2))
    plans.append(("phq9", {"answers": phq9}, start))
    for index, when in enumerate(follow_ups, start=1):
        # Most improve with the service; some do not.
        change = rng.choice((-0.5, -0.4, -0.3, -0.2, 0.0, 0.2))
        plans.append(("phq9", {"answers": _phq9(rng, max(0.0, level + change * index))}, when))
    if case.cluster == "lansia":
        dependency = rng.uniform(0.1, 0.9)
        plans.append(("barthel", {"answers": _barthel(rng, dependency)}, start))
        for index, when in enumerate(follow_ups, start=1):
            plans.append(("barthel", {"answers": _barthel(rng, max(0.0, dependency - 0.08 * index))}, when))
    if case.cluster == "disabilitas":
        plans.append(("wgss", {"answers": _wgss(rng)}, start))
    if case.cluster == "napza":
        k10_level = rng.uniform(2.0, 4.2)
        plans.append(("k10", {"answers": _k10(rng, k10_level)}, start))
        for index, when in enumerate(follow_ups, start=1):
            plans.append(("k10", {"answers": _k10(rng, max(1.0, k10_level - 0.4 * index))}, when))
    return sorted(plans, key=lambda entry: entry[2])


def _psychologists(centres: dict[str, Sentra]) -> dict[int, User]:
    found: dict[int, User] = {}
    for user in (
        User.objects.filter(
            profession=Profession.PSIKOLOG, is_active=True, memberships__sentra__in=centres.values()
        )
        .order_by("pk")
        .prefetch_related("memberships")
    ):
        for membership in user.memberships.all():
            found.setdefault(membership.sentra_id, user)
    return found


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    today = demo_today()
    before = (Assessment.objects.count(), Need.objects.count(), Alert.objects.count())
    assessed = set(Assessment.objects.values_list("beneficiary_id", flat=True).distinct())
    psychologists = _psychologists(centres)
    for code, centre in sorted(centres.items()):
        limit = PER_CENTRE.get(code, PER_OTHER_CENTRE)
        cases = (
            Case.objects.filter(sentra=centre, closed_on__isnull=True, stage__in=ASSESSED_STAGES)
            .select_related("beneficiary", "case_manager")
            .order_by("case_number")[:limit]
        )
        for case in cases:
            if case.beneficiary_id in assessed:
                continue
            assessed.add(case.beneficiary_id)
            rng = random.Random(f"sentra-demo-assessment:{case.beneficiary.registration_number}")  # noqa: S311
            for instrument, spec, when in _plan(case, rng, today):
                assessor = (
                    psychologists.get(centre.pk, case.case_manager)
                    if instrument in ("phq9", "k10")
                    else case.case_manager
                )
                moment = timezone.make_aware(
                    datetime.datetime.combine(when, datetime.time(10, rng.randrange(60)))
                )
                assessment_record_system(
                    beneficiary=case.beneficiary,
                    assessor=assessor,
                    sentra_id=centre.pk,
                    instrument=instrument,
                    answers=spec["answers"],
                    parameters=spec.get("parameters"),
                    case=case,
                    assessed_at=min(moment, timezone.now()),
                    label=ACTOR_LABEL,
                )
    after = (Assessment.objects.count(), Need.objects.count(), Alert.objects.count())
    return {
        _("assessments"): after[0] - before[0],
        _("recommended services"): after[1] - before[1],
        _("urgent alerts"): after[2] - before[2],
        # What the daily job would have put on the due list by now.
        _("reassessment reminders"): reminders_raise(label=ACTOR_LABEL),
    }
