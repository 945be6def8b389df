"""The cases app's part of a data-subject access export (see ``beneficiaries.services.subject_export``).

Every case of the person that the handler may see, and what hangs off it: stage history, plans with
goals and planned services, services delivered, assistance, notes, attachments (described, not the
files), referrals and transfers, residential stays with home leaves, tasks and the waiting list.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.services.subject_export import SubjectSection, log_key, record_of
from sentra.cases.models import (
    Attachment,
    Case,
    CaseConference,
    CasePlan,
    HomeLeave,
    ProgressNote,
    Referral,
    ResidentialStay,
    ServiceDelivery,
    SocialAssistance,
    StageTransition,
    Task,
    Transfer,
    WaitingListEntry,
)
from sentra.core.models import User


def _section(key: str, title: str, rows: Any, *, exclude: tuple[str, ...] = ()) -> SubjectSection:
    section = SubjectSection(key, title)
    for row in rows:
        section.records.append(record_of(row, exclude=exclude))
        section.log_objects.append(log_key(row))
    return section


def subject_sections(*, beneficiary: Beneficiary, actor: User) -> list[SubjectSection]:
    cases = list(
        Case.objects.visible_to(actor)
        .filter(beneficiary=beneficiary)
        .select_related("sentra", "case_manager", "referral_source", "created_by")
        .order_by("opened_on", "id")
    )
    in_cases = {"case__in": cases}
    plans = SubjectSection("case_plans", str(_("Case plans")))
    for plan in CasePlan.objects.filter(**in_cases).select_related("case", "created_by", "approved_by"):
        record = record_of(plan)
        record["goals"] = [record_of(goal, exclude=("plan",)) for goal in plan.goals.all()]
        record["services"] = [
            record_of(service, exclude=("plan",))
            for service in plan.services.select_related("component", "subtype", "responsible")
        ]
        plans.records.append(record)
        plans.log_objects.append(log_key(plan))
    stays = list(
        ResidentialStay.objects.filter(**in_cases).select_related("case", "sentra", "room", "admitted_by")
    )
    tasks = Task.objects.visible_to(actor).filter(Q(case__in=cases) | Q(beneficiary=beneficiary))
    return [
        _section("cases", str(_("Cases")), cases),
        _section(
            "stage_transitions",
            str(_("Stage history")),
            StageTransition.objects.filter(**in_cases).select_related("case", "by", "assessment_note"),
        ),
        plans,
        _section(
            "conferences",
            str(_("Case conferences")),
            CaseConference.objects.filter(**in_cases).select_related("case", "recorded_by"),
        ),
        _section(
            "services_delivered",
            str(_("Services delivered")),
            ServiceDelivery.objects.filter(**in_cases).select_related(
                "case", "provider", "component", "subtype", "planned_service", "recorded_by"
            ),
        ),
        _section(
            "assistance",
            str(_("Social assistance")),
            SocialAssistance.objects.filter(**in_cases).select_related("case", "recorded_by"),
        ),
        _section(
            "notes",
            str(_("Notes")),
            ProgressNote.objects.filter(**in_cases).select_related("case", "written_by"),
        ),
        _section(
            "attachments",
            str(_("Attachments")),
            Attachment.objects.filter(**in_cases).select_related("case", "uploaded_by"),
            exclude=("file",),
        ),
        _section(
            "referrals",
            str(_("Referrals")),
            Referral.objects.filter(**in_cases).select_related(
                "case", "from_sentra", "to_sentra", "consent", "sent_by", "responded_by"
            ),
        ),
        _section(
            "transfers",
            str(_("Transfers")),
            Transfer.objects.filter(**in_cases).select_related(
                "case", "from_sentra", "to_sentra", "requested_by", "responded_by"
            ),
        ),
        _section("residential_stays", str(_("Residential stays")), stays),
        _section(
            "home_leaves",
            str(_("Home leave")),
            HomeLeave.objects.filter(stay__in=stays).select_related("stay", "recorded_by"),
        ),
        _section(
            "tasks", str(_("Tasks")), tasks.select_related("case", "sentra", "assigned_to", "completed_by")
        ),
        _section(
            "waiting_list",
            str(_("Waiting list")),
            WaitingListEntry.objects.visible_to(actor)
            .filter(beneficiary=beneficiary)
            .select_related("sentra", "component", "added_by", "case"),
        ),
    ]


def on_subject_data_collected(
    sender: Any, *, beneficiary: Beneficiary, actor: User, **kwargs: Any
) -> list[SubjectSection]:
    return subject_sections(beneficiary=beneficiary, actor=actor)
